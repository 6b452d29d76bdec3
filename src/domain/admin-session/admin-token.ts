/** What is kept of an admin bearer token: never the token itself, only whose it is and until when. */
export interface AdminTokenRecord {
  readonly adminUserId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly revoked: boolean;
}

/** Admin tokens last 4 h unless configured otherwise (Magento `oauth/access_token_lifetime/admin`). */
export const DEFAULT_ADMIN_TOKEN_LIFETIME_SECONDS = 4 * 3600;

/** A token authenticates while it is neither revoked nor expired (expiry is exclusive). */
export function isAdminTokenUsable(record: AdminTokenRecord, now: Date): boolean {
  return !record.revoked && record.expiresAt.getTime() > now.getTime();
}
