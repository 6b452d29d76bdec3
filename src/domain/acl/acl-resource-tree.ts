import {
  ConflictingResourceError,
  DuplicateResourceError,
  MissingResourceTitleError,
  UnknownResourceError,
} from './acl.errors';
import { assertResourceId } from './resource-id';

/** One resource as a source declares it (a Magento `<resource>` element, or a host's literal). */
export interface AclResourceDefinition {
  readonly id: string;
  /** Optional when the definition only re-opens a resource declared elsewhere to add children. */
  readonly title?: string;
  readonly sortOrder?: number;
  readonly children?: readonly AclResourceDefinition[];
  /** Where the definition is written (`file:line:column`), named in errors; else the source's name. */
  readonly origin?: string;
}

/** A named set of definitions (a file, a module, the host application, Portcullis itself). */
export interface AclResourceSource {
  readonly name: string;
  readonly resources: readonly AclResourceDefinition[];
}

export interface AclResourceNode {
  readonly id: string;
  readonly title: string;
  readonly sortOrder: number;
  /** null for a top-level resource (a child of the virtual root). */
  readonly parentId: string | null;
  readonly childIds: readonly string[];
  /** 1 for a top-level resource. */
  readonly depth: number;
}

interface MutableNode {
  id: string;
  title: string | undefined;
  sortOrder: number | undefined;
  parentId: string | null;
  childIds: string[];
  /** Where each definition of it was written (its origin, or its source's name). */
  sources: string[];
}

/**
 * The forest of ACL resources under a virtual root, merged from several sources by id.
 * Immutable: extending it builds a new tree.
 */
export class AclResourceTree {
  private readonly orderedIds: readonly string[];

  private constructor(
    private readonly nodes: ReadonlyMap<string, AclResourceNode>,
    private readonly rootIds: readonly string[],
    private readonly sources: readonly AclResourceSource[],
  ) {
    const ordered: string[] = [];
    const visit = (id: string): void => {
      ordered.push(id);
      for (const child of this.nodes.get(id)?.childIds ?? []) visit(child);
    };
    rootIds.forEach(visit);
    this.orderedIds = ordered;
  }

  static empty(): AclResourceTree {
    return new AclResourceTree(new Map(), [], []);
  }

  /**
   * Merges the sources in order. A later source may re-open a resource to add children and to set
   * its title or sort order, but must place it under the same parent.
   * @throws InvalidResourceIdError an id of the wrong format (names the id and the source)
   * @throws DuplicateResourceError an id defined twice in one source
   * @throws ConflictingResourceError an id placed under different parents by two sources
   * @throws MissingResourceTitleError a resource that no source gives a title
   */
  static build(sources: readonly AclResourceSource[]): AclResourceTree {
    const nodes = new Map<string, MutableNode>();
    const roots: string[] = [];

    for (const source of sources) {
      const seenInSource = new Set<string>();
      const place = (definition: AclResourceDefinition, parentId: string | null): void => {
        const where = definition.origin ?? source.name;
        assertResourceId(definition.id, where);
        const { id } = definition;
        if (seenInSource.has(id)) throw new DuplicateResourceError(id, where);
        seenInSource.add(id);

        let node = nodes.get(id);
        if (node === undefined) {
          node = { id, title: undefined, sortOrder: undefined, parentId, childIds: [], sources: [] };
          nodes.set(id, node);
          if (parentId === null) roots.push(id);
          else nodes.get(parentId)?.childIds.push(id);
        } else if (node.parentId !== parentId) {
          throw new ConflictingResourceError(
            id,
            `it is under ${describeParent(node.parentId)} in ${node.sources.join(', ')} but under ${describeParent(parentId)} in ${where}`,
            [...node.sources, where],
          );
        }
        node.sources.push(where);
        const title = definition.title?.trim();
        if (title) node.title = title;
        if (definition.sortOrder !== undefined && Number.isFinite(definition.sortOrder)) node.sortOrder = definition.sortOrder;
        for (const child of definition.children ?? []) place(child, id);
      };
      for (const definition of source.resources) place(definition, null);
    }

    const bySortOrder = (ids: string[]): string[] =>
      ids
        .map((id, index) => ({ id, index, order: nodes.get(id)?.sortOrder ?? 0 }))
        .sort((a, b) => a.order - b.order || a.index - b.index)
        .map((entry) => entry.id);

    const frozen = new Map<string, AclResourceNode>();
    const freeze = (id: string, depth: number): void => {
      const node = nodes.get(id);
      if (node === undefined) return;
      if (node.title === undefined) throw new MissingResourceTitleError(id, node.sources);
      const childIds = bySortOrder(node.childIds);
      frozen.set(id, {
        id,
        title: node.title,
        sortOrder: node.sortOrder ?? 0,
        parentId: node.parentId,
        childIds,
        depth,
      });
      for (const child of childIds) freeze(child, depth + 1);
    };
    const rootIds = bySortOrder(roots);
    for (const id of rootIds) freeze(id, 1);
    return new AclResourceTree(frozen, rootIds, sources);
  }

