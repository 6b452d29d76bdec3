import { type OAuthTokenRepository } from '../../../domain/token/oauth-token.repository';

/**
 * Withdraws an integration's tokens: an unfinished handshake (verifier or request token) is
 * deleted, an access token is marked revoked, so calls with it are refused with "Access token has
 * been revoked". Run it in the caller's unit of work.
 */
export async function revokeTokensOf(tokens: OAuthTokenRepository, integrationId: string, now: Date): Promise<void> {
  const held = await tokens.listByIntegrationId(integrationId);
  if (held.some((token) => token.type !== 'access')) {
    // An unfinished handshake has nothing to revoke: its verifier or request token goes.
    await tokens.deleteByIntegrationId(integrationId);
  }
  for (const token of held.filter((candidate) => candidate.type === 'access' && !candidate.isRevoked)) {
    token.revoke(now);
    await tokens.save(token);
  }
}
