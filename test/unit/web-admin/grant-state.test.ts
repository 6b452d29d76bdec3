import fc from 'fast-check';
import { AclResourceTree } from '../../../src/domain/acl/acl-resource-tree';
import { Grant } from '../../../src/domain/acl/grant.value-object';
import { GrantState, type GrantValue, type TreeNode } from '../../../web/admin/src/grant-state';
import { R, SHOP_ACL } from '../../support/acl-fixtures';

/*
 * The checkbox rules of the web UI's resource tree (docs/domain.md "Grant"): checking a parent checks
 * its subtree, unchecking under a checked parent records an exclusion, ancestors of a checked
 * resource are partially checked and open as a path. The last test checks that the browser's
 * answers equal the server's Grant for any sequence of clicks.
 */

const DOMAIN_TREE = AclResourceTree.build([SHOP_ACL]);

/** The tree as GET /rest/V1/acl/resources gives it to the page: nested, in display order. */
function toTreeNodes(tree: AclResourceTree): TreeNode[] {
  const nodeOf = (id: string): TreeNode => {
    const node = tree.get(id);
    if (node === null) throw new Error(`no ${id} in the tree`);
    return { id, title: node.title, children: node.childIds.map(nodeOf) };
  };
  return tree
    .ids()
    .filter((id) => tree.get(id)?.parentId === null)
    .map(nodeOf);
}

/** Sales > Operations > {Orders > Actions > {Create, Cancel, Capture}, Invoices}; Customers > All Customers. */
const TREE = toTreeNodes(DOMAIN_TREE);
const ALL_IDS = DOMAIN_TREE.ids();

const NOTHING: GrantValue = { resourceAccess: 'custom', resources: [], excluded: [] };

const editing = (value: GrantValue = NOTHING): GrantState => new GrantState(TREE, value);

/** A state after clicking these checkboxes in order. */
function clicked(...ids: string[]): GrantState {
  const state = editing();
  for (const id of ids) state.toggle(id);
  return state;
}

const checkedIds = (state: GrantState): string[] => ALL_IDS.filter((id) => state.state(id) === 'checked');