  /** A new tree with these sources merged after the current ones (same rules as `build`). */
  extendedWith(...sources: readonly AclResourceSource[]): AclResourceTree {
    return AclResourceTree.build([...this.sources, ...sources]);
  }

  get size(): number {
    return this.nodes.size;
  }

  /** Every id, depth-first in display order (parents before children). */
  ids(): readonly string[] {
    return this.orderedIds;
  }

  topLevelIds(): readonly string[] {
    return this.rootIds;
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  /** @returns the node, or null when the tree has no such id. */
  get(id: string): AclResourceNode | null {
    return this.nodes.get(id) ?? null;
  }

  /** @throws UnknownResourceError when any id is not in the tree (all unknown ids are named). */
  assertKnown(ids: Iterable<string>): void {
    const unknown = [...new Set(ids)].filter((id) => !this.nodes.has(id));
    if (unknown.length > 0) throw new UnknownResourceError(unknown);
  }

  /** Ancestors from the parent up to the top level; empty for an unknown id. */
  ancestorsOf(id: string): readonly string[] {
    const result: string[] = [];
    let parent = this.nodes.get(id)?.parentId ?? null;
    while (parent !== null) {
      result.push(parent);
      parent = this.nodes.get(parent)?.parentId ?? null;
    }
    return result;
  }

  /** Descendants depth-first in display order; empty for an unknown id or a leaf. */
  descendantsOf(id: string): readonly string[] {
    const result: string[] = [];
    const visit = (current: string): void => {
      for (const child of this.nodes.get(current)?.childIds ?? []) {
        result.push(child);
        visit(child);
      }
    };
    visit(id);
    return result;
  }

  isAncestorOf(ancestorId: string, id: string): boolean {
    return this.ancestorsOf(id).includes(ancestorId);
  }

  /**
   * The part of the tree below `ids`: each given resource becomes a top-level resource with its
   * subtree (Magento shows integrations only the children of `Magento_Backend::admin`).
   * @throws UnknownResourceError for ids not in the tree.
   */
  restrictTo(ids: readonly string[]): AclResourceTree {
    this.assertKnown(ids);
    const toDefinition = (id: string): AclResourceDefinition => {
      const node = this.nodes.get(id) as AclResourceNode;
      return { id, title: node.title, sortOrder: node.sortOrder, children: node.childIds.map(toDefinition) };
    };
    const unique = [...new Set(ids)];
    const topLevel = unique.filter((id) => !unique.some((other) => this.isAncestorOf(other, id)));
    return AclResourceTree.build([{ name: 'restriction', resources: topLevel.map(toDefinition) }]);
  }

  /** The tree as nested definitions in display order (for presenters and round trips). */
  toDefinitions(): readonly AclResourceDefinition[] {
    const toDefinition = (id: string): Required<Omit<AclResourceDefinition, 'origin'>> => {
      const node = this.nodes.get(id) as AclResourceNode;
      return { id, title: node.title, sortOrder: node.sortOrder, children: node.childIds.map(toDefinition) };
    };
    return this.rootIds.map(toDefinition);
  }

  /** The greatest depth (1 = only top-level resources; 0 = empty). */
  get depth(): number {
    let max = 0;
    for (const node of this.nodes.values()) max = Math.max(max, node.depth);
    return max;
  }
}

function describeParent(parentId: string | null): string {
  return parentId === null ? 'the root' : `"${parentId}"`;
}
