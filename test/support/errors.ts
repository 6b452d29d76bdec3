import { DomainError } from '../../src/domain/kernel/domain-error';

/** The error `fn` throws (fails the test when it throws nothing, or throws a non-Error). */
export function errorFrom(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error('expected an error, but nothing was thrown');
}

/** The error a promise rejects with (fails the test when it resolves, or rejects with a non-Error). */
export async function rejectionFrom(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** The DomainError a promise rejects with (fails the test when it rejects with anything else). */
export async function domainErrorFrom(promise: Promise<unknown>): Promise<DomainError> {
  const error = await rejectionFrom(promise);
  if (!(error instanceof DomainError)) throw new Error(`rejected with ${error.name}, not a DomainError`);
  return error;
}

/** The `Type` error `fn` throws; anything else it throws is rethrown as it is, and throwing nothing fails the test. */
export function thrownError<E extends Error>(Type: abstract new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (error) {
    if (error instanceof Type) return error;
    throw error;
  }
  throw new Error(`expected ${Type.name}, but nothing was thrown`);
}

/** The DomainError `fn` throws (fails the test when it throws nothing, or anything else). */
export function thrownDomainError(fn: () => unknown): DomainError {
  const error = errorFrom(fn);
  if (!(error instanceof DomainError)) throw new Error(`threw ${error.name}, not a DomainError`);
  return error;
}
