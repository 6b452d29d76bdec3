import { injectionToken } from '../kernel/injection-token';
import { type AdminTokenRecord } from './admin-token';

/**
 * Admin bearer tokens. Implementations keep a one-way digest of the token, never the token: a
 * copy of the database does not let anyone sign in.
 */
export interface AdminTokenRepository {
  /**
   * Stores a newly issued token.
   * @throws Error when the token is already stored (values are random: a broken random source).
   */
  add(token: string, record: AdminTokenRecord): Promise<void>;
  /** @returns null for a token never issued (or already purged). */
  findByToken(token: string): Promise<AdminTokenRecord | null>;
  /** Marks the token revoked. @returns false when it was unknown. */
  revoke(token: string): Promise<boolean>;
  /**
   * Revokes every token of the user but `except` (the session that asks, when users change their
   * own password); none is fine.
   * @returns how many were not yet revoked (expired ones included: there is no `now` here).
   */
  revokeAllOf(adminUserId: string, except?: string): Promise<number>;
  /**
   * Deletes tokens expired at `now`, i.e. `expiresAt <= now` as in `isAdminTokenUsable`
   * (housekeeping; revoked tokens stay until they expire). @returns how many.
   */
  deleteExpired(now: Date): Promise<number>;
}

export const ADMIN_TOKEN_REPOSITORY = injectionToken<AdminTokenRepository>('AdminTokenRepository');
