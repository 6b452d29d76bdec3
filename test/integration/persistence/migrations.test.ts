import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pendingSchemaChanges, recreateMysqlDatabase } from '../../../src/infrastructure/tools/migration-tool';
import { describeMysql } from './backends';

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
});

describeMysql('MySQL migrations', () => {
  it('bring an empty database exactly to the schemas', async () => {
    const url = (process.env.TEST_MYSQL_URL ?? '').replace(/\/[^/]*$/, '/portcullis_test_migrations');
    await recreateMysqlDatabase(url);
    expect((await pendingSchemaChanges(url)).up).toEqual([]);
  });
});
