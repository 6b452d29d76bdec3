import { type SecretCipher } from '../../../application/ports/secret-cipher.port';
import { OAuthToken, type OAuthTokenType } from '../../../domain/token/oauth-token.aggregate';
import { type OAuthTokenRow } from '../schemas/rows';

export function tokenToRow(token: OAuthToken, cipher: SecretCipher): OAuthTokenRow {
  const s = token.toSnapshot();
  return { ...s, secret: cipher.encrypt(s.secret) };
}

/** @throws SecretDecryptionError when the secret was written with another key. */
export function tokenToDomain(row: OAuthTokenRow, cipher: SecretCipher): OAuthToken {
  return OAuthToken.restore({
    id: row.id,
    integrationId: row.integrationId,
    type: row.type as OAuthTokenType,
    token: row.token,
    secret: cipher.decrypt(row.secret),
    verifier: row.verifier,
    revoked: Boolean(row.revoked),
    createdAt: row.createdAt,
  });
}
