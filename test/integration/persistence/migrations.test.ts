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
});
