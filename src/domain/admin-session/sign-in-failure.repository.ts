import { injectionToken } from '../kernel/injection-token';
import { type SignInFailures } from './sign-in-lockout';

/**
 * Failed sign-ins per username key. Every method is atomic on its own, so two server processes
 * counting failures for the same username never lose one.
 */
export interface SignInFailureRepository {
  /** @returns null when no failure is recorded. */
  find(usernameKey: string): Promise<SignInFailures | null>;
  /**
   * Adds one failure and returns the new state. A lock that has ended by `now` (not
   * `isLockedOut`) is forgotten first, so counting starts again from 1. Under concurrency the
   * returned count may already include other callers' failures, never fewer than this one's.
   */
  recordFailure(usernameKey: string, now: Date): Promise<SignInFailures>;
  /** Locks sign-in until `until` (keeps the count; 0 failures when none was recorded). */
  lock(usernameKey: string, until: Date): Promise<void>;
  /** Forgets the failures (a successful sign-in). */
  clear(usernameKey: string): Promise<void>;
}

export const SIGN_IN_FAILURE_REPOSITORY = injectionToken<SignInFailureRepository>('SignInFailureRepository');
