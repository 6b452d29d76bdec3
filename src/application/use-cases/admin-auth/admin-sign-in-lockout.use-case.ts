import { adminSignInUnlocked } from '../../../domain/admin-session/admin-sign-in.events';
import { isLockedOut, usernameKey, type SignInFailures } from '../../../domain/admin-session/sign-in-lockout';
import { type AdminServices } from './admin.services';

/** A username's failed sign-ins and whether they lock it out now. */
export interface SignInLockoutState {
  readonly failures: number;
  /** When sign-in is refused until; null when it is not locked now. */
  readonly lockedUntil: Date | null;
}

export type AdminSignInLockoutDeps = Pick<AdminServices, 'failures' | 'adminUsers' | 'clock' | 'events' | 'unitOfWork'>;

/**
 * An operator's view of the sign-in lock-out (docs/domain.md: 6 failures in a row lock a username for
 * 1800 s): read it, or clear it (`admin:unlock`) so the user may sign in again at once.
 */
export class AdminSignInLockout {
  constructor(private readonly deps: AdminSignInLockoutDeps) {}

  async state(username: string): Promise<SignInLockoutState> {
    return this.stateOf(await this.deps.failures.find(usernameKey(username)));
  }

  /**
   * Forgets the failures and ends the lock; records `AdminSignInUnlocked` when there was anything
   * to forget (a lock or failures). @returns the state before
   */
  async clear(username: string): Promise<SignInLockoutState> {
    const { failures, adminUsers, clock, events, unitOfWork } = this.deps;
    const key = usernameKey(username);
    return unitOfWork.run(async () => {
      const before = this.stateOf(await failures.find(key));
      await failures.clear(key);
      if (before.failures > 0 || before.lockedUntil !== null) {
        const user = await adminUsers.findByUsername(username.trim());
        await events.record([adminSignInUnlocked(key, user?.id ?? null, before, clock.now())]);
      }
      return before;
    });
  }

  private stateOf(recorded: SignInFailures | null): SignInLockoutState {
    return {
      failures: recorded?.failures ?? 0,
      lockedUntil: isLockedOut(recorded, this.deps.clock.now()) ? (recorded?.lockExpiresAt ?? null) : null,
    };
  }
}
