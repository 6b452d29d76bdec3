import { type TransactionLock } from '../../application/ports/transaction-lock.port';
import { type MetaRow } from './schemas/rows';
import { type PersistenceSchemas } from './schemas/schemas';
import { isLockWaitTimeout } from './transaction-conflict';
import { type TransactionContext } from './transaction-context';
import { isUniqueViolation } from './unique-violation';

/** How many times a lock wait that timed out is tried again (MySQL waits 50 s, SQLite 5 s each time). */
const WAITS = { mysql: 12, sqlite: 120 } as const;

/**
 * A lock as a row of portcullis_meta (`lock:<name>`) that the unit of work writes first: the row
 * lock (MySQL, MariaDB) or the write lock (SQLite) is held until the transaction ends, and the
 * next holder's transaction writes before it reads, so its reads start after the previous commit.
 * The row holds when the lock was last taken. No extra connection and nothing to release: a
 * rollback, a commit or a dropped connection ends it.
 */
export class TypeormTransactionLock implements TransactionLock {
  constructor(
    private readonly context: TransactionContext,
    private readonly schemas: PersistenceSchemas,
    private readonly dialect: 'mysql' | 'sqlite',
  ) {}

  async acquire(name: string): Promise<void> {
    if (!this.context.inTransaction()) throw new Error(`The lock "${name}" can only be taken inside a unit of work.`);
    const manager = this.context.manager();
    const row: MetaRow = { key: `lock:${name}`, value: new Date().toISOString() };
    for (let wait = 1; ; wait += 1) {
      try {
        // An UPDATE locks the row it matches even when the value does not change.
        await manager.update(this.schemas.meta, { key: row.key }, { value: row.value });
        if (await manager.existsBy(this.schemas.meta, { key: row.key })) return;
        // The first time on this database: the insert holds the new row's lock the same way.
        await manager.insert(this.schemas.meta, row);
        return;
      } catch (error) {
        // Another process inserted it first: update it, waiting for that process's transaction.
        if (isUniqueViolation(error) && wait < WAITS[this.dialect]) continue;
        if (isLockWaitTimeout(error) && wait < WAITS[this.dialect]) continue;
        throw error;
      }
    }
  }
}
