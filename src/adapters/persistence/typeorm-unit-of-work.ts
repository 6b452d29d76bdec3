import { TransactionConflictError, type UnitOfWork } from '../../application/ports/unit-of-work.port';
import { isTransactionConflict } from './transaction-conflict';
import { type TransactionContext } from './transaction-context';

/**
 * One database transaction per unit of work; nested runs join it. On SQLite (one connection)
 * units are queued, since the connection cannot hold two transactions at once. A transaction the
 * database ended for a concurrent one (deadlock, lock wait timeout, SQLite busy) is reported as
 * TransactionConflictError, which the caller may run again.
 */
export class TypeormUnitOfWork implements UnitOfWork {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly context: TransactionContext,
    private readonly serialize: boolean,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.context.inTransaction()) return work();
    if (!this.serialize) return this.transaction(work);
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await this.transaction(work);
    } finally {
      release();
    }
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
