import { Grant } from '../../../domain/acl/grant.value-object';
import { type Integration } from '../../../domain/integration/integration.aggregate';
import { AccessTokenExpiredError } from '../../../domain/oauth/oauth-problems';
import { type Role } from '../../../domain/role/role.aggregate';
import { type OAuthToken } from '../../../domain/token/oauth-token.aggregate';
import { type IntegrationPrincipal } from '../authenticator';

/**
 * @throws AccessTokenExpiredError when the integration's credentials are past their expiry, or the
 *   token was replaced and its grace period is over
 */
export function assertUnexpired(integration: Integration, token: OAuthToken, now: number): void {
  if (integration.policy.isExpired(now) || token.isExpired(now)) throw new AccessTokenExpiredError();
}

/** The principal of an authenticated integration: its role's grant (none without a role) and read-only flag, and its policy. */
export function integrationPrincipal(integration: Integration, role: Role | null): IntegrationPrincipal {
  return {
    kind: 'integration',
    integrationId: integration.id,
    name: integration.name,
    grant: role?.grant ?? Grant.none(),
    readOnly: role?.readOnly ?? false,
    policy: integration.policy,
  };
}
