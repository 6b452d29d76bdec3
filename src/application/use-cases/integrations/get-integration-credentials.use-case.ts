import { IntegrationNotActivatedError } from '../../../domain/integration/integration.errors';
import { type ActionOnRecord } from '../../access/actor';
import { oauth1CredentialsOf, type IntegrationCredentials } from './integration.views';
import { type IntegrationServices } from './integration.services';

export type GetIntegrationCredentialsInput = ActionOnRecord;

export type GetIntegrationCredentialsDeps = Pick<IntegrationServices, 'access' | 'tokens' | 'clock' | 'events'>;

/**
 * The four OAuth values of an active integration ("Integration Details" of Magento's edit page).
 * Seeing them is using the integration's access, so an admin with less access is refused. Every
 * showing is recorded (`IntegrationCredentialsViewed`, never the values), and before they are
 * handed out: if it cannot be recorded, they are not shown.
 */
export class GetIntegrationCredentials {
  constructor(private readonly deps: GetIntegrationCredentialsDeps) {}

  /**
   * @throws IntegrationNotFoundError
   * @throws PrivilegeEscalationError when the integration has access the actor lacks
   * @throws IntegrationNotActivatedError when it has no usable access token
   */
  async execute(input: GetIntegrationCredentialsInput): Promise<IntegrationCredentials> {
    const { access, tokens, clock, events } = this.deps;
    const { integration } = await access.load(input, 'view the credentials of');
    // The current access token: one replaced with a grace period (an end set) is not shown.
    const token = (await tokens.listByIntegrationId(integration.id)).find((t) => t.type === 'access' && !t.isRevoked && t.expiresAt === null);
    if (integration.status !== 'active' || token === undefined) throw new IntegrationNotActivatedError(integration.name);
    integration.recordCredentialsViewed(clock.now());
    await events.record(integration.pullEvents());
    return oauth1CredentialsOf(integration, token);
  }
}
