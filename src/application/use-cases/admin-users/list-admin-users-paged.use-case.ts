import { type AdminUserRepository } from '../../../domain/admin-user/admin-user.repository';
import { type RoleRepository } from '../../../domain/role/role.repository';
import { pageRequest, type PageInput, type PageOutput } from '../paging';
import { toAdminUserView, type AdminUserView } from './admin-user.views';

export type ListAdminUsersPagedInput = PageInput;

/** A row of the All Users grid: the user, and the name of their role (null when it was deleted). */
export interface AdminUserListItem extends AdminUserView {
  readonly roleName: string | null;
}

export type ListAdminUsersPagedOutput = PageOutput<AdminUserListItem>;

/**
 * A page of admin users, by username (the All Users grid; `ListAdminUsers` gives them all), each
 * with their role's name. Only the page and its roles are read.
 */
export class ListAdminUsersPaged {
  constructor(
    private readonly adminUsers: AdminUserRepository,
    private readonly roles: RoleRepository,
  ) {}

  /** @throws InvalidValueError for a page < 1 or a page size outside 1..200 */
  async execute(input: ListAdminUsersPagedInput = {}): Promise<ListAdminUsersPagedOutput> {
    const { page, pageSize } = pageRequest(input);
    const result = await this.adminUsers.page({ page, pageSize });
    const roleNames = new Map<string, string | null>();
    for (const roleId of new Set(result.items.map((user) => user.roleId))) {
      roleNames.set(roleId, (await this.roles.findById(roleId))?.name ?? null);
    }
    const items = result.items.map((user) => ({ ...toAdminUserView(user), roleName: roleNames.get(user.roleId) ?? null }));
    return { items, total: result.total, page, pageSize };
  }
}
