import { TransactionConflictError, type UnitOfWork } from '../../application/ports/unit-of-work.port';
import { type ConnectionQueue } from './connection-queue';
import { isTransactionConflict } from './transaction-conflict';
import { type TransactionContext } from './transaction-context';

/**
 * One database transaction per unit of work; nested runs join it. On SQLite (one connection)
 * units are queued, since the connection cannot hold two transactions at once (the queue is shared
 * with the nonce writer's batches). A transaction the
 * database ended for a concurrent one (deadlock, lock wait timeout, SQLite busy) is reported as
 * TransactionConflictError, which the caller may run again.
 */
export class TypeormUnitOfWork implements UnitOfWork {
  /** @param queue the connection's queue on SQLite; null on a server database (a pool). */
  constructor(
    private readonly context: TransactionContext,
    private readonly queue: ConnectionQueue | null,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.context.inTransaction()) return work();
    if (this.queue === null) return this.transaction(work);
    return this.queue.run(() => this.transaction(work));
  }

  private async transaction<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.context.dataSource.transaction((manager) => this.context.runWith(manager, work));
    } catch (error) {
      if (isTransactionConflict(error)) throw new TransactionConflictError({ cause: error });
      throw error;
    }
  }
}
