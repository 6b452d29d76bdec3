import { createHash } from 'node:crypto';
import { type SecretCipher } from '../../../application/ports/secret-cipher.port';
import { OAuthToken, type OAuthTokenType } from '../../../domain/token/oauth-token.aggregate';
import { type OAuthTokenRow } from '../schemas/rows';

/**
 * What the `token` column holds: the first 128 bits of the token's SHA-256, as 32 hex digits (the
 * column's width, compared byte for byte whatever its collation). Tokens are 165 random bits, so
 * no salt is needed to look one up, and 128 bits leave no way back to the token.
 */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 32);
}

export function tokenToRow(token: OAuthToken, cipher: SecretCipher): OAuthTokenRow {
  const s = token.toSnapshot();
  return { ...s, token: tokenDigest(s.token), tokenCipher: cipher.encrypt(s.token), secret: cipher.encrypt(s.secret) };
}

/** @throws SecretDecryptionError when the secret was written with another key. */
export function tokenToDomain(row: OAuthTokenRow, cipher: SecretCipher): OAuthToken {
  return OAuthToken.restore({
    id: row.id,
    integrationId: row.integrationId,
    type: row.type as OAuthTokenType,
    // A row not yet upgraded (see upgradeLegacyTokens) still holds the token itself.
    token: row.tokenCipher !== null ? cipher.decrypt(row.tokenCipher) : row.token,
    secret: cipher.decrypt(row.secret),
    verifier: row.verifier,
    revoked: Boolean(row.revoked),
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
  });
}
