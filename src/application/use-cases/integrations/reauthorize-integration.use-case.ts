import { SYSTEM_ACTOR, type ActionOnRecord } from '../../access/actor';
import { type IntegrationAccess } from './integration-access';
import { type IntegrationActivator } from './integration-activator';
import { toIntegrationView, type ActivationResult, type IntegrationView } from './integration.views';

export type ReauthorizeIntegrationInput = ActionOnRecord;

export interface ReauthorizeIntegrationOutput {
  readonly integration: IntegrationView;
  readonly activation: ActivationResult;
}

/**
 * Reauthorizes an integration: the consumer key and secret stay; the old access token stops
 * working and a new one is issued locally, or the token exchange runs again (status inactive
 * until it completes).
 */
export class ReauthorizeIntegration {
  constructor(
    private readonly access: IntegrationAccess,
    private readonly activator: IntegrationActivator,
  ) {}

  /**
   * @throws IntegrationNotFoundError
   * @throws IntegrationNotActivatedError (activate it first)
   * @throws PrivilegeEscalationError when the integration has access the actor lacks
   */
  async execute(input: ReauthorizeIntegrationInput): Promise<ReauthorizeIntegrationOutput> {
    return this.activator.run(input.id, async (activate) => {
      const { integration, grant } = await this.access.load(input.id, input.actor ?? SYSTEM_ACTOR, 'reauthorize');
      const activation = await activate(integration, 'reauthorize');
      return { integration: toIntegrationView(integration, grant), activation };
    });
  }
}
