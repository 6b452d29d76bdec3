import { injectionToken } from '../kernel/injection-token';
import { type OAuthToken } from './oauth-token.aggregate';

export interface OAuthTokenRepository {
  /** @returns null when no token has this value. */
  findByToken(token: string): Promise<OAuthToken | null>;
  /** Every token of the integration, oldest first; empty when none. */
  listByIntegrationId(integrationId: string): Promise<readonly OAuthToken[]>;
  /**
   * Inserts or updates.
   * @throws Error when the token value is already used (a unique key; values are random, so this
   *   signals a broken random source rather than a user error).
   */
  save(token: OAuthToken): Promise<void>;
  /**
   * Writes a token that changed value (an exchange step) only if the stored row still holds
   * `previousValue`: a compare-and-set, so of two concurrent exchanges of one token exactly one
   * wins, in this process or another.
   * @returns false when the stored token no longer holds `previousValue` (or is gone)
   */
  replace(token: OAuthToken, previousValue: string): Promise<boolean>;
  /**
   * Deletes verifier and request tokens (unfinished exchanges) created before `before`.
   * @returns how many
   */
  purgeUnfinishedOlderThan(before: Date): Promise<number>;
  /** Removes every token of the integration; none is fine. */
  deleteByIntegrationId(integrationId: string): Promise<void>;
}

export const OAUTH_TOKEN_REPOSITORY = injectionToken<OAuthTokenRepository>('OAuthTokenRepository');
