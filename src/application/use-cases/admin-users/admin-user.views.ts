import { type AdminUser } from '../../../domain/admin-user/admin-user.aggregate';

/** An admin user as shown to other admins: never the password digest. */
export interface AdminUserView {
  readonly id: string;
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly active: boolean;
  readonly roleId: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function toAdminUserView(user: AdminUser): AdminUserView {
  const s = user.toSnapshot();
  return {
    id: s.id,
    username: s.username,
    firstName: s.firstName,
    lastName: s.lastName,
    email: s.email,
    active: s.active,
    roleId: s.roleId,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
