import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadAclSources, loadIntegrationDeclarations } from '../../../src/adapters/config-files/config-file-set';
import { AesGcmSecretCipher } from '../../../src/adapters/crypto/aes-gcm-secret-cipher';
import { ConfigFilesError } from '../../../src/application/config-sync/config-sync.errors';
import { AclResourceTree } from '../../../src/domain/acl/acl-resource-tree';
import { type ConfigSyncSummary } from '../../../src/application/config-sync/sync-config-integrations.use-case';
import { createPortcullis, type Portcullis } from '../../../src/infrastructure/create-portcullis';
import { recreateMysqlDatabase } from '../../../src/infrastructure/tools/migration-tool';
import { describeMysql, mysqlAvailable } from '../../integration/persistence/backends';
import { fastPasswordHasher } from '../../support/deterministic-ports';
import { rejectionFrom } from '../../support/errors';

/*
 * Configuration as code end to end: declaration files in the three formats (Magento integration.xml,
 * the legacy config.xml + api.xml pair, JSON) read from disk by globs, against the merged Magento
 * ACL tree of test/fixtures/magento-acl, synced into SQLite and MariaDB through the embedded facade.
 */

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const PATTERNS = ['app/code/*/etc/integration.xml', 'app/code/*/etc/integration/*.xml', 'config/*.json'];

interface Declared {
  readonly email: string;
  readonly endpoint?: string;
  readonly identityLinkUrl?: string;
  readonly resources: readonly string[];
}

const resourcesXml = (resources: readonly string[], indent: string): string =>
  resources.length === 0 ? '' : `${indent}<resources>\n${resources.map((id) => `${indent}    <resource name="${id}" />`).join('\n')}\n${indent}</resources>\n`;

/** etc/integration.xml of a module, as Magento's documentation writes it. */
function integrationXml(name: string, d: Declared): string {
  return `<?xml version="1.0"?>
<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Integration:etc/integration/integration.xsd">
    <integration name="${name}">
        <email>${d.email}</email>
${d.endpoint !== undefined ? `        <endpoint_url>${d.endpoint}</endpoint_url>\n` : ''}${d.identityLinkUrl !== undefined ? `        <identity_link_url>${d.identityLinkUrl}</identity_link_url>\n` : ''}${resourcesXml(d.resources, '        ')}    </integration>
</config>
`;
}

/** The deprecated pair etc/integration/config.xml + api.xml. */
function legacyPair(name: string, d: Declared): { config: string; api: string } {
  return {
    config: `<?xml version="1.0"?>
<integrations>
    <integration name="${name}">
        <email>${d.email}</email>
${d.endpoint !== undefined ? `        <endpoint_url>${d.endpoint}</endpoint_url>\n` : ''}${d.identityLinkUrl !== undefined ? `        <identity_link_url>${d.identityLinkUrl}</identity_link_url>\n` : ''}    </integration>
</integrations>
`,
    api: `<?xml version="1.0"?>
<integrations>
    <integration name="${name}">
${resourcesXml(d.resources, '        ')}    </integration>
</integrations>
`,
  };
}

function jsonDeclaration(name: string, d: Declared): string {
  return `${JSON.stringify(
    { integrations: [{ name, email: d.email, ...(d.endpoint !== undefined ? { endpointUrl: d.endpoint } : {}), resources: d.resources }] },
    null,
    2,
  )}\n`;
}

const ERP: Declared = { email: 'erp@vendor.example', resources: ['Magento_Customer::manage', 'Magento_Sales::capture'] };
const LEGACY: Declared = { email: 'legacy@vendor.example', resources: ['Magento_Catalog::products'] };
const FEED: Declared = { email: 'feed@vendor.example', resources: ['Magento_Sales::sales_order'] };

