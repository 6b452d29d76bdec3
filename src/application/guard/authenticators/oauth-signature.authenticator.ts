import { isOAuthAuthorization } from '../../../domain/oauth/authorization-header';
import {
  AccessTokenConsumerMismatchError,
  AccessTokenRevokedError,
  IntegrationInactiveError,
  TokenNotAccessError,
  TokenUnknownError,
} from '../../../domain/oauth/oauth-problems';
import { splitRequestTarget } from '../../../domain/oauth/oauth-request';
import { type ConsumerRequestChecks, type ConsumerRequestInput } from '../../oauth/consumer-request';
import { type Authenticator, type CredentialRequest, type IntegrationPrincipal } from '../authenticator';
import { refusalOf } from '../guard-refusals';
import { assertUnexpired, integrationPrincipal } from './integration-principal';
import { requestAuthorization } from '../request-credentials';
import { type OAuthServices } from '../../oauth/oauth.services';

export type OAuthSignatureAuthenticatorDeps = Pick<OAuthServices, 'tokens' | 'roles' | 'clock'> & { readonly checks: ConsumerRequestChecks };

/**
 * An API call signed with an integration's consumer secret and access token secret (docs/oauth.md §1
 * step 5): the token must be this consumer's unrevoked access token, the signature valid, the
 * nonce new and the integration active. Recognises every request with `Authorization: OAuth …`.
 */
export class OAuthSignatureAuthenticator implements Authenticator {
  readonly principalKind = 'integration';

  constructor(private readonly deps: OAuthSignatureAuthenticatorDeps) {}

  recognises(request: CredentialRequest): boolean {
    return isOAuthAuthorization(requestAuthorization(request));
  }

  async authenticate(request: CredentialRequest): Promise<IntegrationPrincipal | null> {
    const authorization = requestAuthorization(request);
    if (!isOAuthAuthorization(authorization)) return null;
    const { path, rawQuery } = splitRequestTarget(request.url);
    return this.verify({
      method: request.method,
      baseUrl: request.baseUrl,
      path,
      rawQuery,
      ...(request.formBody !== undefined ? { formBody: request.formBody } : {}),
      authorization,
    });
  }

  /**
   * @throws the 400/401 refusals of ConsumerRequestChecks, TokenUnknownError, TokenNotAccessError,
   *   AccessTokenRevokedError, AccessTokenConsumerMismatchError, IntegrationInactiveError,
   *   AccessTokenExpiredError (401)
   */
  async verify(input: ConsumerRequestInput): Promise<IntegrationPrincipal> {
    const { checks, tokens, roles } = this.deps;
    const identified = await checks.identify(input, 'api-call');
    const { integration } = identified;
    // From here the call is the consumer's: a refusal counts in its integration's usage.
    try {
      const token = await tokens.findByToken(identified.token ?? '');
      if (token === null) throw new TokenUnknownError();
      if (token.type !== 'access') throw new TokenNotAccessError();
      if (token.isRevoked) throw new AccessTokenRevokedError();
      if (token.integrationId !== integration.id) throw new AccessTokenConsumerMismatchError();
      await checks.authenticate(identified, token.secret);
      if (!integration.isActive) throw new IntegrationInactiveError();
      assertUnexpired(integration, token, this.deps.clock.now().getTime());
      return integrationPrincipal(integration, await roles.findByIntegrationId(integration.id));
    } catch (error) {
      throw refusalOf(error, integration.id);
    }
  }
}
