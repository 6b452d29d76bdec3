import { assertDemandAllowed, type ResourceDemand } from '../access/required-resources';
import { type OAuthSignatureAuthenticator } from '../guard/authenticators/oauth-signature.authenticator';
import { type AclTreeProvider } from '../ports/acl-tree.port';
import { type ConsumerRequestInput } from './consumer-request';

/** The integration an OAuth-signed API call acts for. */
export interface IntegrationCaller {
  readonly integrationId: string;
  readonly name: string;
}

export interface AuthorizeIntegrationCallInput extends ResourceDemand {
  readonly request: ConsumerRequestInput;
}

export interface AuthorizeIntegrationCallDeps {
  readonly signatures: OAuthSignatureAuthenticator;
  readonly aclTree: AclTreeProvider;
}

/**
 * Authenticates an API call signed with an integration's consumer secret and access token secret
 * (docs/oauth.md §1 step 5, `OAuthSignatureAuthenticator`), then checks its grant allows the resources.
 */
export class AuthorizeIntegrationCall {
  constructor(private readonly deps: AuthorizeIntegrationCallDeps) {}

  /**
   * @throws the refusals of `OAuthSignatureAuthenticator.verify` (400/401)
   * @throws AccessDeniedError naming every required resource the integration lacks (403)
   */
  async execute(input: AuthorizeIntegrationCallInput): Promise<IntegrationCaller> {
    const principal = await this.deps.signatures.verify(input.request);
    assertDemandAllowed(principal.grant, input, this.deps.aclTree.current(), 'consumer');
    return { integrationId: principal.integrationId, name: principal.name };
  }
}
