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
    h.write('config/feed.json', jsonDeclaration('Refund Feed', FEED));
    const summary = await h.sync();
    expect(summary).toMatchObject({ created: ['Refund Feed'], orphaned: ['Order Feed'] });
    expect(await h.byName('Order Feed')).toMatchObject({ status: 'inactive', orphaned: true });
    expect((await rejectionFrom(h.portcullis.integrations.activate({ id: (await h.byName('Order Feed')).id }))).code).toBe('INTEGRATION.ORPHANED');

    const pruned = await h.sync({ prune: true });
    expect(pruned).toMatchObject({ orphaned: [], deleted: ['Order Feed'], unchanged: ['Legacy Catalog', 'Refund Feed', 'Vendor ERP'] });
    expect((await h.portcullis.integrations.list({ name: 'Order Feed' })).total).toBe(0);
  });

  it('never retires what a file being rewritten declares: gone, emptied or half-written, the sync is refused and nothing changes', async () => {
    declareAll(h);
    await h.sync();
    const token = await h.activate('Order Feed');
    // Used once, so that lastUsedAt is set and stays put (it is recorded at most once a minute).
    await expect(h.call(token)).resolves.toMatchObject({ kind: 'integration' });
    // The integrations as stored: the calls of the last 24 hours grow with each call below.
    const stored = async (): Promise<unknown> => (await h.portcullis.integrations.list({ pageSize: 100 })).items.map(({ calls24h: _calls, ...integration }) => integration);
    const before = await stored();
    const complete = jsonDeclaration('Order Feed', FEED);
    // The moments a deploy tool or an editor leaves the file in: deleted before it is created
    // again, truncated before it is written, written part way.
    const moments: Array<[string, () => void, string]> = [
      ['deleted', () => h.remove('config/feed.json'), `config/*.json: matches no file (relative to ${h.root})`],
      ['truncated', () => h.write('config/feed.json', ''), `${join(h.root, 'config/feed.json')}: the file is empty (0 bytes)`],
      ['half-written', () => h.write('config/feed.json', complete.slice(0, complete.length / 2)), `${join(h.root, 'config/feed.json')}:`],
    ];
    for (const [moment, leave, problem] of moments) {
      leave();
      for (const prune of [false, true]) {
        const error = await rejectionFrom(h.sync({ prune }));
        expect({ moment, prune, error: error.constructor.name }).toEqual({ moment, prune, error: 'ConfigFilesError' });
        expect(error.message).toContain(problem);
        expect(await stored()).toEqual(before);
        await expect(h.call(token)).resolves.toMatchObject({ kind: 'integration' });
      }
    }
    h.write('config/feed.json', complete);
    expect((await h.sync()).unchanged).toEqual(['Legacy Catalog', 'Order Feed', 'Vendor ERP']);
  });

  it('retires every config integration for files that declare none only when told to', async () => {
    declareAll(h);
    await h.sync();
    const token = await h.activate('Vendor ERP');
    h.write('empty/integrations.json', '{ "integrations": [] }\n');
    const none = loadIntegrationDeclarations(['empty/*.json'], h.root).parts;
    const before = await h.portcullis.integrations.list({ pageSize: 100 });

    const refused = await rejectionFrom(h.portcullis.config.sync({ declarations: none, prune: true }));
    expect(refused.code).toBe('CONFIG.NOTHING_DECLARED');
    expect(refused.message).toContain('would delete all 3 config integration(s) ("Legacy Catalog", "Order Feed", "Vendor ERP"); nothing was changed');
    expect(await h.portcullis.integrations.list({ pageSize: 100 })).toEqual(before);
    await expect(h.call(token)).resolves.toMatchObject({ kind: 'integration' });

    const retired = await h.portcullis.config.sync({ declarations: none, allowNoDeclarations: true });
    expect(retired.orphaned).toEqual(['Legacy Catalog', 'Order Feed', 'Vendor ERP']);
    expect((await rejectionFrom(h.call(token))).message).toBe('Access token has been revoked');
  });

  it("lets a declaration grant Portcullis's own resources: an integration that manages integrations", async () => {
    declareAll(h, { ...ERP, resources: ['Portcullis::integrations'] });
    await h.sync();
    expect(await h.allowed('Vendor ERP')).toEqual(['Portcullis::integrations', 'Portcullis::portcullis']);
  });

  it('refuses wrong files naming file, line and column, and changes nothing', async () => {
    declareAll(h);
    await h.sync();
    const before = await h.portcullis.integrations.list({ pageSize: 100 });
    h.write('app/code/Vendor_Erp/etc/integration.xml', integrationXml('Vendor ERP', { ...ERP, resources: ['Magento_Sales::no_such_thing'] }));
    h.write('app/code/Vendor_Bad/etc/integration.xml', '<config>\n  <integration name="Bad">\n    <emial>x@y.example</emial>\n  </integration>\n</config>\n');

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

describeMysql('config sync from two servers at once, with admins editing (MariaDB)', () => {
  /** `count` integrations from `first` on, declared in one JSON file of `set`. */
  function declareSet(h: Harness, set: string, first: number, count: number): void {
    const integrations = Array.from({ length: count }, (_, i) => ({
      name: `Parallel ${String(first + i).padStart(4, '0')}`,
      email: `p${first + i}@vendor.example`,
      resources: ['Magento_Sales::capture'],
    }));
    h.write(`${set}/integrations.json`, `${JSON.stringify({ integrations }, null, 2)}\n`);
  }
  const namesOf = (first: number, count: number): string[] => Array.from({ length: count }, (_, i) => `Parallel ${String(first + i).padStart(4, '0')}`);

  jest.setTimeout(120_000);

  it('runs one sync after the other, so the result is always exactly one file; admins\' edits meanwhile are kept', async () => {
    const h = await harness('mysql');
    // Two more server processes on the same database (their own pools and containers).
    const open = () =>
      createPortcullis({ database: { url: h.databaseUrl }, dataDir: h.root, secretKey: h.secretKey, aclResources: h.aclSources, passwordHasher: fastPasswordHasher() });
    const other = await open();
    const admin = await open();
    try {
      // Disjoint files: a sync planned from a state the other sync is changing keeps, orphans or
      // deletes the wrong integrations. Each plans for a while (150 look-ups), so both plan at once.
      declareSet(h, 'set-a', 0, 150);
      declareSet(h, 'set-b', 150, 150);
      const a = loadIntegrationDeclarations(['set-a/*.json'], h.root).parts;
      const b = loadIntegrationDeclarations(['set-b/*.json'], h.root).parts;
      const files = [namesOf(0, 150), namesOf(150, 150)];
      for (const [round, prune] of [[1, true], [2, false], [3, true]] as const) {
        let editing = true;
        const edits = (async () => {
          const done: string[] = [];
          for (let i = 0; editing || i < 5; i += 1) {
            const name = `Manual ${round}-${i}`;
            const created = await admin.integrations.create({ name, email: `m${i}@admin.example`, resourceAccess: 'custom', resources: ['Magento_Sales::sales'] });
            await admin.integrations.update({ id: created.integration.id, email: `edited${i}@admin.example` });
            done.push(name);
          }
          return done;
        })();
        const [first, second] = await Promise.all([h.portcullis.config.sync({ declarations: a, prune }), other.config.sync({ declarations: b, prune })]);
        editing = false;
        const manual = await edits;

        expect([...first.created, ...first.unchanged, ...first.updated.map((entry) => entry.name)].sort()).toEqual(files[0]);
        expect([...second.created, ...second.unchanged, ...second.updated.map((entry) => entry.name)].sort()).toEqual(files[1]);
        const pages = await Promise.all([1, 2].map((page) => h.portcullis.integrations.list({ name: 'Parallel', page, pageSize: 200 })));
        const config = pages.flatMap((page) => page.items).filter((item) => item.setupType === 'config');
        const declared = config.filter((item) => !item.orphaned).map((item) => item.name);
        expect({ round, declared: declared.length, oneOfTheFiles: files.some((names) => JSON.stringify(names) === JSON.stringify(declared)) }).toEqual({ round, declared: 150, oneOfTheFiles: true });
        // The other file's integrations: deleted with prune, else orphaned; none half-way.
        expect(config.filter((item) => item.orphaned)).toHaveLength(prune ? 0 : 150);
        for (const name of manual) {
          const found = (await h.portcullis.integrations.list({ name, pageSize: 200 })).items.filter((item) => item.name === name);
          expect(found.map((item) => [item.name, item.email.startsWith('edited')])).toEqual([[name, true]]);
        }
      }
    } finally {
      await admin.close();
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
