import { type ActionOnRecord } from '../../access/actor';
import { type IntegrationAccess } from './integration-access';
import { type IntegrationActivator } from './integration-activator';
import { validGraceSeconds } from './rotate-consumer-secret.use-case';
import { toIntegrationView, type ActivationResult, type IntegrationView } from './integration.views';

export interface ActivateIntegrationInput extends ActionOnRecord {
  /**
   * Reauthorizing locally: the replaced access token keeps working this long, 0 to 7 days in
   * seconds (default 0: refused at once). Not taken when activating.
   */
  readonly graceSeconds?: number;
}

export interface ActivateIntegrationOutput {
  readonly integration: IntegrationView;
  readonly activation: ActivationResult;
}

/**
 * Activates an integration: locally (credentials issued and returned at once) or, with both
 * handshake URLs, by starting the OAuth token exchange. Config integrations may be activated.
 * `ReauthorizeIntegration` is the same action with the other intent.
 */
export class ActivateIntegration {
  constructor(
    private readonly access: IntegrationAccess,
    private readonly activator: IntegrationActivator,
    private readonly intent: 'activate' | 'reauthorize' = 'activate',
  ) {}

  /**
   * @throws IntegrationNotFoundError
   * @throws IntegrationAlreadyActiveError (reauthorize instead) when activating;
   *   IntegrationNotActivatedError (activate it first) when reauthorizing
   * @throws PrivilegeEscalationError when the integration has access the actor lacks
   */
  async execute(input: ActivateIntegrationInput): Promise<ActivateIntegrationOutput> {
    const graceSeconds = validGraceSeconds(input.graceSeconds);
    return this.activator.run(input.id, async (activate) => {
      const { integration, role } = await this.access.load(input, this.intent);
      const activation = await activate(integration, this.intent, this.intent === 'reauthorize' ? graceSeconds : 0);
      return { integration: toIntegrationView(integration, role), activation };
    });
  }
}
