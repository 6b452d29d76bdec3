import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { rawQueriesOn } from '../../integration/persistence/audit-databases';
import { jsonOf, runCli, type CliBackend, type CliRun } from './cli-harness';

interface EntryJson {
  seq: number;
  occurredAt: string;
  actor: { kind: string; id: string | null; name: string | null };
  action: string;
  target: { kind: string; id: string | null; name: string | null };
  source: unknown;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

const ENTRY_KEYS = ['seq', 'occurredAt', 'actor', 'action', 'target', 'source', 'details', 'prevHash', 'hash'];

/** audit:list, audit:export and audit:verify on one backend, and what the CLI itself records. */
export function auditCommandScenarios(open: () => Promise<CliBackend>, databaseUrl: (backend: CliBackend) => string): void {
  let backend: CliBackend;
  const cli = (...args: string[]): Promise<CliRun> => runCli(args, backend.env);
  const sql = async <T = Record<string, unknown>>(text: string): Promise<T[]> => {
    const raw = rawQueriesOn(databaseUrl(backend));
    try {
      return await raw.query<T>(text);
    } finally {
      await raw.close();
    }
  };

  beforeAll(async () => {
    backend = await open();
  });
  afterAll(() => backend.close());

  it('records what the CLI changes as cli with the OS user, and a config sync as config-sync', async () => {
    expect((await cli('integration:create', '--name', 'ERP sync', '--email', 'ops@example.com', '--all', '--activate')).code).toBe(0);
    expect((await cli('integration:credentials', 'ERP sync')).code).toBe(0);
    expect((await cli('role:create', '--name', 'Integrators', '--resources', 'Portcullis::integrations')).code).toBe(0);
    const file = join(backend.env.PORTCULLIS_DATA_DIR ?? '', 'integrations.json');
    writeFileSync(file, JSON.stringify({ integrations: [{ name: 'Vendor ERP', email: 'vendor@example.com', resources: ['Portcullis::acl'] }] }));
    expect((await cli('config:sync', file)).code).toBe(0);

    const page = jsonOf<{ items: EntryJson[]; total: number; page: number; pageSize: number }>(await cli('audit:list', '--json', '--limit', '200'));
    expect(Object.keys(page)).toEqual(['items', 'total', 'page', 'pageSize']);
    expect(page.items.map((entry) => Object.keys(entry))).toEqual(page.items.map(() => ENTRY_KEYS));
    const operator = { kind: 'cli', id: null, name: userInfo().username };
    const said = page.items.reverse().map((entry) => [entry.action, entry.actor, entry.target.name, entry.source]);
    expect(said).toEqual([
      ['integration.created', operator, 'ERP sync', null],
      ['integration.grant_changed', operator, 'ERP sync', null],
      ['integration.activated', operator, 'ERP sync', null],
      ['integration.credentials_viewed', operator, 'ERP sync', null],
      ['role.created', operator, 'Integrators', null],
      ['role.grant_changed', operator, 'Integrators', null],
      ['integration.created', { kind: 'config-sync', id: null, name: null }, 'Vendor ERP', null],
      ['integration.grant_changed', { kind: 'config-sync', id: null, name: null }, 'Vendor ERP', null],
      ['config_sync.ran', { kind: 'config-sync', id: null, name: null }, null, null],
    ]);
  });

  it('audit:list prints a table, newest first, filtered by integration (name or id), actor, action and time', async () => {
    const table = await cli('audit:list', '--integration', 'ERP sync', '--limit', '2');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SEQ +TIME +ACTOR +ACTION +TARGET +FROM$/);
    expect(lines[1]).toMatch(new RegExp(`^4 +\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z +cli:${userInfo().username} +integration\\.credentials_viewed +integration "ERP sync"$`));
    expect(lines[2]).toMatch(/^3 .* integration\.activated +integration "ERP sync"$/);
    expect(lines[3]).toBe('2 of 4 entries (page 1, newest first).');

    const erp = jsonOf<{ items: EntryJson[]; total: number }>(await cli('audit:list', '--integration', 'ERP sync', '--json'));
    expect(jsonOf<{ total: number }>(await cli('audit:list', '--integration', erp.items[0]?.target.id ?? '', '--json')).total).toBe(4);
    // An id no integration has (one deleted since) is taken as it is.
    expect(jsonOf<{ total: number }>(await cli('audit:list', '--integration', 'gone-0000', '--json')).total).toBe(0);
    const byAction = jsonOf<{ items: EntryJson[] }>(await cli('audit:list', '--action', 'config_sync.ran', '--json'));
    expect(byAction.items.map((entry) => entry.details)).toEqual([{ created: 1, updated: 0, reset: 0, unchanged: 0, orphaned: 0, deleted: 0 }]);
    expect(jsonOf<{ total: number }>(await cli('audit:list', '--actor', 'config-sync', '--json')).total).toBe(3);
    expect(jsonOf<{ total: number }>(await cli('audit:list', '--since', '1h', '--json')).total).toBe(9);
    expect(jsonOf<{ total: number }>(await cli('audit:list', '--until', '2000-01-01', '--json')).total).toBe(0);
    expect((await cli('audit:list', '--actor', 'nobody')).stdout).toBe('No audit entries.\n');
    const usage = await cli('audit:list', '--since', 'yesterday');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^error: .*--since.*ISO 8601/);
  });

  it('audit:export prints one JSON line per entry, oldest first, the fields of the REST API', async () => {
    const all = await cli('audit:export', '--since', '2000-01-01');
    expect(all.code).toBe(0);
    const lines = all.stdout.trimEnd().split('\n');
    const entries = lines.map((line) => JSON.parse(line) as EntryJson);
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(entries.map((entry) => Object.keys(entry))).toEqual(entries.map(() => ENTRY_KEYS));
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect((await cli('audit:export', '--since', '2999-01-01')).stdout).toBe('');
  });

  it('audit:verify says the chain is whole (exit 0), and names the first entry edited in the database (exit 1)', async () => {
    const whole = await cli('audit:verify');
    expect({ code: whole.code, stdout: whole.stdout }).toEqual({ code: 0, stdout: 'Audit chain verified: 9 entries (from #1 to #9).\n' });
    expect(jsonOf(await cli('audit:verify', '--json'))).toEqual({ valid: true, entries: 9, firstSeq: 1, lastSeq: 9, anchor: null, problem: null });

    await sql("UPDATE audit_entry SET actor_name = 'someone-else' WHERE seq = 5");
    const edited = await cli('audit:verify');
    expect({ code: edited.code, stdout: edited.stdout }).toEqual({ code: 1, stdout: 'Audit chain broken at entry #5: Entry #5 was altered: its content does not match its hash.\n' });
    const json = await cli('audit:verify', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, entries: 5, problem: { seq: 5, kind: 'content' } });
  });

  it('audit:verify names a broken link and a gap', async () => {
    await sql(`UPDATE audit_entry SET actor_name = '${userInfo().username.replace(/'/g, "''")}' WHERE seq = 5`);
    expect((await cli('audit:verify')).code).toBe(0);
    await sql(`UPDATE audit_entry SET prev_hash = '${'a'.repeat(64)}' WHERE seq = 7`);
    const relinked = await cli('audit:verify');
    expect({ code: relinked.code, stdout: relinked.stdout }).toEqual({
      code: 1,
      stdout: 'Audit chain broken at entry #7: Entry #7 does not follow entry #6: its prevHash is not that hash (one of the two was rewritten).\n',
    });
    await sql('DELETE FROM audit_entry WHERE seq = 3');
    const gap = await cli('audit:verify');
    expect({ code: gap.code, stdout: gap.stdout }).toEqual({ code: 1, stdout: 'Audit chain broken at entry #4: Entry #4 comes after entry #2: entry #3 is missing.\n' });
  });
}
