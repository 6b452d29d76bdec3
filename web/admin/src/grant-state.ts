/**
 * The "Resource Access" an editor holds: All, or Custom with the checked resources (`selected`)
 * and the children unchecked under a checked parent (`excluded`), as docs/domain.md defines a grant.
 * Pure: no DOM, so the rules of the tree's checkboxes are unit-tested on their own.
 */
import { type GrantView } from './types.js';

export interface TreeNode {
  readonly id: string;
  readonly title: string;
  readonly children: readonly TreeNode[];
}

export type CheckState = 'checked' | 'unchecked' | 'mixed';

/** The grant as the API takes and answers it. */
export type GrantValue = GrantView;

export class GrantState {
  private readonly parentOf = new Map<string, string | null>();
  private readonly nodes = new Map<string, TreeNode>();
  private readonly selected: Set<string>;
  private readonly excluded: Set<string>;
  mode: 'all' | 'custom';

  constructor(
    readonly roots: readonly TreeNode[],
    value: GrantValue,
  ) {
    const index = (node: TreeNode, parent: string | null): void => {
      this.parentOf.set(node.id, parent);
      this.nodes.set(node.id, node);
      for (const child of node.children) index(child, node.id);
    };
    for (const root of roots) index(root, null);
    this.mode = value.resourceAccess;
    this.selected = new Set(value.resources);
    this.excluded = new Set(value.excluded);
  }

  node(id: string): TreeNode | undefined {
    return this.nodes.get(id);
  }

  /** The ids from the root down to `id`'s parent. */
  ancestors(id: string): string[] {
    const path: string[] = [];
    for (let parent = this.parentOf.get(id) ?? null; parent !== null; parent = this.parentOf.get(parent) ?? null) path.unshift(parent);
    return path;
  }

  /** Granted by a check on it or on an ancestor, with no exclusion in between (rule 1). */
  covered(id: string): boolean {
    if (this.mode === 'all') return true;
    for (let at: string | null = id; at !== null; at = this.parentOf.get(at) ?? null) {
      if (this.selected.has(at)) return true;
      if (this.excluded.has(at)) return false;
    }
    return false;
  }

  /**
   * Checked when covered; mixed when not covered but something below is (the parent of a checked
   * child: partially checked); unchecked otherwise.
   */
  state(id: string): CheckState {
    if (this.covered(id)) return 'checked';
    return this.someBelow(id, (child) => this.covered(child)) ? 'mixed' : 'unchecked';
  }

  /** Resources unchecked somewhere below a checked `id` (shown as "except …"). */
  uncoveredBelow(id: string): string[] {
    const found: string[] = [];
    const walk = (node: TreeNode): void => {
      for (const child of node.children) {
        if (!this.covered(child.id)) found.push(child.id);
        else walk(child);
      }
    };
    const node = this.nodes.get(id);
    if (node !== undefined && this.covered(id)) walk(node);
    return found;
  }

  /**
   * Checking grants the resource and everything below it; unchecking removes it and everything
   * below it. Unchecking under a checked parent keeps the parent checked and records an exclusion.
   */
  toggle(id: string): void {
    if (this.mode === 'all' || !this.nodes.has(id)) return;
    const wasCovered = this.covered(id);
    this.clearSubtree(id);
    if (wasCovered) {
      if (this.covered(id)) this.excluded.add(id);
    } else if (!this.covered(id)) {
      this.selected.add(id);
    }
  }

  value(): GrantValue {
    if (this.mode === 'all') return { resourceAccess: 'all', resources: [], excluded: [] };
    const inTreeOrder = (set: ReadonlySet<string>): string[] => [...this.nodes.keys()].filter((id) => set.has(id));
    return { resourceAccess: 'custom', resources: inTreeOrder(this.selected), excluded: inTreeOrder(this.excluded) };
  }

  /** Every resource the grant allows, in tree order (covered, or on the path to one: rule 2). */
  allowedIds(): string[] {
    return [...this.nodes.keys()].filter((id) => this.covered(id) || this.someBelow(id, (child) => this.covered(child)));
  }

  private clearSubtree(id: string): void {
    const walk = (node: TreeNode): void => {
      this.selected.delete(node.id);
      this.excluded.delete(node.id);
      node.children.forEach(walk);
    };
    const node = this.nodes.get(id);
    if (node !== undefined) walk(node);
  }

  private someBelow(id: string, test: (childId: string) => boolean): boolean {
    const node = this.nodes.get(id);
    if (node === undefined) return false;
    return node.children.some((child) => test(child.id) || this.someBelow(child.id, test));
  }
}
