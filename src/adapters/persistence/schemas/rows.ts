/** Rows as stored: plain data, never domain objects (mappers translate). */

export interface IntegrationRow {
  id: string;
  name: string;
  /**
   * `IntegrationName.keyOf(name)`: the unique key (case, accents, width and spacing ignored),
   * compared byte for byte on every dialect (binary collation on MySQL).
   */
  nameKey: string;
  email: string;
  endpoint: string | null;
  identityLinkUrl: string | null;
  status: string;
  setupType: string;
  createdAt: Date;
  updatedAt: Date;
  lastUsedAt: Date | null;
  statusReason: string | null;
  orphaned: boolean;
  /** `CredentialPolicy.expiresAt`: null, never. */
  credentialsExpireAt: Date | null;
  /** The allowed CIDR ranges as a JSON array of strings; null when every address may call. */
  allowedIps: string | null;
  /** Requests per `rateLimitWindowSeconds`; both null when there is no rate limit. */
  rateLimit: number | null;
  rateLimitWindowSeconds: number | null;
}

export interface ConsumerRow {
  integrationId: string;
  consumerKey: string;
  /** SecretCipher ciphertext. */
  secret: string;
  /** SecretCipher ciphertext of the secret before the last rotation; null when none is still accepted. */
  previousSecret: string | null;
  /** End of `previousSecret`'s grace period; null exactly when `previousSecret` is. */
  previousSecretUntil: Date | null;
  exchangeStartedAt: Date | null;
  createdAt: Date;
}

export interface OAuthTokenRow {
  id: string;
  integrationId: string;
  type: string;
  /**
   * tokenDigest of the token: a copy of the database alone does not give a token that works as
   * `oauth_token` or as a bearer. Rows written before 0.2 held the token itself until the first
   * start upgraded them (`tokenCipher` null).
   */
  token: string;
  /** SecretCipher ciphertext of the token (null only in a row not yet upgraded). */
  tokenCipher: string | null;
  /** SecretCipher ciphertext. */
  secret: string;
  verifier: string | null;
  revoked: boolean;
  /** End of a replaced access token's grace period; null, none. */
  expiresAt: Date | null;
  createdAt: Date;
}

export interface RoleRow {
  id: string;
  name: string;
  /** `Role.nameKey(name)` for admin roles (unique, compared byte for byte); null for integration roles. */
  nameKey: string | null;
  kind: string;
  integrationId: string | null;
  grantMode: string;
  readOnly: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface GrantRuleRow {
  roleId: string;
  resourceId: string;
  /** `selected` or `excluded`. */
  kind: string;
}

export interface AdminUserRow {
  id: string;
  username: string;
  /** `AdminUser.usernameKey(username)` (unique, compared byte for byte). */
  usernameKey: string;
  firstName: string;
  lastName: string;
  email: string;
  passwordHash: string;
  active: boolean;
  roleId: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface NonceRow {
  integrationId: string;
  /** SHA-256 (hex) of the nonce: compared byte for byte whatever the column's collation. */
  nonce: string;
  /** oauth_timestamp, seconds since the epoch. */
  timestamp: number;
}

export interface AdminTokenRow {
  /** SHA-256 of the bearer token (the token itself is never stored). */
  tokenHash: string;
  adminUserId: string;
  createdAt: Date;
  expiresAt: Date;
  revoked: boolean;
}

export interface SignInFailureRow {
  /** `usernameKey` of sign-in-lockout.ts, compared byte for byte. */
  usernameKey: string;
  failuresCount: number;
  lockExpiresAt: Date | null;
}

/** Calls of one integration in one hour with one outcome (`allowed` or a refusal reason). */
export interface UsageRow {
  integrationId: string;
  /** The hour's start (UTC). */
  hour: Date;
  outcome: string;
  calls: number;
}

/** Facts about the database itself (e.g. a check value for the secret key). */
export interface MetaRow {
  key: string;
  value: string;
}

/** One entry of the audit trail (`AuditEntry`): every field in a column, `details` as canonical JSON text. */
export interface AuditEntryRow {
  /** Read back as a string on MySQL (BIGINT): the mapper makes it a number. */
  seq: number | string;
  occurredAt: Date;
  actorKind: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetKind: string;
  targetId: string | null;
  targetName: string | null;
  sourceIp: string | null;
  sourceUserAgent: string | null;
  sourceRequestId: string | null;
  details: string;
  prevHash: string;
  hash: string;
}

/** The one row (`id` 1) holding the link of the last audit entry pruned; absent until the first pruning. */
export interface AuditAnchorRow {
  id: number;
  seq: number | string;
  hash: string;
}
