import { type ActionOnRecord } from '../../access/actor';
import { type IntegrationServices } from './integration.services';

export type DeleteIntegrationInput = ActionOnRecord;

export interface DeleteIntegrationOutput {
  readonly id: string;
  readonly name: string;
}

export type DeleteIntegrationDeps = Pick<IntegrationServices, 'integrations' | 'unitOfWork' | 'access' | 'clock' | 'events'>;

/**
 * Removes an integration with its consumer, tokens, nonces and role, all or nothing: the
 * repository's `delete` owns that cascade.
 */
export class DeleteIntegration {
  constructor(private readonly deps: DeleteIntegrationDeps) {}

  /**
   * @throws IntegrationNotFoundError
   * @throws IntegrationConfigManagedError ("Uninstall the extension to remove integration …")
   * @throws PrivilegeEscalationError when the integration has access the actor lacks
   */
  async execute(input: DeleteIntegrationInput): Promise<DeleteIntegrationOutput> {
    const { integrations, unitOfWork, access, clock, events } = this.deps;
    // Checked and deleted in one unit, so the access checked is the access deleted.
    return unitOfWork.run(async () => {
      const { integration } = await access.load(input, 'delete');
      integration.assertManuallyManaged('delete');
      integration.markDeleted(clock.now());
      await integrations.delete(integration.id);
      await events.record(integration.pullEvents());
      return { id: integration.id, name: integration.name };
    });
  }
}
