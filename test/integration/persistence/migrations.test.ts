import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../../src/adapters/persistence/database-url';
import { createDataSource, detectServer } from '../../../src/adapters/persistence/persistence';
import { createSchemas } from '../../../src/adapters/persistence/schemas/schemas';
import { pendingSchemaChanges, recreateMysqlDatabase } from '../../../src/infrastructure/tools/migration-tool';
import { describeMysql } from './backends';

/**
 * A database made by the first migration only, with an integration, its consumer, role, rule and
 * token; then every later migration runs. Nothing may be lost (SQLite rebuilds tables by dropping
 * them, which would cascade to the rows that refer to them).
 */
async function upgradeKeepsData(url: string): Promise<void> {
  const location = await detectServer(parseDatabaseUrl(url));
  const latest = createDataSource(location, createSchemas(location.dialect));
  const [first] = latest.options.migrations as Array<new () => unknown>;
  const initial = new DataSource({ ...latest.options, migrations: [first as never] });
  await initial.initialize();
  const q = location.dialect === 'mysql' ? '`' : '"';
  const insert = (table: string, row: Record<string, unknown>): Promise<unknown> =>
    initial.query(
      `INSERT INTO ${q}${table}${q} (${Object.keys(row).map((c) => `${q}${c}${q}`).join(', ')}) VALUES (${Object.keys(row).map(() => '?').join(', ')})`,
      Object.values(row),
    );
  try {
    await initial.runMigrations();
    const now = '2026-01-02 03:04:05';
    await insert('integration', { id: 'i1', name: 'Kept', name_key: 'kept', email: 'k@example.com', status: 'active', setup_type: 'config', created_at: now, updated_at: now });
    await insert('oauth_consumer', { integration_id: 'i1', consumer_key: 'k'.repeat(32), secret: 'x', created_at: now });
    await insert('authorization_role', { id: 'r1', name: 'integration:i1', kind: 'integration', integration_id: 'i1', grant_mode: 'custom', created_at: now, updated_at: now });
    await insert('authorization_rule', { role_id: 'r1', resource_id: 'Magento_Sales::sales', kind: 'selected' });
    await insert('oauth_token', { id: 't1', integration_id: 'i1', type: 'access', token: 't'.repeat(32), secret: 'x', revoked: 0, created_at: now });
  } finally {
    await initial.destroy();
  }

  await latest.initialize();
  try {
    await latest.runMigrations();
    const count = async (table: string): Promise<number> =>
      Number((await latest.query<Array<{ n: number | string }>>(`SELECT COUNT(*) AS n FROM ${q}${table}${q}`))[0]?.n);
    expect({
      integration: await count('integration'),
      consumer: await count('oauth_consumer'),
      role: await count('authorization_role'),
      rule: await count('authorization_rule'),
      token: await count('oauth_token'),
    }).toEqual({ integration: 1, consumer: 1, role: 1, rule: 1, token: 1 });
    const [row] = await latest.query<Array<{ reason: unknown; orphaned: unknown }>>(`SELECT ${q}status_reason${q} AS reason, ${q}orphaned${q} AS orphaned FROM ${q}integration${q}`);
    expect({ reason: row?.reason, orphaned: Number(row?.orphaned) }).toEqual({ reason: null, orphaned: 0 });
    // CredentialPolicies: an open policy, no rotated secret, a writable role, a token without grace.
    const [policy] = await latest.query<Array<Record<string, unknown>>>(
      `SELECT ${q}credentials_expire_at${q} AS expires, ${q}allowed_ips${q} AS ips, ${q}rate_limit${q} AS ${q}limit${q}, ${q}rate_limit_window_seconds${q} AS ${q}window${q} FROM ${q}integration${q}`,
    );
    expect(policy).toEqual({ expires: null, ips: null, limit: null, window: null });
    const [consumer] = await latest.query<Array<Record<string, unknown>>>(`SELECT ${q}previous_secret${q} AS secret, ${q}previous_secret_until${q} AS until FROM ${q}oauth_consumer${q}`);
    expect(consumer).toEqual({ secret: null, until: null });
    const [role] = await latest.query<Array<{ readOnly: unknown }>>(`SELECT ${q}read_only${q} AS ${q}readOnly${q} FROM ${q}authorization_role${q}`);
    expect(Number(role?.readOnly)).toBe(0);
    const [token] = await latest.query<Array<{ expires: unknown }>>(`SELECT ${q}expires_at${q} AS expires FROM ${q}oauth_token${q}`);
    expect(token?.expires).toBeNull();
  } finally {
    await latest.destroy();
  }
}

