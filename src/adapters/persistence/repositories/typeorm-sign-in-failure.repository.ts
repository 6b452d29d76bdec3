import { LessThanOrEqual } from 'typeorm';
import { type SignInFailureRepository } from '../../../domain/admin-session/sign-in-failure.repository';
import { type SignInFailures } from '../../../domain/admin-session/sign-in-lockout';
import { type SignInFailureRow } from '../schemas/rows';
import { isUniqueViolation } from '../unique-violation';
import { TypeormRepository } from './typeorm-repository';

/** A concurrent `clear` can delete the row between our insert attempt and the update: try again. */
const ATTEMPTS = 3;

/**
 * Failed sign-ins per username key. Counting uses single-statement updates (`count = count + 1`)
 * and an insert that loses a race falls back to the update, so concurrent failures from several
 * processes are all counted without a surrounding transaction or a read-modify-write.
 */
export class TypeormSignInFailureRepository extends TypeormRepository implements SignInFailureRepository {
  find(usernameKey: string): Promise<SignInFailures | null> {
    return this.findOne(this.schemas.signInFailure, { usernameKey }, (row) => ({ failures: Number(row.failuresCount), lockExpiresAt: row.lockExpiresAt }));
  }

  async recordFailure(usernameKey: string, now: Date): Promise<SignInFailures> {
    const manager = this.context.manager();
    // A lock that has ended starts a new count (NULL <= now is not true, so unlocked rows are kept).
    await manager.update(
      this.schemas.signInFailure,
      { usernameKey, lockExpiresAt: LessThanOrEqual(now) },
      { failuresCount: 0, lockExpiresAt: null },
    );
    await this.updateOrInsert(
      async () => (await manager.increment(this.schemas.signInFailure, { usernameKey }, 'failuresCount', 1)).affected ?? 0,
      { usernameKey, failuresCount: 1, lockExpiresAt: null },
    );
    // Read back: under concurrency this may include others' failures, never fewer than ours.
    const state = await this.find(usernameKey);
    if (state === null) throw new Error(`The sign-in failures of "${usernameKey}" vanished while being counted.`);
    return state;
  }

  async lock(usernameKey: string, until: Date): Promise<void> {
    const manager = this.context.manager();
    await this.updateOrInsert(
      async () => (await manager.update(this.schemas.signInFailure, { usernameKey }, { lockExpiresAt: until })).affected ?? 0,
      { usernameKey, failuresCount: 0, lockExpiresAt: until },
    );
  }

  async clear(usernameKey: string): Promise<void> {
    await this.context.manager().delete(this.schemas.signInFailure, { usernameKey });
  }

  /**
   * Updates the existing row, or inserts `row` when there is none. Update first: on MySQL an
   * update of an existing row takes only its record lock, while a duplicate insert would take a
   * shared lock that deadlocks two concurrent updates inside transactions.
   */
  private async updateOrInsert(update: () => Promise<number>, row: SignInFailureRow): Promise<void> {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      if ((await update()) > 0) return;
      try {
        await this.context.manager().insert(this.schemas.signInFailure, row);
        return;
      } catch (error) {
        // Another caller inserted the row first: update it instead.
        if (!isUniqueViolation(error)) throw error;
      }
    }
    throw new Error(`Could not write the sign-in failures of "${row.usernameKey}" (concurrent clears).`);
  }
}
