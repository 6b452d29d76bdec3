import { type AclResourceTree } from '../acl/acl-resource-tree';
import { type Grant } from '../acl/grant.value-object';
import { ForbiddenError } from '../kernel/domain-error';

export class PrivilegeEscalationError extends ForbiddenError {
  readonly code = 'ACCESS.PRIVILEGE_ESCALATION';
  constructor(action: string, beyond: readonly string[] | 'all') {
    super(
      beyond === 'all'
        ? `You cannot ${action}: it gives access to all resources, and you do not have all resources yourself.`
        : `You cannot ${action}: it gives access to resources you are not allowed yourself: ${beyond.join(', ')}.`,
      { resources: beyond === 'all' ? ['all'] : beyond },
    );
  }
}

/**
 * No privilege escalation: an actor can only give (to a role or an integration) what it is
 * allowed itself, now and for resources added to the tree later.
 * @param action what is being done, for the message ("grant this access", "edit role X").
 * @throws PrivilegeEscalationError naming the resources beyond the actor's access.
 */
export function assertMayGive(actorGrant: Grant, requested: Grant, tree: AclResourceTree, action: string): void {
  const beyond = requested.resourcesBeyond(actorGrant, tree);
  if (beyond !== null) throw new PrivilegeEscalationError(action, beyond);
}
