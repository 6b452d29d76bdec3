import { adminSignedOut } from '../../../domain/admin-session/admin-sign-in.events';
import { type AdminServices } from './admin.services';

export interface SignOutAdminInput {
  readonly token: string;
}

export type SignOutAdminDeps = Pick<AdminServices, 'tokens' | 'clock' | 'events' | 'unitOfWork'>;

/**
 * Revokes an admin bearer token (sign-out). Revoking an unknown or revoked token is not an error.
 * A token revoked here publishes AdminSignedOut, on which the guard forgets what it read of the
 * token before the call returns (and, with Redis, every other process soon after).
 */
export class SignOutAdmin {
  constructor(private readonly deps: SignOutAdminDeps) {}

  async execute(input: SignOutAdminInput): Promise<{ readonly revoked: boolean }> {
    const { tokens, clock, events, unitOfWork } = this.deps;
    return unitOfWork.run(async () => {
      const record = await tokens.findByToken(input.token);
      const revoked = await tokens.revoke(input.token);
      if (revoked && record !== null && !record.revoked) await events.record([adminSignedOut(record.adminUserId, clock.now())]);
      return { revoked };
    });
  }
}
