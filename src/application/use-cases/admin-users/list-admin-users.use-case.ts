import { type AdminUserRepository } from '../../../domain/admin-user/admin-user.repository';
import { toAdminUserView, type AdminUserView } from './admin-user.views';

/** Every admin user, by username. */
export class ListAdminUsers {
  constructor(private readonly adminUsers: AdminUserRepository) {}

  async execute(): Promise<readonly AdminUserView[]> {
    return (await this.adminUsers.list()).map(toAdminUserView);
  }
}
