import { type AclResourceTree } from './acl-resource-tree';
import { InvalidGrantError } from './acl.errors';
import { assertResourceId } from './resource-id';

export type GrantMode = 'all' | 'custom';

/** Why a resource is allowed or not, as shown to administrators. */
export type PermissionReason =
  | { readonly kind: 'all' }
  | { readonly kind: 'selected' }
  /** Covered by the nearest selected ancestor `by`. */
  | { readonly kind: 'implied'; readonly by: string }
  /** Not covered itself, but on the path down to these covered resources (nearest ones). */
  | { readonly kind: 'path'; readonly to: readonly string[] }
  /** Under (or equal to) the exclusion `by`. */
  | { readonly kind: 'excluded'; readonly by: string }
  | { readonly kind: 'not-granted' };

export interface EffectivePermission {
  readonly resourceId: string;
  readonly title: string;
  readonly parentId: string | null;
  readonly depth: number;
  readonly allowed: boolean;
  readonly reason: PermissionReason;
}

/**
 * What an operation or route needs of a grant: every resource of `all`, and, when `anyOf` is
 * given, at least one of those (reading the ACL tree: whoever manages integrations, roles or the ACL).
 */
export interface RequiredResources {
  readonly all: readonly string[];
  readonly anyOf?: readonly string[];
}

/** What a grant lacks of a requirement: `resources` of `all`, or (`anyOf`) every one of `anyOf`. */
export interface MissingResources {
  readonly resources: readonly string[];
  readonly anyOf: boolean;
}

/**
 * What changing a grant did to the access it gives: every resource it now allows that it did not
 * (`added`) and every one it no longer allows (`removed`), in tree order, as Magento's resource
 * lists name them (a resource allowed as the path to another counts as allowed); and whether it
 * was, and is, All.
 */
export interface GrantDifference {
  readonly allResourcesBefore: boolean;
  readonly allResourcesAfter: boolean;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export interface GrantSnapshot {
  readonly mode: GrantMode;
  readonly selected: readonly string[];
  readonly excluded: readonly string[];
}

/**
 * The "Resource Access" of a role: All, or Custom with the resources the admin checked
 * (`selected`) and those unchecked under a checked ancestor (`excluded`). A checked resource
 * covers its descendants — including ones added to the tree later — except below an exclusion;
 * ancestors of a covered resource are allowed as the path to it (docs/domain.md "Grant").
 */
export class Grant {
  /**
   * The allowed ids for the last tree asked about: a grant and a tree are both immutable, so the
   * answer never changes; the guard asks it on every request.
   */
  private memo: { readonly tree: AclResourceTree; readonly allowed: ReadonlySet<string> } | null = null;

  private constructor(
    readonly mode: GrantMode,
    readonly selected: ReadonlySet<string>,
    readonly excluded: ReadonlySet<string>,
  ) {}

  static all(): Grant {
    return new Grant('all', new Set(), new Set());
  }

  /** A Custom grant with nothing selected: allows nothing. */
  static none(): Grant {
    return new Grant('custom', new Set(), new Set());
  }

  /**
   * @throws InvalidResourceIdError an id of the wrong format
   * @throws InvalidGrantError an id both selected and excluded
   */
  static custom(selected: Iterable<string>, excluded: Iterable<string> = []): Grant {
    const selectedSet = new Set(selected);
    const excludedSet = new Set(excluded);
    for (const id of [...selectedSet, ...excludedSet]) assertResourceId(id);
    const both = [...selectedSet].filter((id) => excludedSet.has(id));
    if (both.length > 0) throw new InvalidGrantError('a resource cannot be both selected and excluded', both);
    return new Grant('custom', selectedSet, excludedSet);
  }

  static restore(snapshot: GrantSnapshot): Grant {
    return snapshot.mode === 'all' ? Grant.all() : new Grant('custom', new Set(snapshot.selected), new Set(snapshot.excluded));
  }

