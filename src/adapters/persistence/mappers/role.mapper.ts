import { type GrantMode } from '../../../domain/acl/grant.value-object';
import { Role, type RoleKind } from '../../../domain/role/role.aggregate';
import { type GrantRuleRow, type RoleRow } from '../schemas/rows';

export function roleToRows(role: Role): { role: RoleRow; rules: GrantRuleRow[] } {
  const s = role.toSnapshot();
  return {
    role: {
      id: s.id,
      name: s.name,
      // Unique among admin roles only: an integration's role has no name key.
      nameKey: s.kind === 'admin' ? Role.nameKey(s.name) : null,
      kind: s.kind,
      integrationId: s.integrationId,
      grantMode: s.grant.mode,
      readOnly: s.readOnly,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    },
    rules: [
      ...s.grant.selected.map((resourceId) => ({ roleId: s.id, resourceId, kind: 'selected' })),
      ...s.grant.excluded.map((resourceId) => ({ roleId: s.id, resourceId, kind: 'excluded' })),
    ],
  };
}

export function roleToDomain(row: RoleRow, rules: readonly GrantRuleRow[]): Role {
  const of = (kind: string): string[] => rules.filter((rule) => rule.kind === kind).map((rule) => rule.resourceId);
  return Role.restore({
    id: row.id,
    name: row.name,
    kind: row.kind as RoleKind,
    integrationId: row.integrationId,
    // MariaDB answers a BOOLEAN column as 0/1.
    readOnly: Boolean(row.readOnly),
    grant: { mode: row.grantMode as GrantMode, selected: of('selected'), excluded: of('excluded') },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}
