import { RoleNotFoundError } from '../../../domain/role/role.errors';
import { type RoleRepository } from '../../../domain/role/role.repository';
import { toRoleView, type RoleView } from './role.views';

/** One admin role. */
export class GetRole {
  constructor(private readonly roles: RoleRepository) {}

  /** @throws RoleNotFoundError (also for an integration's role, which is not an admin role) */
  async execute(input: { readonly id: string }): Promise<RoleView> {
    const role = await this.roles.findById(input.id);
    if (role === null || role.kind !== 'admin') throw new RoleNotFoundError(input.id);
    return toRoleView(role);
  }
}
