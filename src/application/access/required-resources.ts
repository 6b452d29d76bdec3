import { AccessDeniedError } from '../../domain/admin-session/admin-session.errors';
import { type AclResourceTree } from '../../domain/acl/acl-resource-tree';
import { type Grant, type RequiredResources } from '../../domain/acl/grant.value-object';

export { type RequiredResources } from '../../domain/acl/grant.value-object';

/**
 * @param subject who is told: an integration (`consumer`, Magento's words) or an `admin`
 * @throws AccessDeniedError naming what the grant lacks (`Grant.missing`)
 */
export function assertAllowed(grant: Grant, required: RequiredResources, tree: AclResourceTree, subject: 'consumer' | 'admin'): void {
  const missing = grant.missing(required, tree);
  if (missing !== null) throw new AccessDeniedError(missing.resources, { subject, ...(missing.anyOf ? { anyOf: true } : {}) });
}

/** What an operation asks of the caller's grant, as the guards' callers state it. */
export interface ResourceDemand {
  /** Resources the operation needs, all of them. */
  readonly resources: readonly string[];
  /** When given, the grant must also allow at least one of these. */
  readonly anyOf?: readonly string[];
}

/** `assertAllowed` for a `ResourceDemand`. */
export function assertDemandAllowed(grant: Grant, demand: ResourceDemand, tree: AclResourceTree, subject: 'consumer' | 'admin'): void {
  assertAllowed(grant, { all: demand.resources, ...(demand.anyOf !== undefined ? { anyOf: demand.anyOf } : {}) }, tree, subject);
}
