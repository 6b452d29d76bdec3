import { AccessDeniedError } from '../../domain/admin-session/admin-session.errors';

/**
 * What an operation needs of a grant: every resource of `all`, and, when `anyOf` is given, at
 * least one of those (reading the ACL tree: whoever manages integrations, roles or the ACL).
 */
export interface RequiredResources {
  readonly all: readonly string[];
  readonly anyOf?: readonly string[];
}

/**
 * @param allows whether the caller's grant allows a resource (against the current tree)
 * @param subject who is told: an integration (`consumer`, Magento's words) or an `admin`
 * @throws AccessDeniedError naming every missing resource of `all` in the order asked, or else
 *   every resource of `anyOf` when none is allowed
 */
export function assertAllowed(allows: (resourceId: string) => boolean, required: RequiredResources, subject: 'consumer' | 'admin'): void {
  const missing = required.all.filter((resource) => !allows(resource));
  if (missing.length > 0) throw new AccessDeniedError(missing, { subject });
  const anyOf = required.anyOf;
  if (anyOf !== undefined && anyOf.length > 0 && !anyOf.some(allows)) throw new AccessDeniedError(anyOf, { subject, anyOf: true });
}
