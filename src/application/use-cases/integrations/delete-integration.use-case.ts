import { type IntegrationRepository } from '../../../domain/integration/integration.repository';
import { type RoleRepository } from '../../../domain/role/role.repository';
import { type OAuthTokenRepository } from '../../../domain/token/oauth-token.repository';
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
  readonly roles: RoleRepository;
  readonly tokens: OAuthTokenRepository;
  readonly unitOfWork: UnitOfWork;
  readonly access: IntegrationAccess;
  readonly clock: Clock;
  /** A deletion saves nothing: its event is handed over here. */
  readonly events: DomainEventRecorder;
}

/** Removes an integration with its consumer, tokens and role, all or nothing. */
export class DeleteIntegration {
  constructor(private readonly deps: DeleteIntegrationDeps) {}

  /**
   * @throws IntegrationNotFoundError
   * @throws IntegrationConfigManagedError ("Uninstall the extension to remove integration …")
   * @throws PrivilegeEscalationError when the integration has access the actor lacks
   */
  async execute(input: DeleteIntegrationInput): Promise<DeleteIntegrationOutput> {
    const { integrations, roles, tokens, unitOfWork, access, clock, events } = this.deps;
    return unitOfWork.run(async () => {
      const { integration, role } = await access.load(input.id, input.actor ?? SYSTEM_ACTOR, 'delete');
      integration.assertManuallyManaged('delete');
      integration.markDeleted(clock.now());
      await tokens.deleteByIntegrationId(integration.id);
      if (role !== null) await roles.delete(role.id);
      await integrations.delete(integration.id);
      await events.record(integration.pullEvents());
      return { id: integration.id, name: integration.name };
    });
  }
}
