import { type AclResourceTree } from '../../domain/acl/acl-resource-tree';
import { Grant } from '../../domain/acl/grant.value-object';
import { InvalidValueError } from '../../domain/kernel/domain-error';

/**
 * The most resource ids one list of a grant may hold (the API's `resources` and `excluded`, the
 * resources a configuration file lists for one integration): a grant is meant to name subtrees,
 * and far longer lists only make every check slower.
 */
export const MAX_GRANT_RESOURCES = 5000;

/** Resource access as forms, the API and the CLI send it. */
export interface GrantInput {
  readonly resourceAccess: 'all' | 'custom';
  /** Checked resources (Custom only). */
  readonly resources?: readonly string[];
  /** Resources unchecked under a checked ancestor (Custom only). */
  readonly excluded?: readonly string[];
}

/** Resource access as use cases return it. */
export interface GrantView {
  readonly resourceAccess: 'all' | 'custom';
  readonly resources: readonly string[];
  readonly excluded: readonly string[];
}

/**
 * @throws InvalidValueError for a missing or unknown `resourceAccess`, or non-string ids
 * @throws InvalidResourceIdError, UnknownResourceError, InvalidGrantError (see Grant)
 */
export function grantFromInput(input: GrantInput, tree: AclResourceTree): Grant {
  if (input.resourceAccess === 'all') return Grant.all();
  if (input.resourceAccess !== 'custom') {
    throw new InvalidValueError('VALIDATION.RESOURCE_ACCESS_INVALID', '"resourceAccess" must be "all" or "custom".', {
      field: 'resourceAccess',
      value: String(input.resourceAccess),
    });
  }
  const list = (field: 'resources' | 'excluded'): readonly string[] => {
    const value: unknown = input[field] ?? [];
    if (!Array.isArray(value) || value.some((id) => typeof id !== 'string')) {
      throw new InvalidValueError('VALIDATION.RESOURCES_INVALID', `"${field}" must be a list of resource ids.`, { field });
    }
    return value as readonly string[];
  };
  const grant = Grant.custom(list('resources'), list('excluded'));
  grant.assertValidFor(tree);
  return grant;
}

export function toGrantView(grant: Grant): GrantView {
  const snapshot = grant.toSnapshot();
  return { resourceAccess: snapshot.mode, resources: snapshot.selected, excluded: snapshot.excluded };
}

/**
 * For partial updates: the grant to apply, or undefined when the input leaves access unchanged.
 * @throws InvalidValueError when `resources` or `excluded` come without `resourceAccess`
 *   (silently ignoring them would keep access the admin meant to change).
 */
export function changedGrantInput(input: Partial<GrantInput>): GrantInput | undefined {
  if (input.resourceAccess === undefined) {
    if (input.resources !== undefined || input.excluded !== undefined) {
      throw new InvalidValueError('VALIDATION.REQUIRED', '"resourceAccess" is required when "resources" or "excluded" are given.', {
        field: 'resourceAccess',
      });
    }
    return undefined;
  }
  return { resourceAccess: input.resourceAccess, resources: input.resources ?? [], excluded: input.excluded ?? [] };
}
