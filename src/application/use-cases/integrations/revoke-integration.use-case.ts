import { type ActionOnRecord } from '../../access/actor';
import { revokeTokensOf } from './token-revocation';
import { toIntegrationView, type IntegrationView } from './integration.views';
import { type IntegrationServices } from './integration.services';

export type RevokeIntegrationInput = ActionOnRecord;

export type RevokeIntegrationDeps = Pick<IntegrationServices, 'integrations' | 'tokens' | 'unitOfWork' | 'clock' | 'access'>;

/**
 * Revokes an integration's access at once (Magento has no such action; its users delete the
 * integration instead): its tokens are marked revoked, so API calls with them are refused with
 * "Access token has been revoked", an unfinished handshake stops, and the integration becomes
 * inactive until an admin activates it again. Consumer key and secret are kept.
 */
export class RevokeIntegration {
  constructor(private readonly deps: RevokeIntegrationDeps) {}

  /**
   * @throws IntegrationNotFoundError
   * @throws PrivilegeEscalationError when the integration has access the actor lacks
   */
  async execute(input: RevokeIntegrationInput): Promise<IntegrationView> {
    const { integrations, tokens, unitOfWork, clock, access } = this.deps;
    return unitOfWork.run(async () => {
      const { integration, role } = await access.load(input, 'revoke');
      const now = clock.now();
      await revokeTokensOf(tokens, integration.id, now);
      integration.deactivate(now);
      integration.endSecretGrace(now);
      await integrations.save(integration);
      return toIntegrationView(integration, role);
    });
  }
}
