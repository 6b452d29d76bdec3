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
