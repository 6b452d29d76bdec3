import { type RoleView } from '../../../application/use-cases/roles/role.views';
import { type CliOutput } from '../output';
import { accessDocument } from './acl.presenter';

/** Whitelisted fields of an admin role for `--json`. */
export function roleDocument(role: RoleView): Record<string, unknown> {
  return {
    id: role.id,
    name: role.name,
    access: accessDocument(role.access),
    readOnly: role.readOnly,
    createdAt: role.createdAt.toISOString(),
    updatedAt: role.updatedAt.toISOString(),
  };
}

function accessSummary(role: RoleView): string {
  if (role.access.resourceAccess === 'all') return 'all';
  const { resources, excluded } = role.access;
  return `custom (${resources.length} selected${excluded.length === 0 ? '' : `, ${excluded.length} excluded`})`;
}

export function printRoles(out: CliOutput, roles: readonly RoleView[]): void {
  out.itemTable(roles, 'No admin roles.', ['NAME', 'ACCESS', 'ID'], (role) => [role.name, accessSummary(role), out.paint('dim', role.id)]);
}

export function printRole(out: CliOutput, role: RoleView): void {
  const { access } = role;
  out.fields([
    ['Name', out.paint('strong', role.name)],
    ['ID', role.id],
    ['Resource access', access.resourceAccess],
    ['Read-only', role.readOnly ? 'yes: its admins may only read' : 'no'],
    ...(access.resourceAccess === 'custom'
      ? ([
          ['Resources', access.resources.length === 0 ? '(none)' : access.resources.join(', ')],
          ['Excluded', access.excluded.length === 0 ? '-' : access.excluded.join(', ')],
        ] as const)
      : []),
    ['Created', role.createdAt.toISOString()],
    ['Updated', role.updatedAt.toISOString()],
  ]);
}
