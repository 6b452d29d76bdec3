import { Grant } from '../../../domain/acl/grant.value-object';
import { type Integration } from '../../../domain/integration/integration.aggregate';
import { IntegrationNotFoundError } from '../../../domain/integration/integration.errors';
import { type IntegrationRepository } from '../../../domain/integration/integration.repository';
import { type Role } from '../../../domain/role/role.aggregate';
import { type RoleRepository } from '../../../domain/role/role.repository';
import { type AccessPolicy } from '../../access/access-policy';
import { SYSTEM_ACTOR, type ActionOnRecord } from '../../access/actor';

export interface LoadedIntegration {
  readonly integration: Integration;
  /** The integration's role; null only if storage lost it (then the integration is allowed nothing). */
  readonly role: Role | null;
  readonly grant: Grant;
}

/**
 * Loads an integration with its role for an actor, refusing actors who do not hold all of its
 * access: managing an integration (editing, activating, reading its credentials) must not hand
 * an admin more than their own role allows.
 */
export class IntegrationAccess {
  constructor(
    private readonly integrations: IntegrationRepository,
    private readonly roles: RoleRepository,
    private readonly policy: AccessPolicy,
  ) {}

  /**
   * Loads the integration `target.id` for `target.actor` (the system when omitted), who means to `action` it.
   * @throws IntegrationNotFoundError
   * @throws PrivilegeEscalationError when the integration's access exceeds the actor's.
   */
  async load({ id, actor = SYSTEM_ACTOR }: ActionOnRecord, action: string): Promise<LoadedIntegration> {
    const integration = await this.integrations.findById(id);
    if (integration === null) throw new IntegrationNotFoundError(id);
    const role = await this.roles.findByIntegrationId(id);
    const grant = role?.grant ?? Grant.none();
    await this.policy.assertMayGive(actor, grant, `${action} integration "${integration.name}" (it has access you do not have)`);
    return { integration, role, grant };
  }
}