/**
 * A database as the migrations before NameKeys left it (keys `trim().toLowerCase()`, compared by the
 * database's collation), with names that the one key rule of issue 16 makes equal; then NameKeys
 * runs. Every row stays, keys follow the domain rule, and later look-alikes are renamed.
 */
async function upgradeRecomputesKeys(url: string): Promise<void> {
  const location = await detectServer(parseDatabaseUrl(url));
  const latest = createDataSource(location, createSchemas(location.dialect));
  const all = latest.options.migrations as Array<new () => { name?: string }>;
  const before = all.slice(0, all.findIndex((migration) => /^NameKeys/.test(new migration().name ?? '')));
  expect(before.length).toBeGreaterThan(0);
  const initial = new DataSource({ ...latest.options, migrations: before as never[] });
  const q = location.dialect === 'mysql' ? '`' : '"';
  const mysql = location.dialect === 'mysql';
  await initial.initialize();
  const insert = (table: string, row: Record<string, unknown>): Promise<unknown> =>
    initial.query(
      `INSERT INTO ${q}${table}${q} (${Object.keys(row).map((c) => `${q}${c}${q}`).join(', ')}) VALUES (${Object.keys(row).map(() => '?').join(', ')})`,
      Object.values(row),
    );
  // SQLite compared the old keys byte for byte; MariaDB's collation already equated accents, but
  // not a doubled inner space.
  const lookAlike = mysql ? 'Acme  Sync' : 'ACME\u00a0SYNC';
  const longDotted = '\u0130'.repeat(mysql ? 127 : 128);
  try {
    await initial.runMigrations();
    const at = (second: number): string => `2026-01-02 03:04:0${second}`;
    const integration = (id: string, name: string, second: number): Promise<unknown> =>
      insert('integration', { id, name, name_key: name.trim().toLowerCase(), email: 'k@example.com', status: 'active', setup_type: 'manual', created_at: at(second), updated_at: at(second) });
    await integration('i2', lookAlike, 2);
    await integration('i1', 'Acme Sync', 1);
    await integration('i3', longDotted, 3);
    if (!mysql) await integration('i4', 'Caf\u00e9', 4);
    await integration('i5', 'Cafe', 5);
    const role = (id: string, name: string, second: number): Promise<unknown> =>
      insert('authorization_role', { id, name, name_key: name.trim().toLowerCase(), kind: 'admin', grant_mode: 'all', created_at: at(second), updated_at: at(second) });
    await role('r1', 'Ops Team', 1);
    await role('r2', 'OPS  Team', 2);
    await insert('authorization_role', { id: 'r3', name: 'integration:i1', kind: 'integration', integration_id: 'i1', grant_mode: 'all', created_at: at(3), updated_at: at(3) });
    await insert('admin_user', { id: 'u1', username: 'Ada', username_key: 'ada', first_name: 'A', last_name: 'L', email: 'a@example.com', password_hash: 'x', role_id: 'r1', created_at: at(1), updated_at: at(1) });
    await insert('sign_in_failure', { username_key: 'ada', failures_count: 2, lock_expires_at: null });
    await insert('sign_in_failure', { username_key: 'a  b', failures_count: 3, lock_expires_at: '2026-01-02 04:00:00.000' });
    await insert('sign_in_failure', { username_key: 'a b', failures_count: 5, lock_expires_at: '2026-01-02 03:30:00.000' });
  } finally {
    await initial.destroy();
  }

  await latest.initialize();
  try {
    await latest.runMigrations();
    const rows = async (sql: string): Promise<Array<Record<string, unknown>>> => latest.query(sql.replace(/"/g, q));
    expect(await rows('SELECT "id", "name", "name_key" FROM "integration" ORDER BY "id"')).toEqual([
      { id: 'i1', name: 'Acme Sync', name_key: 'acme sync' },
      { id: 'i2', name: `${lookAlike} (2)`, name_key: 'acme sync (2)' },
      { id: 'i3', name: longDotted, name_key: 'i'.repeat(longDotted.length) },
      ...(mysql ? [] : [{ id: 'i4', name: 'Caf\u00e9', name_key: 'cafe' }]),
      { id: 'i5', name: mysql ? 'Cafe' : 'Cafe (2)', name_key: mysql ? 'cafe' : 'cafe (2)' },
    ]);
    expect(await rows('SELECT "id", "name", "name_key" FROM "authorization_role" ORDER BY "id"')).toEqual([
      { id: 'r1', name: 'Ops Team', name_key: 'ops team' },
      { id: 'r2', name: 'OPS  Team (2)', name_key: 'ops team (2)' },
      { id: 'r3', name: 'integration:i1', name_key: null },
    ]);
    expect(await rows('SELECT "username", "username_key" FROM "admin_user"')).toEqual([{ username: 'Ada', username_key: 'ada' }]);
    const failures = await rows('SELECT "username_key", "failures_count", "lock_expires_at" FROM "sign_in_failure" ORDER BY "username_key"');
    // SQLite answers a date as UTC text, MariaDB as a Date.
    const iso = (value: unknown): string | null =>
      value === null ? null : value instanceof Date ? value.toISOString() : new Date(`${(value as string).replace(' ', 'T')}Z`).toISOString();
    expect(failures.map((row) => [row.username_key, Number(row.failures_count), iso(row.lock_expires_at)])).toEqual([
      ['a b', 5, '2026-01-02T04:00:00.000Z'],
      ['ada', 2, null],
    ]);
    if (mysql) {
      const collations = await rows(
        "SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLLATION_NAME AS collation FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME IN ('name_key', 'username_key') ORDER BY TABLE_NAME",
      );
      expect(collations).toEqual([
        { t: 'admin_user', c: 'username_key', collation: 'utf8mb4_bin' },
        { t: 'authorization_role', c: 'name_key', collation: 'utf8mb4_bin' },
        { t: 'integration', c: 'name_key', collation: 'utf8mb4_bin' },
        { t: 'sign_in_failure', c: 'username_key', collation: 'utf8mb4_bin' },
      ]);
    }
  } finally {
    await latest.destroy();
  }
}

// CI's proof that the checked-in migrations match the entity schemas (generate finds no change).
describe('SQLite migrations', () => {
  it('bring an empty database exactly to the schemas', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-migrations-'));
    try {
      expect((await pendingSchemaChanges(`sqlite:${join(dir, 'm.sqlite')}`)).up).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('upgrade a database of the first migration without losing a row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-migrations-'));
    try {
      await upgradeKeepsData(`sqlite:${join(dir, 'upgrade.sqlite')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('recompute every name key by the one key rule, renaming later look-alikes (NameKeys)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-migrations-'));
    try {
      await upgradeRecomputesKeys(`sqlite:${join(dir, 'keys.sqlite')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeMysql('MySQL migrations', () => {
  it('bring an empty database exactly to the schemas', async () => {
    const url = (process.env.TEST_MYSQL_URL ?? '').replace(/\/[^/]*$/, '/portcullis_test_migrations');
    await recreateMysqlDatabase(url);
    expect((await pendingSchemaChanges(url)).up).toEqual([]);
  });

  it('upgrade a database of the first migration without losing a row', async () => {
    const url = (process.env.TEST_MYSQL_URL ?? '').replace(/\/[^/]*$/, '/portcullis_test_upgrade');
    await recreateMysqlDatabase(url);
    await upgradeKeepsData(url);
  });

  it('make key columns binary and recompute every name key, renaming later look-alikes (NameKeys)', async () => {
    const url = (process.env.TEST_MYSQL_URL ?? '').replace(/\/[^/]*$/, '/portcullis_test_name_keys');
    await recreateMysqlDatabase(url);
    await upgradeRecomputesKeys(url);
  });
});
