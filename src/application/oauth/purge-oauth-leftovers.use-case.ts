import { type NonceRepository } from '../../domain/oauth/nonce.repository';
import { type OAuthTokenRepository } from '../../domain/token/oauth-token.repository';
import { type Clock } from '../ports/clock.port';
import { NONCE_RETENTION_MARGIN_SECONDS, type OAuthSettings } from './oauth.settings';

export interface PurgeOAuthLeftoversResult {
  readonly nonces: number;
  readonly unfinishedTokens: number;
}

/**
 * Deletes what the OAuth side no longer needs: nonces older than the timestamp window and its
 * margin (NONCE_RETENTION_MARGIN_SECONDS; a request that old is refused before its nonce is looked
 * at, so forgetting them is safe) and verifier or request tokens of handshakes abandoned longer than
 * the configured lifetime.
 */
export class PurgeOAuthLeftovers {
  constructor(
    private readonly nonces: NonceRepository,
    private readonly tokens: OAuthTokenRepository,
    private readonly clock: Clock,
    private readonly settings: OAuthSettings,
  ) {}

  async execute(): Promise<PurgeOAuthLeftoversResult> {
    const now = this.clock.now().getTime();
    const nonces = await this.nonces.purgeOlderThan(Math.floor(now / 1000) - this.settings.timestampSkewSeconds - NONCE_RETENTION_MARGIN_SECONDS);
    const unfinishedTokens = await this.tokens.purgeUnfinishedOlderThan(new Date(now - this.settings.unfinishedTokenLifetimeSeconds * 1000));
    return { nonces, unfinishedTokens };
  }
}
