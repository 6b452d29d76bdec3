import { SelfDeactivationError } from '../../../domain/admin-user/admin-user.errors';
import { type AdminUserRepository } from '../../../domain/admin-user/admin-user.repository';
import { SYSTEM_ACTOR, type ActionOnRecord } from '../../access/actor';
import { type Clock } from '../../ports/clock.port';
import { type DomainEventRecorder } from '../../ports/domain-events.port';
import { type UnitOfWork } from '../../ports/unit-of-work.port';
import { type AdminUserAccess } from './admin-user-access';

export type DeleteAdminUserInput = ActionOnRecord;

/** Deletes an admin user (not oneself, not a user above one's own access). */
export class DeleteAdminUser {
  constructor(
    private readonly adminUsers: AdminUserRepository,
    private readonly access: AdminUserAccess,
    private readonly clock: Clock,
    /** A deletion saves nothing: its event is handed over here. */
    private readonly events: DomainEventRecorder,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** @throws AdminUserNotFoundError, PrivilegeEscalationError, SelfDeactivationError */
  async execute(input: DeleteAdminUserInput): Promise<{ readonly id: string; readonly username: string }> {
    const actor = input.actor ?? SYSTEM_ACTOR;
    const user = await this.access.manageableUser(input, 'delete');
    if (actor.kind === 'admin' && actor.userId === user.id) throw new SelfDeactivationError('delete');
    user.markDeleted(this.clock.now());
    // The deletion and its event together: the audit trail journals it in the same transaction.
    await this.unitOfWork.run(async () => {
      await this.adminUsers.delete(user.id);
      await this.events.record(user.pullEvents());
    });
    return { id: user.id, username: user.username };
  }
}
