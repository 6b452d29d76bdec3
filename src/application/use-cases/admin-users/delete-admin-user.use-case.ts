import { SelfDeactivationError } from '../../../domain/admin-user/admin-user.errors';
import { type AdminUserRepository } from '../../../domain/admin-user/admin-user.repository';
import { SYSTEM_ACTOR, type Actor } from '../../access/actor';
import { type AdminUserAccess } from './admin-user-access';

export interface DeleteAdminUserInput {
  readonly id: string;
  readonly actor?: Actor;
}

/** Deletes an admin user (not oneself, not a user above one's own access). */
export class DeleteAdminUser {
  constructor(
    private readonly adminUsers: AdminUserRepository,
    private readonly access: AdminUserAccess,
  ) {}

  /** @throws AdminUserNotFoundError, PrivilegeEscalationError, SelfDeactivationError */
  async execute(input: DeleteAdminUserInput): Promise<{ readonly id: string; readonly username: string }> {
    const actor = input.actor ?? SYSTEM_ACTOR;
    const user = await this.access.manageableUser(input.id, actor, 'delete');
    if (actor.kind === 'admin' && actor.userId === user.id) throw new SelfDeactivationError('delete');
    await this.adminUsers.delete(user.id);
    return { id: user.id, username: user.username };
  }
}
