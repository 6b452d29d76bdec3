import { type RequiredResources } from '../../domain/acl/grant.value-object';
import { assertAllowed } from '../access/required-resources';
import { type AclTreeProvider } from '../ports/acl-tree.port';
import { type AuthenticatedPrincipal, type Authenticator, type CredentialRequest } from './authenticator';
import { type IntegrationUsage } from './integration-usage';

export interface RequestAuthorizerDeps {
  /** Asked in this order; the first that recognises the request's credential decides. */
  readonly authenticators: readonly Authenticator[];
  /** The refusal (401) when none recognises it: each door words it for its callers. */
  readonly unrecognised: (request: CredentialRequest) => Error;
  readonly aclTree: AclTreeProvider;
  readonly usage: IntegrationUsage;
}

/**
 * The one path every authenticated request takes, whichever door it came through (the guard's
 * edges, forward-auth, the admin REST API): resolve the principal through the authenticators,
 * then check its grant allows what is required (`Grant.missing`), then record an integration's use.
 */
export class RequestAuthorizer {
  constructor(private readonly deps: RequestAuthorizerDeps) {}

  /**
   * @param accepts the kinds of principal this door lets in (authenticators of other kinds are
   *   not asked); all by default
   * @throws the refusal of the authenticator that recognised the request, or `unrecognised` (401)
   * @throws AccessDeniedError naming what the principal's grant lacks (403)
   */
  async authorize(
    request: CredentialRequest,
    required: RequiredResources,
    accepts: (kind: AuthenticatedPrincipal['kind']) => boolean = () => true,
  ): Promise<AuthenticatedPrincipal> {
    const principal = await this.authenticate(request, accepts);
    assertAllowed(principal.grant, required, this.deps.aclTree.current(), principal.kind === 'admin' ? 'admin' : 'consumer');
    if (principal.kind === 'integration') {
      // Almost always no write is due: then nothing is awaited.
      const write = this.deps.usage.record(principal.integrationId);
      if (write !== undefined) await write;
    }
    return principal;
  }

  private async authenticate(request: CredentialRequest, accepts: (kind: AuthenticatedPrincipal['kind']) => boolean): Promise<AuthenticatedPrincipal> {
    for (const authenticator of this.deps.authenticators) {
      if (!accepts(authenticator.principalKind)) continue;
      if (authenticator.recognises?.(request) === false) continue;
      const principal = await authenticator.authenticate(request);
      if (principal !== null) return principal;
    }
    throw this.deps.unrecognised(request);
  }
}
