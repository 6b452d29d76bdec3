import { injectionToken } from '../kernel/injection-token';

/**
 * The nonces each consumer (integration) has used, so a signed OAuth request cannot be replayed
 * (docs/oauth.md §3). Uniqueness is a key of the store, never a read-then-write, so two server
 * processes on one database reject a nonce used on either.
 */
export interface NonceRepository {
  /**
   * Records the nonce; false when this consumer already used it (atomic, via the database unique
   * key, correct across processes).
   * @param timestamp oauth_timestamp, seconds since the epoch
   */
  use(integrationId: string, nonce: string, timestamp: number): Promise<boolean>;
  /**
   * Deletes nonces with timestamp < before (seconds).
   * @returns how many
   */
  purgeOlderThan(before: number): Promise<number>;
}

export const NONCE_REPOSITORY = injectionToken<NonceRepository>('NonceRepository');
