import { injectionToken } from '../../domain/kernel/injection-token';

/**
 * Runs several writes as one: all of them or none. The transaction travels with the async call
 * chain, so repositories called inside `work` join it; a nested `run` joins the outer one.
 */
export interface UnitOfWork {
  /**
   * Commits when `work` resolves; rolls back and rethrows when it rejects.
   * @throws TransactionConflictError when the database ended the transaction for a concurrent one
   */
  run<T>(work: () => Promise<T>): Promise<T>;
}

export const UNIT_OF_WORK = injectionToken<UnitOfWork>('UnitOfWork');

/**
 * The database ended a unit of work to settle a conflict with a concurrent one (a deadlock, or a
 * lock waited for too long). Nothing of it was written: running the work again may succeed.
 */
export class TransactionConflictError extends Error {
  readonly code = 'SERVICE.TRANSACTION_CONFLICT';

  constructor(options: { cause: unknown }) {
    super('The database ended the transaction because of a conflict with a concurrent one; nothing was written.', options);
    this.name = 'TransactionConflictError';
  }
}
