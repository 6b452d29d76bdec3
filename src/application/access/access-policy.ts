import { type AdminUserRepository } from '../../domain/admin-user/admin-user.repository';
import { type AclResourceTree } from '../../domain/acl/acl-resource-tree';
import { Grant } from '../../domain/acl/grant.value-object';
import { assertMayGive } from '../../domain/role/privilege-escalation';
import { type RoleRepository } from '../../domain/role/role.repository';
import { type AclTreeProvider } from '../ports/acl-tree.port';
import { ActorNotAllowedError } from './access.errors';
import { type Actor } from './actor';
import { grantFromInput, type GrantInput } from './grant-input';

/**
 * What an actor may do with resource access: the actor's own grant, and the check that whatever
 * it gives (to a role, a user or an integration) is within it.
 */
export class AccessPolicy {
  constructor(
    private readonly aclTree: AclTreeProvider,
    private readonly adminUsers: AdminUserRepository,
    private readonly roles: RoleRepository,
  ) {}

  tree(): AclResourceTree {
    return this.aclTree.current();
  }

  /**
   * @throws ActorNotAllowedError for an unknown or inactive admin, or one whose role is gone.
   */
  async grantOf(actor: Actor): Promise<Grant> {
    if (actor.kind === 'system') return Grant.all();
    const user = await this.adminUsers.findById(actor.userId);
    if (user === null) throw new ActorNotAllowedError('the user does not exist');
    if (!user.isActive) throw new ActorNotAllowedError('the user is inactive');
    const role = await this.roles.findById(user.roleId);
    if (role === null) throw new ActorNotAllowedError('the user has no role');
    return role.grant;
  }

  /** The admin's own role id; null for the system actor or an unknown admin. */
  async ownRoleId(actor: Actor): Promise<string | null> {
    if (actor.kind === 'system') return null;
    return (await this.adminUsers.findById(actor.userId))?.roleId ?? null;
  }

  /**
   * @throws PrivilegeEscalationError when `grant` gives more than the actor has.
   */
  async assertMayGive(actor: Actor, grant: Grant, action: string): Promise<void> {
    if (actor.kind === 'system') return;
    assertMayGive(await this.grantOf(actor), grant, this.tree(), action);
  }

  /**
   * Parses requested access, checks it against the tree and against the actor.
   * @throws the errors of `grantFromInput` and `assertMayGive`.
   */
  async grantRequestedBy(actor: Actor, input: GrantInput, action: string): Promise<Grant> {
    const grant = grantFromInput(input, this.tree());
    await this.assertMayGive(actor, grant, action);
    return grant;
  }
}
