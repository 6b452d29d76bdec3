import { IntegrationNotActivatedError } from '../../../domain/integration/integration.errors';
import { type OAuthTokenRepository } from '../../../domain/token/oauth-token.repository';
import { type ActionOnRecord } from '../../access/actor';
import { type IntegrationAccess } from './integration-access';
import { oauth1CredentialsOf, type IntegrationCredentials } from './integration.views';

export type GetIntegrationCredentialsInput = ActionOnRecord;

/**
 * The four OAuth values of an active integration ("Integration Details" of Magento's edit page).
 * Seeing them is using the integration's access, so an admin with less access is refused.
 */
export class GetIntegrationCredentials {
  constructor(
    private readonly access: IntegrationAccess,
    private readonly tokens: OAuthTokenRepository,
  ) {}

  /**
   * @throws IntegrationNotFoundError
   * @throws PrivilegeEscalationError when the integration has access the actor lacks
   * @throws IntegrationNotActivatedError when it has no usable access token
   */
  async execute(input: GetIntegrationCredentialsInput): Promise<IntegrationCredentials> {
    const { integration } = await this.access.load(input, 'view the credentials of');
    const token = (await this.tokens.listByIntegrationId(integration.id)).find((t) => t.type === 'access' && !t.isRevoked);
    if (integration.status !== 'active' || token === undefined) throw new IntegrationNotActivatedError(integration.name);
    return oauth1CredentialsOf(integration, token);
  }
}
