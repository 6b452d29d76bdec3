import { type AdminUser } from '../../../domain/admin-user/admin-user.aggregate';
import { adminSignInLocked } from '../../../domain/admin-session/admin-sign-in.events';
import { isLockedOut, lockAfterFailure, usernameKey } from '../../../domain/admin-session/sign-in-lockout';
import { type AdminServices } from './admin.services';

export type PasswordCheckDeps = Pick<AdminServices, 'failures' | 'tokens' | 'hasher' | 'clock' | 'settings' | 'events'>;

export type PasswordCheckResult = { readonly ok: true } | { readonly ok: false; readonly lockedNow: boolean };

/**
 * Checks an admin's password under the lock-out rule, shared by sign-in and by "Your Password"
 * on saves: a locked username is refused even with the right password; a failure is counted; the
 * failure that reaches the maximum locks the username and signs the user out everywhere.
 */
export class PasswordCheck {
  /** Verified when the username is unknown, so that the answer takes as long as for a real user. */
  private decoyDigest: Promise<string> | undefined;

  constructor(private readonly deps: PasswordCheckDeps) {}

  async check(username: string, user: AdminUser | null, password: string): Promise<PasswordCheckResult> {
    const { failures, hasher, clock, settings } = this.deps;
    const key = usernameKey(username);
    const now = clock.now();
    if (isLockedOut(await failures.find(key), now)) return { ok: false, lockedNow: false };
    const digest = user?.passwordHash ?? (await this.decoy());
    const matches = await hasher.verify(password, digest);
    if (matches && user !== null && user.isActive) {
      // Checked again after the slow hash: a lock set meanwhile by guesses sent in parallel
      // stands even against the right password, so a burst of guesses gains nothing from it.
      if (isLockedOut(await failures.find(key), clock.now())) return { ok: false, lockedNow: false };
      await failures.clear(key);
      return { ok: true };
    }
    const state = await failures.recordFailure(key, now);
    if (lockAfterFailure(state.failures, now, settings.lockout) === null) return { ok: false, lockedNow: false };
    await this.lockOut(key, user, now);
    return { ok: false, lockedNow: true };
  }

  /** Signs the user out everywhere first, then locks: a failure in between leaves no session behind a lock. */
  private async lockOut(key: string, user: AdminUser | null, now: Date): Promise<void> {
    if (user !== null) await this.deps.tokens.revokeAllOf(user.id);
    const until = lockAfterFailure(this.deps.settings.lockout.maxFailures, now, this.deps.settings.lockout);
    if (until === null) return;
    await this.deps.failures.lock(key, until);
    await this.deps.events.record([adminSignInLocked(key, user?.id ?? null, until, now)]);
  }

  private decoy(): Promise<string> {
    this.decoyDigest ??= this.deps.hasher.hash('decoy password that no digest matches 1').catch((error: unknown) => {
      this.decoyDigest = undefined; // a failure is not remembered: the next call tries again
      throw error;
    });
    return this.decoyDigest;
  }
}
