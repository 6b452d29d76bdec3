import { injectionToken } from '../../domain/kernel/injection-token';

/**
 * Named locks held by a unit of work: work that must not overlap with the same work in another
 * process sharing the database (two servers syncing their config files at start, a CLI sync beside
 * them) takes one before it reads anything. The lock lives in the database, so it holds across
 * processes, and it goes with the transaction: released at commit or rollback, or when a crashed
 * process's connection closes.
 */
export interface TransactionLock {
  /**
   * Waits until no other unit of work holds `name`, then holds it until the current unit of work
   * ends. Call it inside `UnitOfWork.run`, before the first read, so that what the work then reads
   * includes everything the previous holder committed. Taking a lock the unit of work already
   * holds returns at once.
   * @throws TransactionConflictError (see unit-of-work.port) when the database gave up waiting
   */
  acquire(name: string): Promise<void>;
}

export const TRANSACTION_LOCK = injectionToken<TransactionLock>('TransactionLock');
