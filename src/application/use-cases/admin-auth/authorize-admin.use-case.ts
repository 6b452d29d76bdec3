import { AdminTokenInvalidError } from '../../../domain/admin-session/admin-session.errors';
import { assertDemandAllowed, type ResourceDemand } from '../../access/required-resources';
import { type AdminPrincipal, type CredentialRequest } from '../../guard/authenticator';
import { requestBearerToken } from '../../guard/request-credentials';
import { type AdminTokenAuthenticator } from '../../guard/authenticators/admin-token.authenticator';
import { type AclTreeProvider } from '../../ports/acl-tree.port';

export { type AdminPrincipal } from '../../guard/authenticator';

export interface AuthorizeAdminInput extends ResourceDemand {
  /** The bearer token as sent; undefined when the request had none. */
  readonly token: string | undefined;
}

export interface AuthorizeAdminDeps {
  readonly adminTokens: AdminTokenAuthenticator;
  readonly aclTree: AclTreeProvider;
}

/** Authenticates an admin bearer token and checks that the admin's role allows the resources. */
export class AuthorizeAdmin {
  constructor(private readonly deps: AuthorizeAdminDeps) {}

  /**
   * @throws AdminTokenInvalidError no token, or an unknown, revoked or expired one, or a user who
   *   is gone, inactive or without a role
   * @throws AccessDeniedError naming every required resource the role lacks (or, with `anyOf`,
   *   those of which it allows none), addressed to the admin ("Your role isn't authorized…")
   */
  async execute(input: AuthorizeAdminInput): Promise<AdminPrincipal> {
    if (input.token === undefined || input.token === '') throw new AdminTokenInvalidError('no bearer token was sent');
    const principal = await this.deps.adminTokens.principalFor(input.token);
    if (principal === null) throw new AdminTokenInvalidError('the token is unknown');
    assertDemandAllowed(principal.grant, input, this.deps.aclTree.current(), 'admin');
    return principal;
  }
}

/** The admin REST API's refusal when a request carries no admin token it knows. */
export function adminUnrecognised(request: CredentialRequest): AdminTokenInvalidError {
  const token = requestBearerToken(request) ?? request.sessionToken;
  return new AdminTokenInvalidError(token === undefined || token === '' ? 'no bearer token was sent' : 'the token is unknown');
}
