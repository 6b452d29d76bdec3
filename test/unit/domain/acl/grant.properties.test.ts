import fc from 'fast-check';
import { AclResourceTree, type AclResourceDefinition } from '../../../../src/domain/acl/acl-resource-tree';
import { Grant } from '../../../../src/domain/acl/grant.value-object';

const MAX_NODES = 25;
const MAX_DEPTH = 5;
const NUM_RUNS = 300;

/** How a generated grant treats one node. */
type Mark = 'none' | 'selected' | 'excluded';

interface NodeSpec {
  /** Index of an earlier node (taken modulo the node's own index), or null for a top-level node. */
  readonly parent: number | null;
  readonly sortOrder: number;
  readonly markA: Mark;
  readonly markB: Mark;
  readonly listed: boolean;
}

interface Scenario {
  readonly tree: AclResourceTree;
  /** Ids in generation order (`Test_Module::r<index>`). */
  readonly ids: readonly string[];
  readonly grantA: Grant;
  readonly grantB: Grant;
  /** A resource list as Magento's integration.xml would give it. */
  readonly list: readonly string[];
  /** Where a later module adds one new leaf: a node's index, or null for the top level. */
  readonly newLeafParent: number | null;
}

const markArb = fc.constantFrom<Mark>('none', 'none', 'none', 'selected', 'excluded');

const nodeArb: fc.Arbitrary<NodeSpec> = fc.record({
  parent: fc.option(fc.nat(), { nil: null, freq: 4 }),
  sortOrder: fc.integer({ min: 0, max: 3 }),
  markA: markArb,
  markB: markArb,
  listed: fc.boolean(),
});

const idOf = (index: number): string => `Test_Module::r${index}`;

/** Parent pointers always point at an earlier node, so the result is a forest; depth is capped. */
function parentsOf(nodes: readonly NodeSpec[]): (number | null)[] {
  const parents: (number | null)[] = [];
  const depths: number[] = [];
  nodes.forEach((node, index) => {
    let parent = index === 0 || node.parent === null ? null : node.parent % index;
    while (parent !== null && (depths[parent] ?? 0) >= MAX_DEPTH) parent = parents[parent] ?? null;
    parents.push(parent);
    depths.push(parent === null ? 1 : (depths[parent] ?? 0) + 1);
  });
  return parents;
}

function buildTree(nodes: readonly NodeSpec[], parents: readonly (number | null)[]): AclResourceTree {
  const toDefinition = (index: number): AclResourceDefinition => ({
    id: idOf(index),
    title: `Resource ${index}`,
    sortOrder: nodes[index]?.sortOrder ?? 0,
    children: parents.flatMap((parent, child) => (parent === index ? [toDefinition(child)] : [])),
  });
  const topLevel = parents.flatMap((parent, index) => (parent === null ? [toDefinition(index)] : []));
  return AclResourceTree.build([{ name: 'generated', resources: topLevel }]);
}

