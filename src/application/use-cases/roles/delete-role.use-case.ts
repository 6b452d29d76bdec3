import { type AdminUserRepository } from '../../../domain/admin-user/admin-user.repository';
import { SelfAssignedRoleError } from '../../../domain/role/role.errors';
import { type RoleRepository } from '../../../domain/role/role.repository';
import { type AccessPolicy } from '../../access/access-policy';
import { SYSTEM_ACTOR, type ActionOnRecord } from '../../access/actor';
import { type Clock } from '../../ports/clock.port';
import { type DomainEventRecorder } from '../../ports/domain-events.port';
import { type UnitOfWork } from '../../ports/unit-of-work.port';
import { loadAdminRoleFor } from './admin-role-access';

export type DeleteRoleInput = ActionOnRecord;

export interface DeleteRoleOutput {
  readonly id: string;
  readonly name: string;
  /** Users left without a role: they cannot act until given another one. */
  readonly usersWithoutRole: number;
}

/** Deletes an admin role; its users can no longer act until assigned another role. */
export class DeleteRole {
  constructor(
    private readonly roles: RoleRepository,
    private readonly adminUsers: AdminUserRepository,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
    /** A deletion saves nothing: its event is handed over here. */
    private readonly events: DomainEventRecorder,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * @throws RoleNotFoundError, IntegrationRoleNotEditableError, PrivilegeEscalationError
   * @throws SelfAssignedRoleError when it is the acting admin's own role
   */
  async execute(input: DeleteRoleInput): Promise<DeleteRoleOutput> {
    const actor = input.actor ?? SYSTEM_ACTOR;
    const role = await loadAdminRoleFor(this.roles, this.policy, input, 'delete');
    if (actor.kind === 'admin' && (await this.adminUsers.findById(actor.userId))?.roleId === role.id) {
      throw new SelfAssignedRoleError(role.name);
    }
    const usersWithoutRole = await this.adminUsers.countByRoleId(role.id);
    role.markDeleted(this.clock.now());
    // The deletion and its event together: the audit trail journals it in the same transaction.
    await this.unitOfWork.run(async () => {
      await this.roles.delete(role.id);
      await this.events.record(role.pullEvents());
    });
    return { id: role.id, name: role.name, usersWithoutRole };
  }
}
