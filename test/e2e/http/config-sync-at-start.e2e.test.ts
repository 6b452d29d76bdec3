import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { R, SHOP_ACL } from '../../support/acl-fixtures';
import { startTestServer } from './server-harness';

/* The server syncs the config integrations at every start, as Magento's setup:upgrade does. */

const declaration = (resources: readonly string[]): string => `{
  "integrations": [
    { "name": "Vendor ERP", "email": "erp@vendor.example", "resources": ${JSON.stringify(resources)} }
  ]
}
`;

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

  it('refuses to start on a wrong file, naming file, line and column', async () => {
    const file = join(dir, 'integrations.json');
    writeFileSync(file, '{\n  "integrations": [\n    { "name": "Vendor ERP", "mail": "erp@vendor.example" }\n  ]\n}\n');
    await expect(startTestServer('sqlite', { config: { integrationFiles: [file] }, overrides: { aclResources: [SHOP_ACL] } })).rejects.toThrow(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:\\d+: `),
    );
  });
});
