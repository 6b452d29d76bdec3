import { type AdminUser, type AdminUserSnapshot } from '../../../domain/admin-user/admin-user.aggregate';

/** An admin user as shown to other admins: never the password digest. */
export type AdminUserView = Omit<AdminUserSnapshot, 'passwordHash'>;

/** Names each shown field, so a field the snapshot gains fails to compile here until it is shown or left out of the type. */
export function toAdminUserView(user: AdminUser): AdminUserView {
  const { id, username, firstName, lastName, email, active, roleId, createdAt, updatedAt } = user.toSnapshot();
  return { id, username, firstName, lastName, email, active, roleId, createdAt, updatedAt };
}
