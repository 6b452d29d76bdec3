import { type AdminTokenRepository } from '../../../domain/admin-session/admin-token.repository';

export interface SignOutAdminInput {
  readonly token: string;
}

/** Revokes an admin bearer token (sign-out). Revoking an unknown or revoked token is not an error. */
export class SignOutAdmin {
  constructor(private readonly tokens: AdminTokenRepository) {}

  async execute(input: SignOutAdminInput): Promise<{ readonly revoked: boolean }> {
    return { revoked: await this.tokens.revoke(input.token) };
  }
}
