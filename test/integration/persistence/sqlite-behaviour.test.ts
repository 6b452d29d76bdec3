import { chmodSync, mkdtempSync, rmSync, statSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPortcullis } from '../../../src/infrastructure/create-portcullis';
import { SECRET_KEY_FILE } from '../../../src/infrastructure/secret-key';
import { R, SHOP_ACL } from '../../support/acl-fixtures';
import { openSqlite } from './backends';
import { sqlBehaviour } from './persistence-behaviour';

describe('SQLite behaviour', () => {
  sqlBehaviour(openSqlite);
});

describe('the embedded SQLite default', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'portcullis-data-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the file and a 0600 key file on first start, and keeps data across a restart', async () => {
    const first = await createPortcullis({ database: {}, dataDir, aclResources: [SHOP_ACL] });
    const { integration, activation } = await first.integrations.create({
      name: 'Survivor',
      email: 's@example.com',
      resourceAccess: 'custom',
      resources: [R.orders],
      activate: true,
    });
    await first.close();
    expect(existsSync(join(dataDir, 'portcullis.sqlite'))).toBe(true);
    expect(statSync(join(dataDir, SECRET_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, SECRET_KEY_FILE), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);

    const second = await createPortcullis({ database: {}, dataDir, aclResources: [SHOP_ACL] });
    const again = await second.integrations.get({ id: integration.id });
    expect(again).toMatchObject({ name: 'Survivor', status: 'active', access: { resourceAccess: 'custom', resources: [R.orders] } });
    if (activation?.mode !== 'local') throw new Error('expected local activation');
    const reauthorized = await second.integrations.reauthorize({ id: integration.id });
    if (reauthorized.activation.mode !== 'local') throw new Error('expected local reauthorization');
    expect(reauthorized.activation.credentials.consumerSecret).toBe(activation.credentials.consumerSecret);
    await second.close();
  });

  it('creates the database file and its WAL and SHM files with mode 0600 whatever the umask, and narrows an existing one', async () => {
    const umask = process.umask(0o022);
    try {
      const portcullis = await createPortcullis({ database: {}, dataDir, aclResources: [SHOP_ACL] });
      try {
        await portcullis.integrations.create({ name: 'Private', email: 'p@example.com', resourceAccess: 'all', activate: true });
        // Open: the WAL and SHM files exist while a connection is.
        for (const suffix of ['', '-wal', '-shm']) {
          const file = join(dataDir, `portcullis.sqlite${suffix}`);
          expect([suffix, statSync(file).mode & 0o777]).toEqual([suffix, 0o600]);
        }
      } finally {
        await portcullis.close();
      }
      chmodSync(join(dataDir, 'portcullis.sqlite'), 0o644);
      const again = await createPortcullis({ database: {}, dataDir, aclResources: [SHOP_ACL] });
      await again.close();
      expect(statSync(join(dataDir, 'portcullis.sqlite')).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(umask);
    }
  });

  it('refuses to start with another key, saying so clearly (not garbage)', async () => {
    const first = await createPortcullis({ database: {}, dataDir });
    await first.roles.create({ name: 'Support', resourceAccess: 'all' });
    await first.close();
    const otherKey = 'ab'.repeat(32);
    await expect(createPortcullis({ database: {}, dataDir, secretKey: otherKey })).rejects.toMatchObject({
      code: 'CONFIG.SECRET_KEY_MISMATCH',
      message: expect.stringContaining('does not match the one this database was written with') as unknown,
    });
    await expect(createPortcullis({ database: {}, dataDir, secretKey: otherKey })).rejects.not.toThrow(otherKey);
  });

  it('rejects a malformed key and a malformed URL with a clear message', async () => {
    await expect(createPortcullis({ database: {}, dataDir, secretKey: 'short' })).rejects.toThrow(/PORTCULLIS_SECRET_KEY is invalid/);
    await expect(createPortcullis({ database: { url: 'postgres://x/y' }, dataDir })).rejects.toThrow(/scheme "postgres" is not supported/);
    await expect(createPortcullis({ database: { url: 'mysql://root@127.0.0.1:3306/' }, dataDir })).rejects.toThrow(/names no database/);
  });

  it('needs a configured key for MySQL (every server must share it)', async () => {
    const saved = process.env.PORTCULLIS_SECRET_KEY;
    delete process.env.PORTCULLIS_SECRET_KEY;
    try {
      await expect(createPortcullis({ database: { url: 'mysql://root@127.0.0.1:3306/portcullis_test' }, dataDir })).rejects.toMatchObject({
        code: 'CONFIG.SECRET_KEY',
      });
    } finally {
      if (saved !== undefined) process.env.PORTCULLIS_SECRET_KEY = saved;
    }
  });
});
