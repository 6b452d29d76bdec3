import { type OAuthTokenRepository } from '../../../domain/token/oauth-token.repository';
import { type IntegrationRepository } from '../../../domain/integration/integration.repository';
import { SYSTEM_ACTOR, type Actor } from '../../access/actor';
import { type Clock } from '../../ports/clock.port';
import { type UnitOfWork } from '../../ports/unit-of-work.port';
import { type IntegrationAccess } from './integration-access';
import { revokeTokensOf } from './token-revocation';
import { toIntegrationView, type IntegrationView } from './integration.views';

export interface RevokeIntegrationInput {
  readonly id: string;
  readonly actor?: Actor;
}

export interface RevokeIntegrationDeps {
  readonly integrations: IntegrationRepository;
  readonly tokens: OAuthTokenRepository;
  readonly unitOfWork: UnitOfWork;
  readonly clock: Clock;
  readonly access: IntegrationAccess;
}

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
      const { integration, grant } = await access.load(input.id, input.actor ?? SYSTEM_ACTOR, 'revoke');
      const now = clock.now();
      await revokeTokensOf(tokens, integration.id, now);
      integration.deactivate(now);
      await integrations.save(integration);
      return toIntegrationView(integration, grant);
    });
  }
}
