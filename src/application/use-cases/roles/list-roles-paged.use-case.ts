import { type RoleRepository } from '../../../domain/role/role.repository';
import { pageRequest, type PageInput, type PageOutput } from '../paging';
import { toRoleView, type RoleView } from './role.views';

export type ListRolesPagedInput = PageInput;
export type ListRolesPagedOutput = PageOutput<RoleView>;

/**
 * A page of admin roles, by name (the User Roles grid; `ListRoles` gives them all). Only the
 * page is read, however many roles there are.
 */
export class ListRolesPaged {
  constructor(private readonly roles: RoleRepository) {}

  /** @throws InvalidValueError for a page < 1 or a page size outside 1..200 */
  async execute(input: ListRolesPagedInput = {}): Promise<ListRolesPagedOutput> {
    const { page, pageSize } = pageRequest(input);
    const result = await this.roles.pageAdminRoles({ page, pageSize });
    return { items: result.items.map(toRoleView), total: result.total, page, pageSize };
  }
}
