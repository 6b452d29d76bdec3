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
  /** Removes every token of the integration; none is fine. */
  deleteByIntegrationId(integrationId: string): Promise<void>;
}

export const OAUTH_TOKEN_REPOSITORY = Symbol.for('portcullis.OAuthTokenRepository');
