import { type Role } from '../../../domain/role/role.aggregate';
import { toGrantView, type GrantView } from '../../access/grant-input';

export interface RoleView {
  readonly id: string;
  readonly name: string;
  readonly access: GrantView;
  /** Its admins may only read (GET, HEAD, OPTIONS) what `access` allows. */
  readonly readOnly: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function toRoleView(role: Role): RoleView {
  const s = role.toSnapshot();
  return { id: s.id, name: s.name, access: toGrantView(role.grant), readOnly: role.readOnly, createdAt: s.createdAt, updatedAt: s.updatedAt };
}
