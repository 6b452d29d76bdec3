import { type SignInFailureRepository } from '../../../domain/admin-session/sign-in-failure.repository';
import { isLockedOut, usernameKey, type SignInFailures } from '../../../domain/admin-session/sign-in-lockout';
import { type Clock } from '../../ports/clock.port';

/** A username's failed sign-ins and whether they lock it out now. */
export interface SignInLockoutState {
  readonly failures: number;
  /** When sign-in is refused until; null when it is not locked now. */
  readonly lockedUntil: Date | null;
}

/**
 * An operator's view of the sign-in lock-out (docs/domain.md: 6 failures in a row lock a username for
 * 1800 s): read it, or clear it (`admin:unlock`) so the user may sign in again at once.
 */
export class AdminSignInLockout {
  constructor(
    private readonly failures: SignInFailureRepository,
    private readonly clock: Clock,
  ) {}

  async state(username: string): Promise<SignInLockoutState> {
    return this.stateOf(await this.failures.find(usernameKey(username)));
  }

  /** Forgets the failures and ends the lock. @returns the state before */
  async clear(username: string): Promise<SignInLockoutState> {
    const key = usernameKey(username);
    const before = this.stateOf(await this.failures.find(key));
    await this.failures.clear(key);
    return before;
  }

  private stateOf(recorded: SignInFailures | null): SignInLockoutState {
    return {
      failures: recorded?.failures ?? 0,
      lockedUntil: isLockedOut(recorded, this.clock.now()) ? (recorded?.lockExpiresAt ?? null) : null,
    };
  }
}
