import { SYSTEM_ACTOR, type ActionOnRecord } from '../../access/actor';
import { type IntegrationAccess } from './integration-access';
import { type IntegrationActivator } from './integration-activator';
import { toIntegrationView, type ActivationResult, type IntegrationView } from './integration.views';

export type ActivateIntegrationInput = ActionOnRecord;

export interface ActivateIntegrationOutput {
  readonly integration: IntegrationView;
  readonly activation: ActivationResult;
}

/**
 * Activates an integration: locally (credentials issued and returned at once) or, with both
 * handshake URLs, by starting the OAuth token exchange. Config integrations may be activated.
 */
export class ActivateIntegration {
  constructor(
    private readonly access: IntegrationAccess,
    private readonly activator: IntegrationActivator,
  ) {}

  /**
   * @throws IntegrationNotFoundError
   * @throws IntegrationAlreadyActiveError (reauthorize instead)
   * @throws PrivilegeEscalationError when the integration has access the actor lacks
   */
  async execute(input: ActivateIntegrationInput): Promise<ActivateIntegrationOutput> {
    return this.activator.run(input.id, async (activate) => {
      const { integration, grant } = await this.access.load(input.id, input.actor ?? SYSTEM_ACTOR, 'activate');
      const activation = await activate(integration, 'activate');
      return { integration: toIntegrationView(integration, grant), activation };
    });
  }
}
