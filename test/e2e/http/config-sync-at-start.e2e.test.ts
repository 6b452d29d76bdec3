import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { R, SHOP_ACL } from '../../support/acl-fixtures';
import { oauth1aHeader } from '../../support/oauth-clients';
import { startTestServer } from './server-harness';

/* The server syncs the config integrations at every start, as Magento's setup:upgrade does. */

const declaration = (resources: readonly string[]): string => `{
  "integrations": [
    { "name": "Vendor ERP", "email": "erp@vendor.example", "resources": ${JSON.stringify(resources)} }
  ]
}
`;

/** A pino destination that keeps what is written. */
function logCollector(): { stream: Writable; text: () => string } {
  let logs = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs += chunk.toString();
      done();
    },
  });
  return { stream, text: () => logs };
}

describe('config integrations synced at server start', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portcullis-start-sync-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates them, logs the summary, and shows them to admins as read-only config integrations', async () => {
    const file = join(dir, 'integrations.json');
    writeFileSync(file, declaration([R.capture]));
    let logs = '';
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs += chunk.toString();
        done();
      },
    });
    const t = await startTestServer('sqlite', { config: { integrationFiles: [file] }, overrides: { aclResources: [SHOP_ACL] }, logStream });
    try {
      const token = await t.signIn();
      const list = (await t.call('GET', '/rest/V1/integrations', { token })).json<{ items: Array<{ id: string; name: string; setupType: string; status: string }> }>();
      expect(list.items.map((item) => [item.name, item.setupType, item.status])).toEqual([['Vendor ERP', 'config', 'inactive']]);
      expect(logs).toContain('config integrations synced: 1 created, 0 updated, 0 reset, 0 unchanged, 0 orphaned');
      const id = list.items[0]?.id ?? '';
      const edit = await t.call('PUT', `/rest/V1/integrations/${id}`, {
        token,
        body: { name: 'Renamed', email: 'x@vendor.example', currentPassword: t.adminPassword },
      });
      expect(edit.statusCode).toBe(422);
      expect(edit.json<{ code: string }>().code).toBe('INTEGRATION.CONFIG_MANAGED');
    } finally {
      await t.server.close();
    }
  });

  it('declares an integration that manages integrations (Portcullis::integrations): its signed calls list them', async () => {
    const file = join(dir, 'integrations.json');
    writeFileSync(file, declaration(['Portcullis::integrations']));
    const base = 'https://portcullis.test';
    const t = await startTestServer('sqlite', { config: { integrationFiles: [file], publicBaseUrl: base }, overrides: { aclResources: [SHOP_ACL] } });
    try {
      const token = await t.signIn();
      const id = (await t.call('GET', '/rest/V1/integrations', { token })).json<{ items: Array<{ id: string }> }>().items[0]?.id ?? '';
      const activated = await t.call('POST', `/rest/V1/integrations/${id}/activate`, { token });
      expect(activated.statusCode).toBe(200);
      const credentials = activated.json<{ activation: { credentials: Record<'consumerKey' | 'consumerSecret' | 'accessToken' | 'accessTokenSecret', string> } }>().activation.credentials;
      const signed = (path: string): Promise<{ statusCode: number; json: <T>() => T }> =>
        t.call('GET', path, {
          headers: {
            authorization: oauth1aHeader({
              method: 'GET',
              url: `${base}${path}`,
              consumerKey: credentials.consumerKey,
              consumerSecret: credentials.consumerSecret,
              token: credentials.accessToken,
              tokenSecret: credentials.accessTokenSecret,
            }),
          },
        });
      const listed = await signed('/rest/V1/integrations');
      expect(listed.statusCode).toBe(200);
      expect(listed.json<{ items: Array<{ name: string }> }>().items.map((item) => item.name)).toEqual(['Vendor ERP']);
    } finally {
      await t.server.close();
    }
  });

  it('logs how many resources and declarations came from which files', async () => {
    const shop = join(dir, 'shop-acl.json');
    const extra = join(dir, 'extra-acl.json');
    writeFileSync(shop, JSON.stringify({ resources: [{ id: 'Shop_Sales::sales', title: 'Sales', children: [{ id: 'Shop_Sales::refund', title: 'Refund' }] }] }));
    writeFileSync(extra, JSON.stringify({ resources: [{ id: 'Shop_Extra::thing', title: 'Thing' }] }));
    const erp = join(dir, 'erp.json');
    const feeds = join(dir, 'feeds.json');
    writeFileSync(erp, declaration(['Shop_Sales::refund']));
    writeFileSync(feeds, JSON.stringify({ integrations: [{ name: 'Feed One', email: 'f1@vendor.example' }, { name: 'Feed Two', email: 'f2@vendor.example' }] }));
    const logs = logCollector();
    const t = await startTestServer('sqlite', { config: { aclFiles: [join(dir, '*-acl.json')], integrationFiles: [erp, feeds] }, logStream: logs.stream });
    try {
      expect(logs.text()).toContain(`"msg":"ACL: 10 resources, 3 from 2 file(s) and 7 of Portcullis's own: ${extra} (1), ${shop} (2)"`);
      expect(logs.text()).toContain(`"msg":"config integrations: 3 declared in 2 file(s): ${erp} (1), ${feeds} (2)"`);
    } finally {
      await t.server.close();
    }
  });

  it("says when the tree holds Portcullis's own resources only (PORTCULLIS_ACL_FILES not set)", async () => {
    const logs = logCollector();
    const t = await startTestServer('sqlite', { logStream: logs.stream });
    try {
      expect(logs.text()).toContain(`"msg":"ACL: 7 resources, Portcullis's own only (PORTCULLIS_ACL_FILES is not set)"`);
    } finally {
      await t.server.close();
    }
  });

  it('refuses to start when a glob of PORTCULLIS_ACL_FILES or PORTCULLIS_INTEGRATION_FILES matches no file, naming it', async () => {
    const file = join(dir, 'integrations.json');
    writeFileSync(file, declaration([R.capture]));
    const aclTypo = join(dir, 'vendor', '*', 'etc', 'acl.xml');
    await expect(startTestServer('sqlite', { config: { aclFiles: [aclTypo], integrationFiles: [file] }, overrides: { aclResources: [SHOP_ACL] } })).rejects.toThrow(
      `${aclTypo}: matches no file`,
    );
    const declarationsTypo = join(dir, '*.jsn');
    await expect(startTestServer('sqlite', { config: { integrationFiles: [declarationsTypo] }, overrides: { aclResources: [SHOP_ACL] } })).rejects.toThrow(
      `${declarationsTypo}: matches no file`,
    );
  });

  it('npm start exits 78 (EX_CONFIG) naming a glob that matches no file', async () => {
    const typo = join(dir, 'vendor', '*', 'etc', 'acl.xml');
    const child = spawn(process.execPath, [join(__dirname, '..', '..', '..', 'dist', 'infrastructure', 'server', 'main.js')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', PORTCULLIS_DATA_DIR: dir, PORTCULLIS_ACL_FILES: typo, PORT: '0', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 78, stderr: expect.stringContaining(`Portcullis cannot start: A configuration file is wrong; nothing was changed:\n  ${typo}: matches no file`) as string });
  });

  it('refuses to start when the files declare no integration while config integrations exist', async () => {
    const file = join(dir, 'integrations.json');
    writeFileSync(file, declaration([R.capture]));
    const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-start-empty-'));
    const config = { dataDir, databaseUrl: `sqlite:${join(dataDir, 'p.sqlite')}`, secretKey: '5e'.repeat(32), integrationFiles: [file] };
    try {
      const first = await startTestServer('sqlite', { config, overrides: { aclResources: [SHOP_ACL] } });
      await first.server.close();
      writeFileSync(file, '{ "integrations": [] }');
      await expect(startTestServer('sqlite', { config, overrides: { aclResources: [SHOP_ACL] } })).rejects.toMatchObject({ code: 'CONFIG.NOTHING_DECLARED' });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start on a wrong file, naming file, line and column', async () => {
    const file = join(dir, 'integrations.json');
    writeFileSync(file, '{\n  "integrations": [\n    { "name": "Vendor ERP", "mail": "erp@vendor.example" }\n  ]\n}\n');
    await expect(startTestServer('sqlite', { config: { integrationFiles: [file] }, overrides: { aclResources: [SHOP_ACL] } })).rejects.toThrow(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:\\d+: `),
    );
  });
});
