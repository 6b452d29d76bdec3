import { type IntegrationAccess } from './integration-access';
import { toIntegrationView, type IntegrationView } from './integration.views';

export interface GetIntegrationInput {
  readonly id: string;
}

/** One integration with its resource access. */
export class GetIntegration {
  constructor(private readonly access: IntegrationAccess) {}

  /**
   * Reading needs no more than the right to view integrations, which the admin adapter checks.
   * @throws IntegrationNotFoundError
   */
  async execute(input: GetIntegrationInput): Promise<IntegrationView> {
    const { integration, role } = await this.access.load({ id: input.id }, 'view');
    return toIntegrationView(integration, role);
  }
}
