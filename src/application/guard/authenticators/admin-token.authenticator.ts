import { AdminTokenInvalidError } from '../../../domain/admin-session/admin-session.errors';
import { isAdminTokenUsable } from '../../../domain/admin-session/admin-token';
import { adminActor } from '../../access/actor';
import { type AdminPrincipal, type Authenticator, type CredentialRequest } from '../authenticator';
import { requestBearerToken } from '../request-credentials';
import { type AdminServices } from '../../use-cases/admin-auth/admin.services';

export type AdminTokenAuthenticatorDeps = Pick<AdminServices, 'tokens' | 'adminUsers' | 'roles' | 'clock'>;

/**
 * An admin's token from sign-in, sent as `Authorization: Bearer` (or, from the admin web UI, in
 * the session cookie). A token it does not know is left to the next authenticator.
 */
export class AdminTokenAuthenticator implements Authenticator {
  readonly principalKind = 'admin';

  constructor(private readonly deps: AdminTokenAuthenticatorDeps) {}

  recognises(request: CredentialRequest): boolean {
    const token = requestBearerToken(request) ?? request.sessionToken;
    return token !== undefined && token !== '';
  }

  // Not async: principalFor's promise is the answer, with no second one around it.
  authenticate(request: CredentialRequest): Promise<AdminPrincipal | null> {
    const token = requestBearerToken(request) ?? request.sessionToken;
    if (token === undefined || token === '') return Promise.resolve(null);
    return this.principalFor(token);
  }

  /**
   * @returns null for a token that is not an admin token
   * @throws AdminTokenInvalidError for a revoked or expired token, or a user who is gone,
   *   inactive or without a role
   */
  async principalFor(token: string): Promise<AdminPrincipal | null> {
    const { tokens, adminUsers, roles, clock } = this.deps;
    const record = await tokens.findByToken(token);
    if (record === null) return null;
    if (record.revoked) throw new AdminTokenInvalidError('the token was revoked');
    if (!isAdminTokenUsable(record, clock.now())) throw new AdminTokenInvalidError('the token has expired');
    const user = await adminUsers.findById(record.adminUserId);
    if (user === null || !user.isActive) throw new AdminTokenInvalidError('the user is inactive or was deleted');
    const role = await roles.findById(user.roleId);
    if (role === null) throw new AdminTokenInvalidError('the user has no role');
    return { kind: 'admin', actor: adminActor(user.id), adminUserId: user.id, username: user.username, roleId: role.id, grant: role.grant, readOnly: role.readOnly };
  }
}
