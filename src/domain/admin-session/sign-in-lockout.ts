import { AdminUser } from '../admin-user/admin-user.aggregate';

/**
 * Sign-in lock-out (Magento `oauth/authentication_lock`): after `maxFailures` consecutive failed
 * sign-ins for a username, sign-in is refused for `lockSeconds`, even with the right password.
 */
export interface LockoutPolicy {
  readonly maxFailures: number;
  readonly lockSeconds: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = Object.freeze({ maxFailures: 6, lockSeconds: 1800 });

/** The failures recorded for one username. */
export interface SignInFailures {
  /** Consecutive failures since the last success (or since the last lock ended). */
  readonly failures: number;
  /** Set once `failures` reached the maximum; sign-in is refused until then. */
  readonly lockExpiresAt: Date | null;
}

export function isLockedOut(state: SignInFailures | null, now: Date): boolean {
  const until = state?.lockExpiresAt ?? null;
  return until !== null && until.getTime() > now.getTime();
}

/** When a new failure count calls for a lock, its end; otherwise null. */
export function lockAfterFailure(failures: number, now: Date, policy: LockoutPolicy): Date | null {
  return failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockSeconds * 1000) : null;
}

/** Longer keys are cut (no username is this long; the counter column holds this many characters). */
export const MAX_USERNAME_KEY_LENGTH = 255;

/**
 * Failures are counted per username as usernames are compared (`AdminUser.usernameKey`: ignoring
 * case, accents and spacing), whatever was typed, cut to fit the counter's column.
 */
export function usernameKey(username: string): string {
  return Array.from(AdminUser.usernameKey(username)).slice(0, MAX_USERNAME_KEY_LENGTH).join('');
}
