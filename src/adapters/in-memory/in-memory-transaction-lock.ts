import { type TransactionLock } from '../../application/ports/transaction-lock.port';

/** In memory, units of work already run one at a time (InMemoryUnitOfWork): holding a lock is a given. */
export class InMemoryTransactionLock implements TransactionLock {
  acquire(): Promise<void> {
    return Promise.resolve();
  }
}
