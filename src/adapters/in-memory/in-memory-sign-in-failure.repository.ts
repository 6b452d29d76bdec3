import { type SignInFailureRepository } from '../../domain/admin-session/sign-in-failure.repository';
import { type SignInFailures } from '../../domain/admin-session/sign-in-lockout';
import { type InMemoryDatabase } from './in-memory-database';

const frozen = (failures: number, lockExpiresAt: Date | null): SignInFailures =>
  Object.freeze({ failures, lockExpiresAt: lockExpiresAt === null ? null : new Date(lockExpiresAt.getTime()) });

/** Each method runs without an await in between, so it is atomic like the SQL statements. */
export class InMemorySignInFailureRepository implements SignInFailureRepository {
  constructor(private readonly database: InMemoryDatabase) {}

  private get rows(): Map<string, SignInFailures> {
    return this.database.tables.signInFailures;
  }

  find(usernameKey: string): Promise<SignInFailures | null> {
    const row = this.rows.get(usernameKey);
    return Promise.resolve(row ? frozen(row.failures, row.lockExpiresAt) : null);
  }

  recordFailure(usernameKey: string, now: Date): Promise<SignInFailures> {
    const row = this.rows.get(usernameKey);
    const lockEnded = row !== undefined && row.lockExpiresAt !== null && row.lockExpiresAt.getTime() <= now.getTime();
    const next = !row || lockEnded ? frozen(1, null) : frozen(row.failures + 1, row.lockExpiresAt);
    this.rows.set(usernameKey, next);
    return Promise.resolve(frozen(next.failures, next.lockExpiresAt));
  }

  lock(usernameKey: string, until: Date): Promise<void> {
    this.rows.set(usernameKey, frozen(this.rows.get(usernameKey)?.failures ?? 0, until));
    return Promise.resolve();
  }

  clear(usernameKey: string): Promise<void> {
    this.rows.delete(usernameKey);
    return Promise.resolve();
  }
}