  /**
   * Imports a Magento resource list (integration.xml, api.xml, a role's allow rows), which means
   * "exactly these resources and their ancestors": each listed resource whose parent is not
   * covered is selected; each child of a covered resource that is not listed is excluded.
   * @throws UnknownResourceError for ids not in the tree.
   */
  static importResourceList(list: Iterable<string>, tree: AclResourceTree): Grant {
    const listed = new Set(list);
    for (const id of listed) assertResourceId(id);
    tree.assertKnown(listed);
    // The covered resources are exactly the listed ones, so each listed resource and its children
    // decide alone: work in proportion to the list, not to the tree (a sync imports one per integration).
    const selected = new Set<string>();
    const excluded = new Set<string>();
    for (const id of listed) {
      const node = tree.get(id);
      if (node === null) continue;
      if (node.parentId === null || !listed.has(node.parentId)) selected.add(id);
      for (const child of node.childIds) if (!listed.has(child)) excluded.add(child);
    }
    return new Grant('custom', selected, excluded);
  }

  /**
   * Checks the grant against the tree it is being saved for.
   * @throws UnknownResourceError for selected or excluded ids the tree lacks
   * @throws InvalidGrantError for an exclusion with no selected ancestor (it would mean nothing)
   */
  assertValidFor(tree: AclResourceTree): void {
    tree.assertKnown([...this.selected, ...this.excluded]);
    const orphans = [...this.excluded].filter((id) => !tree.ancestorsOf(id).some((ancestor) => this.selected.has(ancestor)));
    if (orphans.length > 0) throw new InvalidGrantError('an excluded resource must be under a selected one', orphans);
  }

  get isAll(): boolean {
    return this.mode === 'all';
  }

  /**
   * Unknown ids are never allowed; All allows every resource of the tree. A covered resource is
   * allowed, and so is each ancestor of one (the path to it). One set lookup after the first call
   * with a tree.
   */
  isAllowed(resourceId: string, tree: AclResourceTree): boolean {
    if (this.memo?.tree !== tree) this.memo = { tree, allowed: this.allowedResources(tree) };
    return this.memo.allowed.has(resourceId);
  }

  /**
   * The one place that says what a grant lacks (the guard, the admin API and the library all ask
   * it): every resource of `required.all` it does not allow, in the order asked; else, when none
   * of `required.anyOf` is allowed, all of those; null when the requirement is met.
   */
  missing(required: RequiredResources, tree: AclResourceTree): MissingResources | null {
    const missing = required.all.filter((resourceId) => !this.isAllowed(resourceId, tree));
    if (missing.length > 0) return { resources: missing, anyOf: false };
    const anyOf = required.anyOf;
    if (anyOf !== undefined && anyOf.length > 0 && !anyOf.some((resourceId) => this.isAllowed(resourceId, tree))) return { resources: anyOf, anyOf: true };
    return null;
  }

  /** A route that needs several resources needs every one of them (an empty list is allowed). */
  allowsAll(resourceIds: readonly string[], tree: AclResourceTree): boolean {
    if (resourceIds.length === 0) return true;
    if (resourceIds.some((id) => !tree.has(id))) return false;
    if (this.isAll) return true;
    const allowed = this.allowedResources(tree);
    return resourceIds.every((id) => allowed.has(id));
  }

  /** Every allowed id of the tree, computed in one pass (for guards that check often). */
  allowedResources(tree: AclResourceTree): ReadonlySet<string> {
    if (this.isAll) return new Set(tree.ids());
    const allowed = new Set<string>();
    for (const id of this.coveredResources(tree)) {
      if (allowed.has(id)) continue;
      allowed.add(id);
      for (const ancestor of tree.ancestorsOf(id)) {
        if (allowed.has(ancestor)) break;
        allowed.add(ancestor);
      }
    }
    return allowed;
  }

  /** Allowed or not, and why, for every resource of the tree in display order. */
  effectivePermissions(tree: AclResourceTree): readonly EffectivePermission[] {
    const covered = this.isAll ? new Set(tree.ids()) : this.coveredResources(tree);
    return tree.ids().map((id) => {
      const node = tree.get(id);
      const base = { resourceId: id, title: node?.title ?? id, parentId: node?.parentId ?? null, depth: node?.depth ?? 1 };
      const reason = this.reasonFor(id, covered, tree);
      return { ...base, allowed: reason.kind !== 'excluded' && reason.kind !== 'not-granted', reason };
    });
  }

