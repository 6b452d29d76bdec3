import { AdminUserNotFoundError } from '../../../domain/admin-user/admin-user.errors';
import { type AdminUserRepository } from '../../../domain/admin-user/admin-user.repository';
import { toAdminUserView, type AdminUserView } from './admin-user.views';

export interface GetAdminUserInput {
  readonly id: string;
}

/** One admin user (never the password digest). */
export class GetAdminUser {
  constructor(private readonly adminUsers: AdminUserRepository) {}

  /** @throws AdminUserNotFoundError */
  async execute(input: GetAdminUserInput): Promise<AdminUserView> {
    const user = await this.adminUsers.findById(input.id);
    if (user === null) throw new AdminUserNotFoundError(input.id);
    return toAdminUserView(user);
  }
}