describe('GrantState', () => {
  it('lists the tree in display order (Sales before Customers, parents before children)', () => {
    expect(ALL_IDS).toEqual([R.sales, R.operations, R.orders, R.actions, R.create, R.cancel, R.capture, R.invoices, R.customers, R.manageCustomers]);
  });

  describe('checking', () => {
    it('checks a parent and all its descendants, recording only the parent', () => {
      const state = clicked(R.orders);

      expect(checkedIds(state)).toEqual([R.orders, R.actions, R.create, R.cancel, R.capture]);
      expect(state.value()).toEqual({ resourceAccess: 'custom', resources: [R.orders], excluded: [] });
      expect(state.uncoveredBelow(R.orders)).toEqual([]);
    });

    it('shows the ancestors of a checked resource as mixed, and its siblings unchecked', () => {
      const state = clicked(R.capture);

      expect(state.state(R.capture)).toBe('checked');
      expect([R.actions, R.orders, R.operations, R.sales].map((id) => state.state(id))).toEqual(['mixed', 'mixed', 'mixed', 'mixed']);
      expect([R.create, R.cancel, R.invoices, R.customers].map((id) => state.state(id))).toEqual(['unchecked', 'unchecked', 'unchecked', 'unchecked']);
      expect(state.covered(R.actions)).toBe(false);
    });

    it('checking a child of an unchecked parent twice unchecks it again, leaving nothing recorded', () => {
      const state = clicked(R.capture, R.capture);

      expect(checkedIds(state)).toEqual([]);
      expect(state.value()).toEqual(NOTHING);
      expect(state.state(R.sales)).toBe('unchecked');
    });

    it('checking a parent drops the selections already made below it (no redundant selection)', () => {
      const state = clicked(R.capture, R.create, R.orders);

      expect(state.value()).toEqual({ resourceAccess: 'custom', resources: [R.orders], excluded: [] });
      expect(checkedIds(state)).toEqual([R.orders, R.actions, R.create, R.cancel, R.capture]);
    });
  });

  describe('unchecking under a checked parent', () => {
    it('keeps the parent checked, records the exclusion and names it in uncoveredBelow', () => {
      const state = clicked(R.orders, R.cancel);

      expect(state.state(R.orders)).toBe('checked');
      expect(state.state(R.actions)).toBe('checked');
      expect(state.state(R.cancel)).toBe('unchecked');
      expect(state.value()).toEqual({ resourceAccess: 'custom', resources: [R.orders], excluded: [R.cancel] });
      expect(state.uncoveredBelow(R.orders)).toEqual([R.cancel]);
      expect(state.uncoveredBelow(R.actions)).toEqual([R.cancel]);
      expect(state.uncoveredBelow(R.cancel)).toEqual([]);
    });

    it('re-checking the excluded child removes the exclusion instead of selecting it', () => {
      const state = clicked(R.orders, R.cancel, R.cancel);

      expect(state.value()).toEqual({ resourceAccess: 'custom', resources: [R.orders], excluded: [] });
      expect(state.state(R.cancel)).toBe('checked');
      expect(state.uncoveredBelow(R.orders)).toEqual([]);
    });

    it('unchecking an inner node excludes only it; its subtree follows (uncoveredBelow names the topmost)', () => {
      const state = clicked(R.sales, R.orders);

      expect(state.value()).toEqual({ resourceAccess: 'custom', resources: [R.sales], excluded: [R.orders] });
      expect([R.orders, R.actions, R.create, R.cancel, R.capture].map((id) => state.state(id))).toEqual([
        'unchecked',
        'unchecked',
        'unchecked',
        'unchecked',
        'unchecked',
      ]);
      expect(state.state(R.invoices)).toBe('checked');
      expect(state.uncoveredBelow(R.sales)).toEqual([R.orders]);
    });

    it('checking a resource below an exclusion re-covers that subtree only', () => {
      const state = clicked(R.sales, R.orders, R.capture);

      expect(state.value()).toEqual({ resourceAccess: 'custom', resources: [R.sales, R.capture], excluded: [R.orders] });
      expect(state.state(R.capture)).toBe('checked');
      expect(state.state(R.actions)).toBe('mixed');
      expect(state.state(R.orders)).toBe('mixed');
      expect(state.state(R.create)).toBe('unchecked');
    });
  });

  describe('unchecking a checked parent', () => {
    it('clears every selection and exclusion of its subtree', () => {
      const state = clicked(R.sales, R.orders, R.capture, R.manageCustomers);
      state.toggle(R.sales);

      expect(state.value()).toEqual({ resourceAccess: 'custom', resources: [R.manageCustomers], excluded: [] });
      expect([R.sales, R.operations, R.orders, R.actions, R.capture, R.invoices].map((id) => state.state(id))).toEqual([
        'unchecked',
        'unchecked',
        'unchecked',
        'unchecked',
        'unchecked',
        'unchecked',
      ]);
    });

    it('unchecking a mixed parent clears the selections below it', () => {
      const state = clicked(R.capture, R.create);
      expect(state.state(R.actions)).toBe('mixed');

      // A mixed node is not covered: the click checks it, a second click clears everything below.
      state.toggle(R.actions);
      expect(state.value().resources).toEqual([R.actions]);
      state.toggle(R.actions);

      expect(state.value()).toEqual(NOTHING);
      expect(checkedIds(state)).toEqual([]);
    });
  });

  describe('allowedIds (docs/domain.md rule 2)', () => {
    it('includes the covered subtree and the path up to it, not the path nodes’ other children', () => {
      const state = clicked(R.orders);

      expect(state.allowedIds()).toEqual([R.sales, R.operations, R.orders, R.actions, R.create, R.cancel, R.capture]);
      expect(state.allowedIds()).not.toContain(R.invoices);
    });

    it('for a single leaf: the leaf and its ancestors, not its siblings', () => {
      expect(clicked(R.capture).allowedIds()).toEqual([R.sales, R.operations, R.orders, R.actions, R.capture]);
    });

    it('leaves out an excluded resource while keeping its checked parent', () => {
      expect(clicked(R.orders, R.cancel).allowedIds()).toEqual([R.sales, R.operations, R.orders, R.actions, R.create, R.capture]);
    });

    it('is empty for a Custom grant with nothing checked (rule 4)', () => {
      expect(editing().allowedIds()).toEqual([]);
    });
  });

  describe("mode 'all'", () => {
    const all: GrantValue = { resourceAccess: 'all', resources: [], excluded: [] };

    it('shows every resource checked and allowed', () => {
      const state = editing(all);

      expect(checkedIds(state)).toEqual(ALL_IDS);
      expect(state.allowedIds()).toEqual(ALL_IDS);
    });

    it('ignores clicks and answers empty lists', () => {
      const state = editing(all);
      state.toggle(R.cancel);
      state.toggle(R.sales);

      expect(state.state(R.cancel)).toBe('checked');
      expect(state.value()).toEqual(all);
    });

    it('keeps the Custom selection underneath: switching back shows it again', () => {
      const state = editing({ resourceAccess: 'all', resources: [R.orders], excluded: [R.cancel] });
      expect(state.value()).toEqual(all);

      state.mode = 'custom';
      expect(state.value()).toEqual({ resourceAccess: 'custom', resources: [R.orders], excluded: [R.cancel] });
      expect(state.state(R.cancel)).toBe('unchecked');
    });
  });

  describe('value()', () => {
    it('lists ids in tree order whatever order they were clicked in', () => {
      const state = clicked(R.manageCustomers, R.capture, R.sales, R.cancel, R.invoices);

      expect(state.value()).toEqual({ resourceAccess: 'custom', resources: [R.sales, R.manageCustomers], excluded: [R.cancel, R.invoices] });
    });

    it('starts from the saved grant it is given, in tree order', () => {
      const state = editing({ resourceAccess: 'custom', resources: [R.manageCustomers, R.orders], excluded: [R.cancel] });

      expect(state.value()).toEqual({ resourceAccess: 'custom', resources: [R.orders, R.manageCustomers], excluded: [R.cancel] });
      expect(state.state(R.cancel)).toBe('unchecked');
      expect(state.state(R.capture)).toBe('checked');
    });
  });

  describe('unknown ids', () => {
    it('a click on an id not in the tree changes nothing', () => {
      const state = clicked(R.orders, R.cancel);
      state.toggle('Magento_Unknown::nope');

      expect(state.value()).toEqual({ resourceAccess: 'custom', resources: [R.orders], excluded: [R.cancel] });
      expect(state.allowedIds()).not.toContain('Magento_Unknown::nope');
    });

    it('an unknown id is neither allowed nor below anything', () => {
      const state = clicked(R.sales);

      expect(state.state('Magento_Unknown::nope')).toBe('unchecked');
      expect(state.uncoveredBelow('Magento_Unknown::nope')).toEqual([]);
      expect(state.node('Magento_Unknown::nope')).toBeUndefined();
      expect(state.ancestors(R.capture)).toEqual([R.sales, R.operations, R.orders, R.actions]);
    });
  });

  describe('agrees with the server’s Grant', () => {
    it('for any sequence of clicks: a valid grant whose covered, mixed and allowed resources are the server’s', () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...ALL_IDS), { maxLength: 25 }), (clicks) => {
          const state = clicked(...clicks);
          const value = state.value();

          // What the page would save: never both selected and excluded, never an orphan exclusion.
          const grant = Grant.custom(value.resources, value.excluded);
          grant.assertValidFor(DOMAIN_TREE);

          const permissions = grant.effectivePermissions(DOMAIN_TREE);
          const coveredOnServer = permissions.filter((p) => p.reason.kind === 'selected' || p.reason.kind === 'implied').map((p) => p.resourceId);
          const pathOnServer = permissions.filter((p) => p.reason.kind === 'path').map((p) => p.resourceId);
          const allowedOnServer = permissions.filter((p) => p.allowed).map((p) => p.resourceId);

          expect(ALL_IDS.filter((id) => state.covered(id))).toEqual(coveredOnServer);
          expect(ALL_IDS.filter((id) => state.state(id) === 'mixed')).toEqual(pathOnServer);
          expect(state.allowedIds()).toEqual(allowedOnServer);
          // Nothing redundant: a selection's parent is not covered; an exclusion's parent is.
          const parentCovered = (id: string): boolean => {
            const parent = state.ancestors(id).at(-1);
            return parent !== undefined && state.covered(parent);
          };
          expect(value.resources.filter(parentCovered)).toEqual([]);
          expect(value.excluded.filter((id) => !parentCovered(id))).toEqual([]);
        }),
        { numRuns: 300 },
      );
    });
  });
});
