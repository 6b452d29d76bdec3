/**
 * Runs several writes as one: all of them or none. The transaction travels with the async call
 * chain, so repositories called inside `work` join it; a nested `run` joins the outer one.
 */
export interface UnitOfWork {
  /** Commits when `work` resolves; rolls back and rethrows when it rejects. */
  run<T>(work: () => Promise<T>): Promise<T>;
}

export const UNIT_OF_WORK = Symbol.for('portcullis.UnitOfWork');
