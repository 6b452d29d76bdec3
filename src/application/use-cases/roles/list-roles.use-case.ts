import { type RoleRepository } from '../../../domain/role/role.repository';
import { toRoleView, type RoleView } from './role.views';

/** Every admin role, by name. */
export class ListRoles {
  constructor(private readonly roles: RoleRepository) {}

  async execute(): Promise<readonly RoleView[]> {
    return (await this.roles.listAdminRoles()).map(toRoleView);
  }
}

