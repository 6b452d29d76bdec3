import { type Clock } from '../../ports/clock.port';
import { type IntegrationRepository } from '../../../domain/integration/integration.repository';
import { AccessTokenRevokedError, IntegrationInactiveError } from '../../../domain/oauth/oauth-problems';
import { type RoleRepository } from '../../../domain/role/role.repository';
import { type OAuthTokenRepository } from '../../../domain/token/oauth-token.repository';
import { type Authenticator, type CredentialRequest, type IntegrationPrincipal } from '../authenticator';
import { IntegrationBearerDisabledError } from '../guard.errors';
import { refusalOf } from '../guard-refusals';
import { type GuardSettings } from '../guard.settings';
import { requestBearerToken } from '../request-credentials';
import { assertUnexpired, integrationPrincipal } from './integration-principal';

export interface IntegrationBearerAuthenticatorDeps {
  readonly tokens: OAuthTokenRepository;
  readonly integrations: IntegrationRepository;
  readonly roles: RoleRepository;
  readonly settings: Pick<GuardSettings, 'integrationBearer'>;
  readonly clock: Clock;
}

/**
 * An integration's access token sent as `Authorization: Bearer` (docs/oauth.md §5), accepted only when
 * `integrationBearer` is on; when off, the token is recognised and refused with a plain reason.
 */
export class IntegrationBearerAuthenticator implements Authenticator {
  readonly principalKind = 'integration';

  constructor(private readonly deps: IntegrationBearerAuthenticatorDeps) {}

  recognises(request: CredentialRequest): boolean {
    return requestBearerToken(request) !== undefined;
  }

  /**
   * @throws IntegrationBearerDisabledError, AccessTokenRevokedError, IntegrationInactiveError,
   *   AccessTokenExpiredError (401)
   */
  async authenticate(request: CredentialRequest): Promise<IntegrationPrincipal | null> {
    const token = requestBearerToken(request);
    if (token === undefined) return null;
    const access = await this.deps.tokens.findByToken(token);
    if (access === null || access.type !== 'access') return null;
    // From here the call is the token's integration's: a refusal counts in its usage.
    try {
      if (!this.deps.settings.integrationBearer) throw new IntegrationBearerDisabledError();
      if (access.isRevoked) throw new AccessTokenRevokedError();
      const integration = await this.deps.integrations.findById(access.integrationId);
      if (integration === null || !integration.isActive) throw new IntegrationInactiveError();
      assertUnexpired(integration, access, this.deps.clock.now().getTime());
      return integrationPrincipal(integration, await this.deps.roles.findByIntegrationId(integration.id));
    } catch (error) {
      throw refusalOf(error, access.integrationId);
    }
  }
}
