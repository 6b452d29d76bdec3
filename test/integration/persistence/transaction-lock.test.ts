import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPersistence, type Persistence } from '../../../src/adapters/persistence/persistence';
import { recreateMysqlDatabase } from '../../../src/infrastructure/tools/migration-tool';
import { Gate } from '../../support/gate';
import { rejectionFrom } from '../../support/errors';
import { describeMysql, testCipher } from './backends';

/*
 * TypeormTransactionLock: a named lock a unit of work holds until it ends, across processes (here:
 * two Persistence instances, each with its own connections, as two servers have).
 */

const tick = (ms = 50): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('TypeormTransactionLock (SQLite)', () => {
  let dir: string;
  let persistence: Persistence;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portcullis-lock-'));
    persistence = await openPersistence({ url: `sqlite:${join(dir, 'lock.sqlite')}`, cipher: testCipher() });
  });
  afterEach(async () => {
    await persistence.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is taken inside a unit of work, again in the same one, and again in the next', async () => {
    await persistence.unitOfWork.run(async () => {
      await persistence.transactionLock.acquire('config-sync');
      await persistence.transactionLock.acquire('config-sync');
    });
    await persistence.unitOfWork.run(() => persistence.transactionLock.acquire('config-sync'));
    const rows = await persistence.dataSource.query<Array<{ meta_key: string }>>("SELECT meta_key FROM portcullis_meta WHERE meta_key LIKE 'lock:%' ORDER BY meta_key");
    // One row per name; the audit trail's is there from its migration on.
    expect(rows.map((row) => row.meta_key)).toEqual(['lock:audit-chain', 'lock:config-sync']);
  });

  it('refuses to be taken outside a unit of work, where nothing would hold it', async () => {
    expect((await rejectionFrom(persistence.transactionLock.acquire('config-sync'))).message).toBe(
      'The lock "config-sync" can only be taken inside a unit of work.',
    );
  });
});

describeMysql('TypeormTransactionLock (MariaDB/MySQL), two processes', () => {
  let first: Persistence;
  let second: Persistence;
  beforeAll(async () => {
    const base = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_test';
    const url = base.replace(/\/[^/]*$/, '/portcullis_test_transaction_lock');
    await recreateMysqlDatabase(url);
    const cipher = testCipher();
    first = await openPersistence({ url, cipher, poolSize: 3 });
    second = await openPersistence({ url, cipher, poolSize: 3 });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  const countSignInFailures = async (persistence: Persistence): Promise<number> =>
    Number((await persistence.dataSource.manager.query<Array<{ n: number }>>('SELECT COUNT(*) AS n FROM sign_in_failure'))[0]?.n ?? 0);

  it('makes the second holder wait for the first to commit, then read what it committed', async () => {
    const gate = new Gate();
    gate.hold();
    const order: string[] = [];
    const holder = first.unitOfWork.run(async () => {
      await first.transactionLock.acquire('config-sync');
      order.push('first holds');
      await first.signInFailures.recordFailure('locked-out', new Date());
      await gate.pass();
      order.push('first commits');
    });
    while (!order.includes('first holds')) await tick(5);
    const waiter = second.unitOfWork.run(async () => {
      await second.transactionLock.acquire('config-sync');
      order.push('second holds');
      // Read after the lock: the first's commit is there (REPEATABLE READ starts at this read).
      return second.signInFailures.find('locked-out');
    });
    await tick(300);
    expect(order).toEqual(['first holds']);
    gate.release();
    const seen = await waiter;
    await holder;
    expect(order).toEqual(['first holds', 'first commits', 'second holds']);
    expect(seen).not.toBeNull();
    expect(await countSignInFailures(first)).toBe(1);
  });

  it('is released by a rollback', async () => {
    await rejectionFrom(
      first.unitOfWork.run(async () => {
        await first.transactionLock.acquire('config-sync');
        throw new Error('the sync failed');
      }),
    );
    await expect(second.unitOfWork.run(() => second.transactionLock.acquire('config-sync'))).resolves.toBeUndefined();
  });

  it('lets other names through while one is held', async () => {
    const gate = new Gate();
    gate.hold();
    let holds = false;
    const holder = first.unitOfWork.run(async () => {
      await first.transactionLock.acquire('config-sync');
      holds = true;
      await gate.pass();
    });
    while (!holds) await tick(5);
    await expect(second.unitOfWork.run(() => second.transactionLock.acquire('something-else'))).resolves.toBeUndefined();
    gate.release();
    await holder;
  });
});