  /**
   * True when granting this cannot give more than `other` gives, now or when resources are added
   * later: All is within All only; a Custom grant is within another when every resource it covers
   * is covered by the other (ancestors it opens as a path then are too).
   */
  isWithin(other: Grant, tree: AclResourceTree): boolean {
    return this.resourcesBeyond(other, tree) === null;
  }

  /**
   * What this grant gives that `other` does not: null when nothing, `'all'` when this is All and the
   * other is not, else the covered ids the other lacks (topmost first).
   */
  resourcesBeyond(other: Grant, tree: AclResourceTree): readonly string[] | 'all' | null {
    if (other.isAll) return null;
    if (this.isAll) return 'all';
    const othersCovered = other.coveredResources(tree);
    const beyond: string[] = [];
    // A set, not the list: thousands of resources beyond must not cost thousands of list scans each.
    const named = new Set<string>();
    for (const id of this.coveredResources(tree)) {
      if (othersCovered.has(id)) continue;
      // Name only the topmost offending resource of each subtree.
      if (tree.ancestorsOf(id).some((ancestor) => named.has(ancestor))) continue;
      beyond.push(id);
      named.add(id);
    }
    return beyond.length === 0 ? null : beyond;
  }

  /**
   * What this grant allows compared with `previous`, on `tree` (ids the tree lacks are allowed by
   * neither). Equal grants differ by nothing.
   */
  differenceFrom(previous: Grant, tree: AclResourceTree): GrantDifference {
    const before = previous.allowedResources(tree);
    const after = this.allowedResources(tree);
    return {
      allResourcesBefore: previous.isAll,
      allResourcesAfter: this.isAll,
      added: tree.ids().filter((id) => after.has(id) && !before.has(id)),
      removed: tree.ids().filter((id) => before.has(id) && !after.has(id)),
    };
  }

  equals(other: Grant): boolean {
    return (
      this.mode === other.mode &&
      sameMembers(this.selected, other.selected) &&
      sameMembers(this.excluded, other.excluded)
    );
  }

  toSnapshot(): GrantSnapshot {
    return {
      mode: this.mode,
      selected: [...this.selected].sort(),
      excluded: [...this.excluded].sort(),
    };
  }

  /** covered(r): walking up from r, the first id found in selected ∪ excluded is selected. */
  private isCovered(resourceId: string, tree: AclResourceTree): boolean {
    if (this.isAll) return true;
    for (const id of [resourceId, ...tree.ancestorsOf(resourceId)]) {
      if (this.selected.has(id)) return true;
      if (this.excluded.has(id)) return false;
    }
    return false;
  }

  private coveredResources(tree: AclResourceTree): Set<string> {
    const covered = new Set<string>();
    for (const id of tree.ids()) {
      // ids() lists parents before children, so the parent's answer is known already.
      const parentId = tree.get(id)?.parentId ?? null;
      if (this.selected.has(id)) covered.add(id);
      else if (!this.excluded.has(id) && parentId !== null && covered.has(parentId)) covered.add(id);
    }
    return covered;
  }

  private reasonFor(id: string, covered: ReadonlySet<string>, tree: AclResourceTree): PermissionReason {
    if (this.isAll) return { kind: 'all' };
    const ancestors = tree.ancestorsOf(id);
    if (covered.has(id)) {
      if (this.selected.has(id)) return { kind: 'selected' };
      const by = ancestors.find((ancestor) => this.selected.has(ancestor));
      return by === undefined ? { kind: 'selected' } : { kind: 'implied', by };
    }
    // The nearest covered descendants: none of their ancestors below `id` is covered.
    const pathTo = tree.descendantsOf(id).filter((descendant) => {
      if (!covered.has(descendant)) return false;
      const ancestors = tree.ancestorsOf(descendant);
      return !ancestors.slice(0, ancestors.indexOf(id)).some((ancestor) => covered.has(ancestor));
    });
    if (pathTo.length > 0) return { kind: 'path', to: pathTo };
    const decision = [id, ...ancestors].find((candidate) => this.selected.has(candidate) || this.excluded.has(candidate));
    if (decision !== undefined && this.excluded.has(decision)) return { kind: 'excluded', by: decision };
    return { kind: 'not-granted' };
  }
}

function sameMembers(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((id) => b.has(id));
}
