import { type GrantView } from '../../../application/access/grant-input';
import { type AclTreeNodeView } from '../../../application/use-cases/acl/get-acl-tree.use-case';
import { type EffectivePermission, type PermissionReason } from '../../../domain/acl/grant.value-object';
import { type CliOutput } from '../output';

/** Who the permissions are of: an integration or an admin role. */
export interface AclSubject {
  readonly kind: 'integration' | 'role';
  readonly id: string;
  readonly name: string;
}

interface TreeDocument {
  readonly id: string;
  readonly title: string;
  readonly children: TreeDocument[];
}

export function treeDocument(nodes: readonly AclTreeNodeView[]): TreeDocument[] {
  return nodes.map((node) => ({ id: node.id, title: node.title, children: treeDocument(node.children) }));
}

/** One line per resource, indented two spaces per level: `Title  Id`. */
export function printTree(out: CliOutput, nodes: readonly AclTreeNodeView[], depth = 0): void {
  for (const node of nodes) {
    out.line(`${'  '.repeat(depth)}${out.paint('strong', node.title)}  ${out.paint('dim', node.id)}`);
    printTree(out, node.children, depth + 1);
  }
}

/** Why a resource is allowed or not, in words. */
export function reasonText(reason: PermissionReason, resourceId?: string): string {
  switch (reason.kind) {
    case 'all':
      return 'access to all resources';
    case 'selected':
      return 'selected';
    case 'implied':
      return `under ${reason.by}`;
    case 'path':
      return `on the path to ${reason.to.join(', ')}`;
    case 'excluded':
      return reason.by === resourceId ? 'excluded' : `excluded under ${reason.by}`;
    case 'not-granted':
      return 'not granted';
  }
}

export function permissionDocument(permission: EffectivePermission): Record<string, unknown> {
  const { reason } = permission;
  return {
    resourceId: permission.resourceId,
    title: permission.title,
    parentId: permission.parentId,
    depth: permission.depth,
    allowed: permission.allowed,
    reason: { ...reason, ...(reason.kind === 'path' ? { to: [...reason.to] } : {}) },
  };
}

export function accessDocument(access: GrantView): Record<string, unknown> {
  return { resourceAccess: access.resourceAccess, resources: [...access.resources], excluded: [...access.excluded] };
}

export function accessText(access: GrantView): string {
  if (access.resourceAccess === 'all') return 'all resources';
  const resources = access.resources.length === 0 ? 'nothing selected' : access.resources.join(', ');
  return `custom: ${resources}${access.excluded.length === 0 ? '' : `; excluded ${access.excluded.join(', ')}`}`;
}

export function allowedWord(out: CliOutput, allowed: boolean): string {
  return allowed ? out.paint('good', 'allowed') : out.paint('bad', 'denied');
}

/** `acl:explain`: the whole tree, each resource allowed or denied with the reason. */
export function printExplanation(out: CliOutput, subject: AclSubject, access: GrantView, permissions: readonly EffectivePermission[]): void {
  out.line(`${subject.kind === 'integration' ? 'Integration' : 'Admin role'} "${subject.name}" (${subject.id})`);
  out.line(`Resource access: ${accessText(access)}`);
  out.line();
  out.table(
    ['RESOURCE', 'ID', 'ACCESS', 'WHY'],
    permissions.map((permission) => [
      `${'  '.repeat(Math.max(0, permission.depth - 1))}${permission.title}`,
      out.paint('dim', permission.resourceId),
      allowedWord(out, permission.allowed),
      reasonText(permission.reason, permission.resourceId),
    ]),
  );
  const allowed = permissions.filter((permission) => permission.allowed).length;
  out.line(out.paint('dim', `${allowed} of ${permissions.length} resources allowed.`));
}
