import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeMysql } from '../../integration/persistence/backends';
import { startTestServer, type TestServer } from '../http/server-harness';
import { mysqlBackend, runCli, withPersistence, type CliBackend, type CliEnv } from './cli-harness';

jest.setTimeout(300_000);

const ACL_GLOB = join(__dirname, '..', '..', 'fixtures', 'magento-acl', '*', 'etc', 'acl.xml');
const PER_FILE = 300;

/*
 * Two `portcullis config:sync` processes at once on MariaDB, each with its own file, while an
 * admin creates and edits manual integrations through the HTTP API of a server on the same
 * database. Each sync plans for a while (a look-up per declaration), so the two plan at the same
 * time: without serialising, one exits 70 (a deadlock) or both commit plans made from a state the
 * other was changing, leaving a set no file declares (issue 16, point 8).
 */
describeMysql('portcullis config:sync, two processes at once with admin API edits (MariaDB)', () => {
  let backend: CliBackend;
  let t: TestServer;
  let root: string;
  let env: CliEnv;
  let token: string;

  beforeAll(async () => {
    backend = await mysqlBackend('portcullis_test_e2e_cli_config_sync');
    t = await startTestServer('mysql', {
      externalDatabaseUrl: backend.env.DATABASE_URL ?? '',
      config: { secretKey: backend.env.PORTCULLIS_SECRET_KEY ?? '' },
    });
    token = await t.signIn();
    root = mkdtempSync(join(tmpdir(), 'portcullis-cli-sync-mysql-'));
    env = { ...backend.env, PORTCULLIS_ACL_FILES: ACL_GLOB };
  });
  afterAll(async () => {
    await t.close();
    backend.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** One JSON file declaring PER_FILE integrations from `first` on; returns its path and the names. */
  function declare(file: string, first: number): { path: string; names: string[] } {
    const names = Array.from({ length: PER_FILE }, (_, i) => `Contended ${String(first + i).padStart(4, '0')}`);
    const integrations = names.map((name, i) => ({ name, email: `c${first + i}@vendor.example`, resources: ['Magento_Sales::capture'] }));
    const path = join(root, file);
    writeFileSync(path, `${JSON.stringify({ integrations }, null, 2)}\n`);
    return { path, names };
  }

  /** Creates then edits manual integrations through the admin API until `stop()`; resolves with their names. */
  function adminEditing(prefix: string): { stop: () => void; done: Promise<string[]> } {
    let editing = true;
    const done = (async () => {
      const names: string[] = [];
      for (let i = 0; editing || i < 3; i += 1) {
        const name = `${prefix} ${i}`;
        const created = await t.call('POST', '/rest/V1/integrations', {
          token,
          body: { name, email: 'ops@partner.example', resourceAccess: 'custom', resources: ['Portcullis::integrations'], currentPassword: t.adminPassword },
        });
        if (created.statusCode !== 201) throw new Error(`create ${name}: ${created.statusCode} ${created.body}`);
        const id = created.json<{ integration: { id: string } }>().integration.id;
        const edited = await t.call('PUT', `/rest/V1/integrations/${id}`, { token, body: { email: 'edited@partner.example', currentPassword: t.adminPassword } });
        if (edited.statusCode !== 200) throw new Error(`edit ${name}: ${edited.statusCode} ${edited.body}`);
        names.push(name);
      }
      return names;
    })();
    return { stop: () => (editing = false), done };
  }

  it('both exit 0, and the config integrations are always exactly one file\'s; the admin\'s edits are all kept', async () => {
    const a = declare('a.json', 0);
    const b = declare('b.json', PER_FILE);
    for (const [round, prune] of [[1, true], [2, false], [3, true]] as const) {
      const admin = adminEditing(`Manual round ${round}`);
      const runs = await Promise.all([runCli(['config:sync', a.path, ...(prune ? ['--prune'] : [])], env), runCli(['config:sync', b.path, ...(prune ? ['--prune'] : [])], env)]);
      admin.stop();
      const manual = await admin.done;

      expect(runs.map((run) => ({ round, code: run.code, stderr: run.stderr }))).toEqual([
        { round, code: 0, stderr: '' },
        { round, code: 0, stderr: '' },
      ]);
      const stored = await withPersistence(backend, async (persistence) => {
        const { items } = await persistence.integrations.list({ page: 1, pageSize: 10 * PER_FILE, setupType: 'config' });
        return items.map((integration) => integration.toSnapshot());
      });
      const declared = stored.filter((integration) => !integration.orphaned).map((integration) => integration.name);
      expect({ round, exactlyOneFile: [a.names, b.names].some((names) => JSON.stringify(names) === JSON.stringify(declared)) }).toEqual({
        round,
        exactlyOneFile: true,
      });
      expect(stored.filter((integration) => integration.orphaned)).toHaveLength(prune ? 0 : PER_FILE);
      const listed = await withPersistence(backend, (persistence) => Promise.all(manual.map((name) => persistence.integrations.findByName(name))));
      expect(listed.map((integration) => integration?.email)).toEqual(manual.map(() => 'edited@partner.example'));
    }
  });
});
