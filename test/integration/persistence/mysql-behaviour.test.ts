import { createPortcullis } from '../../../src/infrastructure/create-portcullis';
import { describeMysql, openMysql } from './backends';
import { dropMysqlTables, sqlBehaviour } from './persistence-behaviour';

describeMysql('MySQL/MariaDB behaviour', () => {
  sqlBehaviour(openMysql);

  it('keeps data across a restart and refuses another key', async () => {
    const url = (process.env.TEST_MYSQL_URL ?? '').replace(/\/[^/]*$/, '/portcullis_test_restart');
    const secretKey = 'cd'.repeat(32);
    const { recreateMysqlDatabase } = await import('../../../src/infrastructure/tools/migration-tool');
    await recreateMysqlDatabase(url);
    const first = await createPortcullis({ database: { url }, secretKey });
    const role = await first.roles.create({ name: 'Support', resourceAccess: 'all' });
    await first.close();
    const second = await createPortcullis({ database: { url }, secretKey });
    expect((await second.roles.get({ id: role.id })).name).toBe('Support');
    await second.close();
    await expect(createPortcullis({ database: { url }, secretKey: 'ef'.repeat(32) })).rejects.toMatchObject({ code: 'CONFIG.SECRET_KEY_MISMATCH' });
    await dropMysqlTables(url);
  });
});
