import { type Role } from '../../../domain/role/role.aggregate';
import { RoleNotFoundError } from '../../../domain/role/role.errors';
import { type RoleRepository } from '../../../domain/role/role.repository';
import { type AccessPolicy } from '../../access/access-policy';
import { SYSTEM_ACTOR, type ActionOnRecord } from '../../access/actor';

/**
 * Loads the admin role `target.id` for `target.actor` (the system when omitted), who means to `action` it: integration roles are refused, and so is a
 * role above the actor's own access (editing it would be an escalation).
 * @throws RoleNotFoundError
 * @throws IntegrationRoleNotEditableError
 * @throws PrivilegeEscalationError
 */
export async function loadAdminRoleFor(
  roles: RoleRepository,
  policy: AccessPolicy,
  { id, actor = SYSTEM_ACTOR }: ActionOnRecord,
  action: string,
): Promise<Role> {
  const role = await roles.findById(id);
  if (role === null) throw new RoleNotFoundError(id);
  role.assertAdminRole();
  await policy.assertMayGive(actor, role.grant, `${action} role "${role.name}" (it has access you do not have)`);
  return role;
}
