import { type AdminUser } from '../../../domain/admin-user/admin-user.aggregate';
import { AdminUserNotFoundError } from '../../../domain/admin-user/admin-user.errors';
import { type AdminUserRepository } from '../../../domain/admin-user/admin-user.repository';
import { type Role } from '../../../domain/role/role.aggregate';
import { RoleNotFoundError } from '../../../domain/role/role.errors';
import { type RoleRepository } from '../../../domain/role/role.repository';
import { type AccessPolicy } from '../../access/access-policy';
import { SYSTEM_ACTOR, type ActionOnRecord, type Actor } from '../../access/actor';

/**
 * The checks shared by the admin-user use cases: a role can be assigned only when it is an admin
 * role within the actor's access, and a user can be managed only when their role is within it.
 */
export class AdminUserAccess {
  constructor(
    private readonly adminUsers: AdminUserRepository,
    private readonly roles: RoleRepository,
    private readonly policy: AccessPolicy,
  ) {}

  /**
   * @throws RoleNotFoundError (also for an integration's role)
   * @throws PrivilegeEscalationError
   */
  async assignableRole(roleId: string, actor: Actor): Promise<Role> {
    const role = await this.roles.findById(roleId);
    if (role === null || role.kind !== 'admin') throw new RoleNotFoundError(roleId);
    await this.policy.assertMayGive(actor, role.grant, `assign role "${role.name}"`);
    return role;
  }

  /**
   * @throws AdminUserNotFoundError
   * @throws PrivilegeEscalationError when the user's role has access the actor lacks
   */
  async manageableUser({ id, actor = SYSTEM_ACTOR }: ActionOnRecord, action: string): Promise<AdminUser> {
    const user = await this.adminUsers.findById(id);
    if (user === null) throw new AdminUserNotFoundError(id);
    // Checked even when the user has no role left: an actor who cannot act manages no one.
    await this.policy.grantOf(actor);
    const role = await this.roles.findById(user.roleId);
    if (role !== null) await this.policy.assertMayGive(actor, role.grant, `${action} user "${user.username}" (their role has access you do not have)`);
    return user;
  }
}
