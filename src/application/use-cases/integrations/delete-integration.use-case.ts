import { type IntegrationRepository } from '../../../domain/integration/integration.repository';
import { SYSTEM_ACTOR, type Actor } from '../../access/actor';
import { type Clock } from '../../ports/clock.port';
import { type DomainEventRecorder } from '../../ports/domain-events.port';
import { type UnitOfWork } from '../../ports/unit-of-work.port';
import { type IntegrationAccess } from './integration-access';

export interface DeleteIntegrationInput {
  readonly id: string;
  readonly actor?: Actor;
}

export interface DeleteIntegrationOutput {
  readonly id: string;
  readonly name: string;
}

export interface DeleteIntegrationDeps {
  readonly integrations: IntegrationRepository;
  readonly unitOfWork: UnitOfWork;
  readonly access: IntegrationAccess;
  readonly clock: Clock;
  /** A deletion saves nothing: its event is handed over here. */
  readonly events: DomainEventRecorder;
}

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
      const { integration } = await access.load(input.id, input.actor ?? SYSTEM_ACTOR, 'delete');
      integration.assertManuallyManaged('delete');
      integration.markDeleted(clock.now());
      await integrations.delete(integration.id);
      await events.record(integration.pullEvents());
      return { id: integration.id, name: integration.name };
    });
  }
}