/** A Magento-like code base in a temporary directory, and Portcullis on the given database. */
async function harness(kind: 'sqlite' | 'mysql') {
  const root = mkdtempSync(join(tmpdir(), 'portcullis-config-sync-'));
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  let databaseUrl = `sqlite:${join(root, 'portcullis.sqlite')}`;
  if (kind === 'mysql') {
    if (!mysqlAvailable()) throw new Error(`MySQL is required but did not answer: ${process.env.PORTCULLIS_TEST_MYSQL_ERROR ?? 'unknown error'}`);
    databaseUrl = (process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_test').replace(/\/[^/]*$/, '/portcullis_test_config_sync');
    await recreateMysqlDatabase(databaseUrl);
  }
  const { sources } = loadAclSources([join(FIXTURES, 'magento-acl', '*', 'etc', 'acl.xml')], root);
  const secretKey = AesGcmSecretCipher.generateKey().toString('hex');
  const portcullis: Portcullis = await createPortcullis({
    database: { url: databaseUrl },
    dataDir: root,
    secretKey,
    aclResources: sources,
    passwordHasher: fastPasswordHasher(),
    // No read cache: a revoked token must be refused by the very next call.
    guard: { integrationBearer: true, cacheTtlMs: 0 },
  });
  const sync = async (options: { dryRun?: boolean; prune?: boolean } = {}): Promise<ConfigSyncSummary> =>
    portcullis.config.sync({ declarations: loadIntegrationDeclarations(PATTERNS, root).parts, ...options });
  const byName = async (name: string) => {
    const found = (await portcullis.integrations.list({ name, pageSize: 100 })).items.find((item) => item.name === name);
    if (found === undefined) throw new Error(`no integration "${name}"`);
    return portcullis.integrations.get({ id: found.id });
  };
  const allowed = async (name: string): Promise<string[]> => {
    const { permissions } = await portcullis.acl.effectivePermissions({ integrationId: (await byName(name)).id });
    return permissions.filter((permission) => permission.allowed).map((permission) => permission.resourceId).sort();
  };
  /** An API call with an integration's access token as Bearer, needing Magento_Sales::sales. */
  const call = (accessToken: string): Promise<unknown> =>
    portcullis.guard.authorize(
      { method: 'GET', url: '/rest/V1/orders', headers: { authorization: `Bearer ${accessToken}` }, baseUrl: 'http://localhost' },
      ['Magento_Sales::sales'],
    );
  const activate = async (name: string): Promise<string> => {
    const result = await portcullis.integrations.activate({ id: (await byName(name)).id });
    if (result.activation.mode !== 'local') throw new Error('expected a local activation');
    return result.activation.credentials.accessToken;
  };
  return {
    root,
    databaseUrl,
    secretKey,
    aclSources: sources,
    write,
    remove: (path: string) => unlinkSync(join(root, path)),
    portcullis,
    sync,
    byName,
    allowed,
    activate,
    call,
    close: async () => {
      await portcullis.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

type Harness = Awaited<ReturnType<typeof harness>>;

function declareAll(h: Harness, erp: Declared = ERP, legacy: Declared = LEGACY, feed: Declared = FEED): void {
  h.write('app/code/Vendor_Erp/etc/integration.xml', integrationXml('Vendor ERP', erp));
  const pair = legacyPair('Legacy Catalog', legacy);
  h.write('app/code/Vendor_Legacy/etc/integration/config.xml', pair.config);
  h.write('app/code/Vendor_Legacy/etc/integration/api.xml', pair.api);
  h.write('config/feed.json', jsonDeclaration('Order Feed', feed));
}

function suite(kind: 'sqlite' | 'mysql'): void {
  let h: Harness;
  beforeEach(async () => {
    h = await harness(kind);
  });
  afterEach(async () => {
    await h.close();
  });

  it('creates one inactive config integration per declaration, in each format, importing resources exactly', async () => {
    declareAll(h);
    const summary = await h.sync();
    expect(summary).toEqual({
      dryRun: false,
      created: ['Legacy Catalog', 'Order Feed', 'Vendor ERP'],
      updated: [],
      reset: [],
      unchanged: [],
      orphaned: [],
      deleted: [],
    });
    expect(await h.byName('Vendor ERP')).toMatchObject({ status: 'inactive', setupType: 'config', email: 'erp@vendor.example', orphaned: false });
    // Magento's own example (integration-tests .../Consolidated/_files/integration.php): exactly these.
    expect(await h.allowed('Vendor ERP')).toEqual(
      [
        'Magento_Customer::customer',
        'Magento_Customer::manage',
        'Magento_Sales::sales',
        'Magento_Sales::sales_operation',
        'Magento_Sales::sales_order',
        'Magento_Sales::actions',
        'Magento_Sales::capture',
      ].sort(),
    );
    expect(await h.allowed('Legacy Catalog')).toEqual(['Magento_Catalog::catalog', 'Magento_Catalog::catalog_inventory', 'Magento_Catalog::products'].sort());
    // A listed parent is not its whole subtree: Orders without its actions.
    expect(await h.allowed('Order Feed')).toEqual(['Magento_Sales::sales', 'Magento_Sales::sales_operation', 'Magento_Sales::sales_order'].sort());
  });

  it('leaves unchanged declarations alone: same id, status and credentials', async () => {
    declareAll(h);
    await h.sync();
    await h.activate('Vendor ERP');
    const before = await h.byName('Vendor ERP');
    const credentials = await h.portcullis.integrations.credentials({ id: before.id });
    const summary = await h.sync();
    expect(summary.unchanged).toEqual(['Legacy Catalog', 'Order Feed', 'Vendor ERP']);
    expect(await h.byName('Vendor ERP')).toEqual(before);
    expect(await h.portcullis.integrations.credentials({ id: before.id })).toEqual(credentials);
  });

  it('applies contact changes and narrowing in place, status kept; resets on widening or a new endpoint, revoking tokens', async () => {
    declareAll(h);
    await h.sync();
    const erpToken = await h.activate('Vendor ERP');
    await expect(h.call(erpToken)).resolves.toMatchObject({ kind: 'integration' });
    await h.activate('Order Feed');
    await h.activate('Legacy Catalog');

    declareAll(
      h,
      { ...ERP, resources: [...ERP.resources, 'Magento_Sales::cancel'] },
      { ...LEGACY, endpoint: 'https://legacy.vendor.example/callback' },
      { ...FEED, email: 'orders@vendor.example', resources: [] },
    );
    const dry = await h.sync({ dryRun: true });
    expect(await h.byName('Vendor ERP')).toMatchObject({ status: 'active' });

    const summary = await h.sync();
    expect({ ...summary, dryRun: true }).toEqual(dry);
    expect(summary.updated).toEqual([{ name: 'Order Feed', changes: ['email feed@vendor.example -> orders@vendor.example', 'resources narrowed: no longer Magento_Sales::sales_order'] }]);
    expect(summary.reset).toEqual([
      { name: 'Legacy Catalog', reason: 'Its callback URL changed from (none) to https://legacy.vendor.example/callback.' },
      { name: 'Vendor ERP', reason: 'Its configuration now asks for more resources: Magento_Sales::cancel.' },
    ]);
    expect(await h.byName('Order Feed')).toMatchObject({ status: 'active', email: 'orders@vendor.example' });
    expect(await h.allowed('Order Feed')).toEqual([]);
    expect(await h.byName('Vendor ERP')).toMatchObject({ status: 'reset', statusReason: 'Its configuration now asks for more resources: Magento_Sales::cancel.' });
    expect(await h.allowed('Vendor ERP')).toContain('Magento_Sales::cancel');
    expect((await h.portcullis.integrations.list({ status: 'reset' })).items.map((item) => [item.name, item.statusReason])).toEqual([
      ['Legacy Catalog', 'Its callback URL changed from (none) to https://legacy.vendor.example/callback.'],
      ['Vendor ERP', 'Its configuration now asks for more resources: Magento_Sales::cancel.'],
    ]);
    // The old access token is refused at once.
    expect((await rejectionFrom(h.call(erpToken))).message).toBe('Access token has been revoked');

    // An admin consents again.
    const reactivated = await h.portcullis.integrations.activate({ id: (await h.byName('Vendor ERP')).id });
    expect(reactivated.integration).toMatchObject({ status: 'active', statusReason: null });
  });

  it('deactivates and reports removed declarations as orphaned; deletes them only with --prune', async () => {
    declareAll(h);
    await h.sync();
    await h.activate('Order Feed');
    h.remove('config/feed.json');
    const summary = await h.sync();
    expect(summary.orphaned).toEqual(['Order Feed']);
    expect(await h.byName('Order Feed')).toMatchObject({ status: 'inactive', orphaned: true });
    expect((await rejectionFrom(h.portcullis.integrations.activate({ id: (await h.byName('Order Feed')).id }))).code).toBe('INTEGRATION.ORPHANED');

    const pruned = await h.sync({ prune: true });
    expect(pruned).toMatchObject({ orphaned: [], deleted: ['Order Feed'], unchanged: ['Legacy Catalog', 'Vendor ERP'] });
    expect((await h.portcullis.integrations.list({ name: 'Order Feed' })).total).toBe(0);
  });

  it('refuses wrong files naming file, line and column, and changes nothing', async () => {
    declareAll(h);
    await h.sync();
    const before = await h.portcullis.integrations.list({ pageSize: 100 });
    h.write('app/code/Vendor_Erp/etc/integration.xml', integrationXml('Vendor ERP', { ...ERP, resources: ['Magento_Sales::no_such_thing'] }));
    h.write('app/code/Vendor_Bad/etc/integration.xml', '<config>\n  <integration name="Bad">\n    <emial>x@y.example</emial>\n  </integration>\n</config>\n');
    h.remove('config/feed.json');

    const error = await rejectionFrom(h.sync());
    expect(error).toBeInstanceOf(ConfigFilesError);
    expect(error.message).toContain(`${join(h.root, 'app/code/Vendor_Bad/etc/integration.xml')}:3:5: `);
    expect(error.message).toContain('emial');
    expect(await h.portcullis.integrations.list({ pageSize: 100 })).toEqual(before);

    h.write('app/code/Vendor_Bad/etc/integration.xml', integrationXml('Bad', { email: 'bad@vendor.example', resources: [] }));
    const unknown = await rejectionFrom(h.sync());
    expect(unknown.message).toContain(
      `${join(h.root, 'app/code/Vendor_Erp/etc/integration.xml')}:6:13: integration "Vendor ERP" lists the resource "Magento_Sales::no_such_thing", which no ACL file defines.`,
    );
    expect(await h.portcullis.integrations.list({ pageSize: 100 })).toEqual(before);
  });
}

describeMysql('config sync from two servers starting together (MariaDB)', () => {
  it('creates each integration once: the second sync sees the first one\'s work and finds them unchanged', async () => {
    const h = await harness('mysql');
    // A second server process on the same database (its own connection pool and container).
    const other = await createPortcullis({
      database: { url: h.databaseUrl },
      dataDir: h.root,
      secretKey: h.secretKey,
      aclResources: h.aclSources,
      passwordHasher: fastPasswordHasher(),
    });
    try {
      for (let i = 0; i < 30; i += 1) h.write(`app/code/Vendor_M${i}/etc/integration.xml`, integrationXml(`Parallel ${i}`, ERP));
      const declarations = loadIntegrationDeclarations(PATTERNS, h.root).parts;
      const [first, second] = await Promise.all([h.portcullis.config.sync({ declarations }), other.config.sync({ declarations })]);
      const created = [...first.created, ...second.created].sort();
      expect(created).toHaveLength(30);
      expect(new Set(created).size).toBe(30);
      expect([...first.unchanged, ...second.unchanged]).toHaveLength(30);
      expect((await h.portcullis.integrations.list({ name: 'Parallel', pageSize: 100 })).total).toBe(30);
    } finally {
      await other.close();
      await h.close();
    }
  });
});

describe('config sync from files (SQLite)', () => suite('sqlite'));
describeMysql('config sync from files (MariaDB)', () => suite('mysql'));

describe('ACL files that place a resource under two parents', () => {
  it('are refused naming both places (file, line and column)', () => {
    const root = mkdtempSync(join(tmpdir(), 'portcullis-acl-conflict-'));
    try {
      const acl = (body: string): string =>
        `<?xml version="1.0"?>\n<config>\n    <acl>\n        <resources>\n            <resource id="Magento_Backend::admin">\n${body}\n            </resource>\n        </resources>\n    </acl>\n</config>\n`;
      mkdirSync(join(root, 'A', 'etc'), { recursive: true });
      mkdirSync(join(root, 'B', 'etc'), { recursive: true });
      writeFileSync(join(root, 'A', 'etc', 'acl.xml'), acl('                <resource id="Vendor_Alpha::top" title="Top A">\n                    <resource id="Vendor_Alpha::shared" title="Shared"/>\n                </resource>'));
      writeFileSync(join(root, 'B', 'etc', 'acl.xml'), acl('                <resource id="Vendor_Beta::top" title="Top B">\n                    <resource id="Vendor_Alpha::shared"/>\n                </resource>'));
      const { sources } = loadAclSources(['*/etc/acl.xml'], root);
      expect(() => AclResourceTree.build(sources)).toThrow(
        `The ACL resource "Vendor_Alpha::shared" is defined inconsistently: it is under "Vendor_Alpha::top" in ${join(root, 'A/etc/acl.xml')}:7:21 but under "Vendor_Beta::top" in ${join(root, 'B/etc/acl.xml')}:7:21`,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
