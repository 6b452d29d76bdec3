import { type AdminUserView } from '../../../application/use-cases/admin-users/admin-user.views';
import { type LockoutState } from '../cli-services';
import { type CliOutput } from '../output';

/** An admin user with the name of their role and their sign-in lock-out. */
export interface AdminUserRow {
  readonly user: AdminUserView;
  /** null when the role no longer exists. */
  readonly roleName: string | null;
  readonly lockout?: LockoutState;
}

/** Whitelisted fields of an admin user for `--json`: never a password or its digest. */
export function adminUserDocument(row: AdminUserRow): Record<string, unknown> {
  const { user } = row;
  return {
    id: user.id,
    username: user.username,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    active: user.active,
    roleId: user.roleId,
    roleName: row.roleName,
    ...(row.lockout !== undefined ? { lockedUntil: row.lockout.lockedUntil === null ? null : row.lockout.lockedUntil.toISOString() } : {}),
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

function statusOf(out: CliOutput, row: AdminUserRow): string {
  if (!row.user.active) return out.paint('warn', 'inactive');
  if ((row.lockout?.lockedUntil ?? null) !== null) return out.paint('bad', 'locked');
  return out.paint('good', 'active');
}

export function printAdminUsers(out: CliOutput, rows: readonly AdminUserRow[]): void {
  out.itemTable(rows, 'No admin users.', ['USERNAME', 'NAME', 'EMAIL', 'ROLE', 'STATUS', 'ID'], (row) => [
    row.user.username,
    `${row.user.firstName} ${row.user.lastName}`,
    row.user.email,
    row.roleName ?? out.paint('bad', '(none)'),
    statusOf(out, row),
    out.paint('dim', row.user.id),
  ]);
  const locked = rows.filter((row) => row.user.active && (row.lockout?.lockedUntil ?? null) !== null);
  if (locked.length > 0) out.line(out.paint('dim', `Locked out after failed sign-ins: ${locked.map((row) => row.user.username).join(', ')} (portcullis admin:unlock <username>).`));
}
