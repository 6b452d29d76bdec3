import { AdminUser } from '../../../domain/admin-user/admin-user.aggregate';
import { type AdminUserRow } from '../schemas/rows';

export function adminUserToRow(user: AdminUser): AdminUserRow {
  const s = user.toSnapshot();
  return { ...s, usernameKey: AdminUser.usernameKey(s.username) };
}

export function adminUserToDomain(row: AdminUserRow): AdminUser {
  return AdminUser.restore({
    id: row.id,
    username: row.username,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    passwordHash: row.passwordHash,
    active: Boolean(row.active),
    roleId: row.roleId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}
