import { type AdminUserRepository } from '../../../domain/admin-user/admin-user.repository';
import { type RoleRepository } from '../../../domain/role/role.repository';
import { type AdminSignInLockout } from '../admin-auth/admin-sign-in-lockout.use-case';
import { pageRequest, type PageInput, type PageOutput } from '../paging';
import { toAdminUserView, type AdminUserView } from './admin-user.views';

export type ListAdminUsersPagedInput = PageInput;

/**
 * A row of the All Users grid: the user, the name of their role (null when it was deleted), and
 * until when their sign-in is locked after too many failures (null when it is not).
 */
export interface AdminUserListItem extends AdminUserView {
  readonly roleName: string | null;
  readonly lockedUntil: Date | null;
}

export type ListAdminUsersPagedOutput = PageOutput<AdminUserListItem>;

/**
 * A page of admin users, by username (the All Users grid; `ListAdminUsers` gives them all), each
 * with their role's name and sign-in lock. Only the page, its roles and its locks are read.
 */
export class ListAdminUsersPaged {
  constructor(
    private readonly adminUsers: AdminUserRepository,
    private readonly roles: RoleRepository,
    private readonly lockout: AdminSignInLockout,
  ) {}

  /** @throws InvalidValueError for a page < 1 or a page size outside 1..200 */
  async execute(input: ListAdminUsersPagedInput = {}): Promise<ListAdminUsersPagedOutput> {
    const { page, pageSize } = pageRequest(input);
    const result = await this.adminUsers.page({ page, pageSize });
    const roleNames = new Map<string, string | null>();
    for (const roleId of new Set(result.items.map((user) => user.roleId))) {
      roleNames.set(roleId, (await this.roles.findById(roleId))?.name ?? null);
    }
    const items: AdminUserListItem[] = [];
    for (const user of result.items) {
      const { lockedUntil } = await this.lockout.state(user.username);
      items.push({ ...toAdminUserView(user), roleName: roleNames.get(user.roleId) ?? null, lockedUntil });
    }
    return { items, total: result.total, page, pageSize };
  }
}