function grantOf(ids: readonly string[], marks: readonly Mark[]): Grant {
  return Grant.custom(
    ids.filter((_, index) => marks[index] === 'selected'),
    ids.filter((_, index) => marks[index] === 'excluded'),
  );
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .tuple(fc.array(nodeArb, { minLength: 1, maxLength: MAX_NODES, size: 'max' }), fc.option(fc.nat(), { nil: null }))
  .map(([nodes, leafParent]) => {
    const parents = parentsOf(nodes);
    const ids = nodes.map((_, index) => idOf(index));
    return {
      tree: buildTree(nodes, parents),
      ids,
      grantA: grantOf(ids, nodes.map((node) => node.markA)),
      grantB: grantOf(ids, nodes.map((node) => node.markB)),
      list: ids.filter((_, index) => nodes[index]?.listed === true),
      newLeafParent: leafParent === null ? null : leafParent % nodes.length,
    };
  });

const NEW_LEAF = 'Test_Module::added_later';

/** The tree after a later module adds one leaf (re-opening the path to its parent). */
function withNewLeaf(scenario: Scenario): AclResourceTree {
  const { tree, ids, newLeafParent } = scenario;
  const leaf: AclResourceDefinition = { id: NEW_LEAF, title: 'Added later' };
  if (newLeafParent === null) return tree.extendedWith({ name: 'later', resources: [leaf] });
  const parentId = ids[newLeafParent] ?? '';
  const definition = [parentId, ...tree.ancestorsOf(parentId)].reduce<AclResourceDefinition>(
    (child, id) => ({ id, children: [child] }),
    leaf,
  );
  return tree.extendedWith({ name: 'later', resources: [definition] });
}

/** docs/domain.md "Grant" rule 1, written out independently of the implementation. */
function coveredByDefinition(grant: Grant, id: string, tree: AclResourceTree): boolean {
  const decision = [id, ...tree.ancestorsOf(id)].find((r) => grant.selected.has(r) || grant.excluded.has(r));
  return decision !== undefined && grant.selected.has(decision);
}

/** docs/domain.md "Grant" rules 2 and 3. */
function allowedByDefinition(grant: Grant, id: string, tree: AclResourceTree): boolean {
  if (!tree.has(id)) return false;
  if (grant.isAll) return true;
  return coveredByDefinition(grant, id, tree) || tree.descendantsOf(id).some((d) => coveredByDefinition(grant, d, tree));
}

function isSubset(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return [...a].every((id) => b.has(id));
}

/** `grant` with more selections and fewer exclusions (it can only give more). */
function widened(grant: Grant, add: ReadonlySet<string>, drop: ReadonlySet<string>): Grant {
  const excluded = [...grant.excluded].filter((id) => !add.has(id) && !drop.has(id));
  return Grant.custom([...grant.selected, ...add], excluded);
}

describe('Grant properties (random trees and grants)', () => {
  it('matches the definition of docs/domain.md for every resource', () => {
    fc.assert(
      fc.property(scenarioArb, ({ tree, grantA }) => {
        for (const id of tree.ids()) expect([id, grantA.isAllowed(id, tree)]).toEqual([id, allowedByDefinition(grantA, id, tree)]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a: a selected resource covers its descendants unless a nearer exclusion is on the way', () => {
    fc.assert(
      fc.property(scenarioArb, ({ tree, grantA }) => {
        for (const selected of grantA.selected) {
          expect(grantA.isAllowed(selected, tree)).toBe(true);
          for (const descendant of tree.descendantsOf(selected)) {
            const ancestors = tree.ancestorsOf(descendant);
            const between = ancestors.slice(0, ancestors.indexOf(selected));
            const excludedOnTheWay = [descendant, ...between].some((id) => grantA.excluded.has(id));
            if (!excludedOnTheWay) expect([descendant, grantA.isAllowed(descendant, tree)]).toEqual([descendant, true]);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a: the cover reaches a resource added later under a covered parent', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { tree, ids, grantA, newLeafParent } = scenario;
        const parentId = newLeafParent === null ? null : (ids[newLeafParent] ?? '');
        const expected = parentId !== null && coveredByDefinition(grantA, parentId, tree);
        expect(grantA.isAllowed(NEW_LEAF, withNewLeaf(scenario))).toBe(expected);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('b: an allowed resource has every ancestor allowed', () => {
    fc.assert(
      fc.property(scenarioArb, ({ tree, grantA, list }) => {
        for (const grant of [grantA, Grant.importResourceList(list, tree)]) {
          const allowed = grant.allowedResources(tree);
          for (const id of allowed) {
            for (const ancestor of tree.ancestorsOf(id)) expect([id, ancestor, allowed.has(ancestor)]).toEqual([id, ancestor, true]);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('c: All allows every resource, also one added later', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { tree } = scenario;
        const all = Grant.all();
        expect(tree.ids().every((id) => all.isAllowed(id, tree))).toBe(true);
        expect(all.allowedResources(tree)).toEqual(new Set(tree.ids()));
        expect(all.isAllowed(NEW_LEAF, withNewLeaf(scenario))).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('d: an empty Custom grant allows nothing', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { tree } = scenario;
        const none = Grant.custom([]);
        expect(tree.ids().some((id) => none.isAllowed(id, tree))).toBe(false);
        expect(none.allowedResources(tree).size).toBe(0);
        expect(none.isAllowed(NEW_LEAF, withNewLeaf(scenario))).toBe(false);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('e: importResourceList(list) allows exactly the list and its ancestors, with a valid grant', () => {
    fc.assert(
      fc.property(scenarioArb, ({ tree, list }) => {
        const grant = Grant.importResourceList(list, tree);
        const expected = new Set(list.flatMap((id) => [id, ...tree.ancestorsOf(id)]));
        expect(grant.allowedResources(tree)).toEqual(expected);
        expect(() => grant.assertValidFor(tree)).not.toThrow();
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('f: isAllowed, allowedResources and effectivePermissions agree for every resource', () => {
    fc.assert(
      fc.property(scenarioArb, ({ tree, grantA }) => {
        for (const grant of [grantA, Grant.all()]) {
          const allowed = grant.allowedResources(tree);
          const permissions = grant.effectivePermissions(tree);
          expect(permissions.map((permission) => permission.resourceId)).toEqual(tree.ids());
          for (const permission of permissions) {
            const id = permission.resourceId;
            expect([id, grant.isAllowed(id, tree), permission.allowed]).toEqual([id, allowed.has(id), allowed.has(id)]);
          }
          expect(grant.isAllowed('Test_Module::unknown', tree)).toBe(false);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('g: isWithin is reflexive', () => {
    fc.assert(
      fc.property(scenarioArb, ({ tree, grantA, list }) => {
        for (const grant of [grantA, Grant.all(), Grant.none(), Grant.importResourceList(list, tree)]) {
          expect(grant.isWithin(grant, tree)).toBe(true);
          expect(grant.resourcesBeyond(grant, tree)).toBeNull();
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('g: a.isWithin(b) implies allowed(a) ⊆ allowed(b), also after a leaf is added anywhere', () => {
    fc.assert(
      fc.property(scenarioArb, fc.boolean(), (scenario, widen) => {
        const { tree, grantA, grantB } = scenario;
        // Half of the runs compare with a widened copy of a, so that isWithin is often true.
        const other = widen ? widened(grantA, grantB.selected, grantB.excluded) : grantB;
        if (widen) expect(grantA.isWithin(other, tree)).toBe(true);

        const later = withNewLeaf(scenario);
        for (const [a, b] of [
          [grantA, other],
          [other, grantA],
          [grantA, Grant.all()],
          [Grant.all(), grantA],
        ] as const) {
          if (!a.isWithin(b, tree)) continue;
          expect(isSubset(a.allowedResources(tree), b.allowedResources(tree))).toBe(true);
          expect(isSubset(a.allowedResources(later), b.allowedResources(later))).toBe(true);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('g: resourcesBeyond is null exactly when isWithin holds', () => {
    fc.assert(
      fc.property(scenarioArb, ({ tree, grantA, grantB }) => {
        expect(grantA.resourcesBeyond(grantB, tree) === null).toBe(grantA.isWithin(grantB, tree));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
