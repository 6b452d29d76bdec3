import { AclResourceTree, type AclResourceSource } from '../../../../src/domain/acl/acl-resource-tree';
import {
  InvalidGrantError,
  InvalidResourceIdError,
  UnknownResourceError,
} from '../../../../src/domain/acl/acl.errors';
import { Grant, type PermissionReason } from '../../../../src/domain/acl/grant.value-object';
import { errorFrom } from '../../../support/errors';

const SALES = 'Magento_Sales::sales';
const OPERATIONS = 'Magento_Sales::sales_operation';
const ORDERS = 'Magento_Sales::sales_order';
const ACTIONS = 'Magento_Sales::actions';
const CREATE = 'Magento_Sales::create';
const CANCEL = 'Magento_Sales::cancel';
const CAPTURE = 'Magento_Sales::capture';
/** A sibling of Orders. */
const INVOICES = 'Magento_Sales::sales_invoice';
const REFUND = 'Magento_Sales::refund';
const CUSTOMERS = 'Magento_Customer::customer';
const MANAGE = 'Magento_Customer::manage';
const ONLINE = 'Magento_Customer::online';
const GROUP = 'Magento_Customer::group';

/**
 * Sales > Operations > {Orders > Actions > {Create, Cancel, Capture}, Invoices}
 * Customers > {All Customers, Now Online, Customer Groups}
 */
const tree = AclResourceTree.build([
  {
    name: 'Magento_Sales/etc/acl.xml',
    resources: [
      {
        id: SALES,
        title: 'Sales',
        sortOrder: 20,
        children: [
          {
            id: OPERATIONS,
            title: 'Operations',
            sortOrder: 10,
            children: [
              {
                id: ORDERS,
                title: 'Orders',
                sortOrder: 10,
                children: [
                  {
                    id: ACTIONS,
                    title: 'Actions',
                    sortOrder: 10,
                    children: [
                      { id: CREATE, title: 'Create', sortOrder: 10 },
                      { id: CANCEL, title: 'Cancel', sortOrder: 60 },
                      { id: CAPTURE, title: 'Capture', sortOrder: 80 },
                    ],
                  },
                ],
              },
              { id: INVOICES, title: 'Invoices', sortOrder: 20 },
            ],
          },
        ],
      },
    ],
  },
  {
    name: 'Magento_Customer/etc/acl.xml',
    resources: [
      {
        id: CUSTOMERS,
        title: 'Customers',
        sortOrder: 40,
        children: [
          { id: MANAGE, title: 'All Customers', sortOrder: 10 },
          { id: ONLINE, title: 'Now Online', sortOrder: 20 },
          { id: GROUP, title: 'Customer Groups', sortOrder: 30 },
        ],
      },
    ],
  },
]);

/** A module installed later adds `Refund` under Actions. */
const refundModule: AclResourceSource = {
  name: 'Vendor_Refunds/etc/acl.xml',
  resources: [
    {
      id: SALES,
      children: [
        {
          id: OPERATIONS,
          children: [{ id: ORDERS, children: [{ id: ACTIONS, children: [{ id: REFUND, title: 'Refund', sortOrder: 90 }] }] }],
        },
      ],
    },
  ],
};
const treeWithRefund = tree.extendedWith(refundModule);

function allowedIds(grant: Grant, within: AclResourceTree = tree): string[] {
  return [...grant.allowedResources(within)].sort();
}

function sorted(ids: readonly string[]): string[] {
  return [...ids].sort();
}

/** Asserts both `isAllowed` for each id and the set computed in one pass. */
function expectAllowedExactly(grant: Grant, allowed: readonly string[], within: AclResourceTree = tree): void {
  expect(allowedIds(grant, within)).toEqual(sorted(allowed));
  for (const id of within.ids()) expect([id, grant.isAllowed(id, within)]).toEqual([id, allowed.includes(id)]);
}

function reasonsOf(grant: Grant, within: AclResourceTree = tree): Record<string, PermissionReason> {
  return Object.fromEntries(grant.effectivePermissions(within).map((permission) => [permission.resourceId, permission.reason]));
}

describe('Grant', () => {
  describe('docs/domain.md "Grant" table', () => {
    it('selected {Orders}: allows Orders, its subtree and its ancestors, not a sibling of Orders', () => {
      const grant = Grant.custom([ORDERS]);

      expectAllowedExactly(grant, [ORDERS, ACTIONS, CREATE, CANCEL, CAPTURE, OPERATIONS, SALES]);
      expect(grant.isAllowed(INVOICES, tree)).toBe(false);
    });

    it('selected {Orders}, excluded {Cancel}: allows Orders, Actions, Create, Capture and the ancestors, not Cancel', () => {
      const grant = Grant.custom([ORDERS], [CANCEL]);

      expectAllowedExactly(grant, [ORDERS, ACTIONS, CREATE, CAPTURE, OPERATIONS, SALES]);
      expect(grant.isAllowed(CANCEL, tree)).toBe(false);
    });

    it('selected {Capture}: allows Capture and its ancestors, not Create or Cancel', () => {
      const grant = Grant.custom([CAPTURE]);

      expectAllowedExactly(grant, [CAPTURE, ACTIONS, ORDERS, OPERATIONS, SALES]);
      expect(grant.isAllowed(CREATE, tree)).toBe(false);
      expect(grant.isAllowed(CANCEL, tree)).toBe(false);
    });

    it('selected {Orders}, later a new child Refund added under Actions: Refund is implied', () => {
      const grant = Grant.custom([ORDERS]);
      expect(grant.isAllowed(REFUND, tree)).toBe(false);

      expect(grant.isAllowed(REFUND, treeWithRefund)).toBe(true);
      expectAllowedExactly(grant, [ORDERS, ACTIONS, CREATE, CANCEL, CAPTURE, REFUND, OPERATIONS, SALES], treeWithRefund);
      expect(reasonsOf(grant, treeWithRefund)[REFUND]).toEqual({ kind: 'implied', by: ORDERS });
    });

    it('selected {Capture}, later Refund added: Refund is not allowed (Actions is only a path node; Magento #35365)', () => {
      const grant = Grant.custom([CAPTURE]);

      expect(grant.isAllowed(REFUND, treeWithRefund)).toBe(false);
      expect(grant.isAllowed(ACTIONS, treeWithRefund)).toBe(true);
      expectAllowedExactly(grant, [CAPTURE, ACTIONS, ORDERS, OPERATIONS, SALES], treeWithRefund);
    });
  });

  describe('All', () => {
    it('allows every resource of the tree, including ones added later', () => {
      const grant = Grant.all();

      expect(grant.isAll).toBe(true);
      expectAllowedExactly(grant, tree.ids());
      expectAllowedExactly(grant, treeWithRefund.ids(), treeWithRefund);
      expect(grant.isAllowed(REFUND, treeWithRefund)).toBe(true);
    });

    it('does not allow ids the tree lacks', () => {
      expect(Grant.all().isAllowed(REFUND, tree)).toBe(false);
      expect(Grant.all().isAllowed('Nobody::nothing', tree)).toBe(false);
    });
  });

  describe('rules', () => {
    it('never allows an unknown id, even one the grant selects', () => {
      const grant = Grant.custom([SALES, REFUND]);

      expect(grant.isAllowed(REFUND, tree)).toBe(false);
      expect(grant.isAllowed('Magento_Cms::page', tree)).toBe(false);
      expect(grant.isAllowed('not an id', tree)).toBe(false);
      expect(grant.allowedResources(tree).has(REFUND)).toBe(false);
    });

    it('allowsAll needs every one of the resources', () => {
      const grant = Grant.custom([ORDERS], [CANCEL]);

      expect(grant.allowsAll([CREATE, CAPTURE, SALES], tree)).toBe(true);
      expect(grant.allowsAll([CREATE, CANCEL], tree)).toBe(false);
      expect(grant.allowsAll([CREATE, INVOICES], tree)).toBe(false);
      expect(grant.allowsAll([CREATE, REFUND], tree)).toBe(false);
      expect(Grant.all().allowsAll([CREATE, REFUND], tree)).toBe(false);
      expect(Grant.all().allowsAll([CREATE, MANAGE], tree)).toBe(true);
    });

    it('allowsAll of no resources is true (a route that needs none)', () => {
      expect(Grant.none().allowsAll([], tree)).toBe(true);
    });

    it('an empty Custom grant allows nothing', () => {
      for (const grant of [Grant.none(), Grant.custom([]), Grant.custom([], [])]) {
        expect(grant.isAll).toBe(false);
        expectAllowedExactly(grant, []);
        expect(grant.allowsAll([SALES], tree)).toBe(false);
        expect(grant.effectivePermissions(tree).every((permission) => !permission.allowed)).toBe(true);
      }
    });

    it('a selection deeper under an exclusion re-covers that subtree', () => {
      const grant = Grant.custom([SALES, ACTIONS], [ORDERS]);

      expectAllowedExactly(grant, [SALES, OPERATIONS, INVOICES, ORDERS, ACTIONS, CREATE, CANCEL, CAPTURE]);
      expect(grant.isAllowed(REFUND, treeWithRefund)).toBe(true);
    });

    it('below an exclusion only the re-selected subtree and the path to it are allowed', () => {
      const grant = Grant.custom([SALES, CAPTURE], [OPERATIONS]);

      expectAllowedExactly(grant, [SALES, OPERATIONS, ORDERS, ACTIONS, CAPTURE]);
      expect(grant.isAllowed(CREATE, tree)).toBe(false);
      expect(grant.isAllowed(INVOICES, tree)).toBe(false);
      expect(grant.isAllowed(REFUND, treeWithRefund)).toBe(false);
    });
  });

  describe('effectivePermissions', () => {
    it('gives every resource in display order with title, parent, depth, allowed and the reason', () => {
      const grant = Grant.custom([OPERATIONS, CAPTURE], [ACTIONS]);

      const permissions = grant.effectivePermissions(tree);

      expect(permissions.map((permission) => permission.resourceId)).toEqual(tree.ids());
      expect(permissions.find((permission) => permission.resourceId === ORDERS)).toEqual({
        resourceId: ORDERS,
        title: 'Orders',
        parentId: OPERATIONS,
        depth: 3,
        allowed: true,
        reason: { kind: 'implied', by: OPERATIONS },
      });
      expect(Object.fromEntries(permissions.map((permission) => [permission.resourceId, [permission.allowed, permission.reason]]))).toEqual({
        [SALES]: [true, { kind: 'path', to: [OPERATIONS] }],
        [OPERATIONS]: [true, { kind: 'selected' }],
        [ORDERS]: [true, { kind: 'implied', by: OPERATIONS }],
        [ACTIONS]: [true, { kind: 'path', to: [CAPTURE] }],
        [CREATE]: [false, { kind: 'excluded', by: ACTIONS }],
        [CANCEL]: [false, { kind: 'excluded', by: ACTIONS }],
        [CAPTURE]: [true, { kind: 'selected' }],
        [INVOICES]: [true, { kind: 'implied', by: OPERATIONS }],
        [CUSTOMERS]: [false, { kind: 'not-granted' }],
        [MANAGE]: [false, { kind: 'not-granted' }],
        [ONLINE]: [false, { kind: 'not-granted' }],
        [GROUP]: [false, { kind: 'not-granted' }],
      });
    });

    it('names the nearest selected ancestor as the one implying a resource', () => {
      const reasons = reasonsOf(Grant.custom([SALES, ORDERS]));

      expect(reasons[CANCEL]).toEqual({ kind: 'implied', by: ORDERS });
      expect(reasons[INVOICES]).toEqual({ kind: 'implied', by: SALES });
    });

    it('names the nearest covered resources a path leads to', () => {
      const reasons = reasonsOf(Grant.custom([CREATE, CAPTURE, MANAGE]));

      expect(reasons[ACTIONS]).toEqual({ kind: 'path', to: [CREATE, CAPTURE] });
      expect(reasons[SALES]).toEqual({ kind: 'path', to: [CREATE, CAPTURE] });
      expect(reasons[CUSTOMERS]).toEqual({ kind: 'path', to: [MANAGE] });
      expect(reasons[CANCEL]).toEqual({ kind: 'not-granted' });
    });

    it('does not name a covered resource that lies below a nearer covered one', () => {
      const reasons = reasonsOf(Grant.custom([OPERATIONS, CAPTURE], [ACTIONS]));

      expect(reasons[SALES]).toEqual({ kind: 'path', to: [OPERATIONS] });
      expect(reasons[ACTIONS]).toEqual({ kind: 'path', to: [CAPTURE] });
    });

    it('names the nearest exclusion', () => {
      const reasons = reasonsOf(Grant.custom([SALES], [ORDERS, CANCEL]));

      expect(reasons[ORDERS]).toEqual({ kind: 'excluded', by: ORDERS });
      expect(reasons[CANCEL]).toEqual({ kind: 'excluded', by: CANCEL });
      expect(reasons[CREATE]).toEqual({ kind: 'excluded', by: ORDERS });
    });

    it('gives "all" for every resource of an All grant', () => {
      const permissions = Grant.all().effectivePermissions(treeWithRefund);

      expect(permissions).toHaveLength(treeWithRefund.size);
      expect(permissions.every((permission) => permission.allowed && permission.reason.kind === 'all')).toBe(true);
    });

    it('agrees with isAllowed', () => {
      const grant = Grant.custom([SALES, CAPTURE], [OPERATIONS]);

      for (const permission of grant.effectivePermissions(tree)) {
        expect([permission.resourceId, permission.allowed]).toEqual([permission.resourceId, grant.isAllowed(permission.resourceId, tree)]);
      }
    });
  });

  describe('importResourceList', () => {
    /** magento-integration.md §2.2: the integration.xml list after Magento adds the ancestors. */
    const magentoList = [CUSTOMERS, MANAGE, SALES, OPERATIONS, ORDERS, ACTIONS, CAPTURE];

    it('allows exactly the Magento list, without over-granting siblings', () => {
      const grant = Grant.importResourceList(magentoList, tree);

      expectAllowedExactly(grant, magentoList);
      for (const sibling of [ONLINE, GROUP, CREATE, CANCEL, INVOICES]) expect(grant.isAllowed(sibling, tree)).toBe(false);
    });

    it('selects the listed resources whose parent is not covered and excludes unlisted children of covered ones', () => {
      const grant = Grant.importResourceList(magentoList, tree);

      expect(grant.toSnapshot()).toEqual({
        mode: 'custom',
        selected: sorted([SALES, CUSTOMERS]),
        excluded: sorted([INVOICES, CREATE, CANCEL, ONLINE, GROUP]),
      });
      expect(() => grant.assertValidFor(tree)).not.toThrow();
    });

    it('gives the same allowed set for the list before ancestor expansion', () => {
      expectAllowedExactly(Grant.importResourceList([MANAGE, CAPTURE], tree), magentoList);
    });

    it('imports an empty list as a grant that allows nothing', () => {
      expectAllowedExactly(Grant.importResourceList([], tree), []);
    });

    it('rejects ids the tree lacks, naming them', () => {
      const error = errorFrom(() => Grant.importResourceList([SALES, REFUND], tree));

      expect(error).toBeInstanceOf(UnknownResourceError);
      expect(error).toMatchObject({ code: 'ACL.RESOURCE_UNKNOWN', ids: [REFUND] });
    });

    it('rejects a malformed id', () => {
      const error = errorFrom(() => Grant.importResourceList([SALES, 'Magento_Sales'], tree));

      expect(error).toBeInstanceOf(InvalidResourceIdError);
      expect(error).toMatchObject({ code: 'ACL.RESOURCE_ID_INVALID' });
    });
  });

  describe('assertValidFor', () => {
    it('accepts a grant whose exclusions all lie under a selected resource', () => {
      expect(() => Grant.custom([SALES], [ORDERS, CANCEL]).assertValidFor(tree)).not.toThrow();
      expect(() => Grant.all().assertValidFor(tree)).not.toThrow();
      expect(() => Grant.none().assertValidFor(tree)).not.toThrow();
    });

    it('rejects selected and excluded ids the tree lacks, naming all of them', () => {
      const error = errorFrom(() => Grant.custom([SALES, REFUND], ['Magento_Sales::void']).assertValidFor(tree));

      expect(error).toBeInstanceOf(UnknownResourceError);
      expect(error).toMatchObject({ code: 'ACL.RESOURCE_UNKNOWN', ids: [REFUND, 'Magento_Sales::void'] });
    });

    it('rejects an exclusion with no selected ancestor', () => {
      const error = errorFrom(() => Grant.custom([CAPTURE, ORDERS], [CANCEL, MANAGE, SALES]).assertValidFor(tree));

      expect(error).toBeInstanceOf(InvalidGrantError);
      expect(error).toMatchObject({ code: 'GRANT.INVALID', parameters: { ids: [MANAGE, SALES] } });
      expect(error.message).toContain(MANAGE);
    });
  });

  describe('custom', () => {
    it('rejects an id both selected and excluded, naming it', () => {
      const error = errorFrom(() => Grant.custom([SALES, ORDERS], [ORDERS]));

      expect(error).toBeInstanceOf(InvalidGrantError);
      expect(error).toMatchObject({ code: 'GRANT.INVALID', parameters: { ids: [ORDERS] } });
      expect(error.message).toContain(ORDERS);
    });

    it.each([
      ['selected', ['Magento_Sales'], []],
      ['excluded', [SALES], ['Magento_Sales::sales order']],
    ])('rejects a malformed %s id', (_where, selected, excluded) => {
      const error = errorFrom(() => Grant.custom(selected, excluded));

      expect(error).toBeInstanceOf(InvalidResourceIdError);
      expect(error).toMatchObject({ code: 'ACL.RESOURCE_ID_INVALID' });
    });

    it('ignores repeated ids', () => {
      expect(Grant.custom([SALES, SALES]).selected).toEqual(new Set([SALES]));
    });
  });

  describe('isWithin / resourcesBeyond', () => {
    it('All is within All only', () => {
      expect(Grant.all().isWithin(Grant.all(), tree)).toBe(true);
      expect(Grant.all().resourcesBeyond(Grant.all(), tree)).toBeNull();

      const everythingNow = Grant.custom([SALES, CUSTOMERS]);
      expect(Grant.all().isWithin(everythingNow, tree)).toBe(false);
      expect(Grant.all().resourcesBeyond(everythingNow, tree)).toBe('all');
    });

    it('a Custom grant is within All', () => {
      expect(Grant.custom([SALES, CUSTOMERS]).isWithin(Grant.all(), tree)).toBe(true);
      expect(Grant.none().isWithin(Grant.all(), tree)).toBe(true);
    });

    it('a grant is within itself, and nothing is within any grant', () => {
      const grant = Grant.custom([ORDERS], [CANCEL]);

      expect(grant.isWithin(grant, tree)).toBe(true);
      expect(Grant.none().isWithin(Grant.none(), tree)).toBe(true);
      expect(Grant.none().isWithin(grant, tree)).toBe(true);
    });

    it('a resource is within a selected ancestor of it, not the other way round (naming the topmost extra)', () => {
      expect(Grant.custom([CAPTURE]).isWithin(Grant.custom([ORDERS]), tree)).toBe(true);

      expect(Grant.custom([ORDERS]).isWithin(Grant.custom([CAPTURE]), tree)).toBe(false);
      expect(Grant.custom([ORDERS]).resourcesBeyond(Grant.custom([CAPTURE]), tree)).toEqual([ORDERS]);
    });

    it('an exclusion the other lacks is within it; lacking an exclusion the other has is not', () => {
      const withExclusion = Grant.custom([ORDERS], [CANCEL]);
      const withoutExclusion = Grant.custom([ORDERS]);

      expect(withExclusion.isWithin(withoutExclusion, tree)).toBe(true);
      expect(withoutExclusion.resourcesBeyond(withExclusion, tree)).toEqual([CANCEL]);
    });

    it('selecting a parent is NOT within selecting each of its children, as it would grant future children', () => {
      const parent = Grant.custom([ACTIONS]);
      const eachChild = Grant.custom([CREATE, CANCEL, CAPTURE]);
      expect(allowedIds(parent)).toEqual(allowedIds(eachChild));

      expect(parent.isWithin(eachChild, tree)).toBe(false);
      expect(parent.resourcesBeyond(eachChild, tree)).toEqual([ACTIONS]);
      expect(eachChild.isWithin(parent, tree)).toBe(true);
      // Why: once Refund is added, the parent grant reaches it and the other does not.
      expect(parent.isAllowed(REFUND, treeWithRefund)).toBe(true);
      expect(eachChild.isAllowed(REFUND, treeWithRefund)).toBe(false);
    });

    it('names only the topmost resource of each subtree beyond the other grant', () => {
      const beyond = Grant.custom([SALES, CUSTOMERS]).resourcesBeyond(Grant.custom([CAPTURE, ONLINE]), tree);

      expect(beyond).toEqual([SALES, CUSTOMERS]);
    });
  });

  describe('missing (what a grant lacks of a requirement)', () => {
    const orders = Grant.custom([ORDERS], [CANCEL]);

    it('names every resource of `all` it does not allow, in the order asked', () => {
      expect(orders.missing({ all: [MANAGE, ORDERS, CANCEL, 'Nobody::unknown'] }, tree)).toEqual({ resources: [MANAGE, CANCEL, 'Nobody::unknown'], anyOf: false });
    });

    it('with `anyOf`: met by any one of them; otherwise names them all', () => {
      expect(orders.missing({ all: [ORDERS], anyOf: [MANAGE, CREATE] }, tree)).toBeNull();
      expect(orders.missing({ all: [ORDERS], anyOf: [MANAGE, CANCEL] }, tree)).toEqual({ resources: [MANAGE, CANCEL], anyOf: true });
    });

    it('`all` is checked first; an empty requirement is met by any grant, even none', () => {
      expect(orders.missing({ all: [MANAGE], anyOf: [GROUP] }, tree)).toEqual({ resources: [MANAGE], anyOf: false });
      expect(Grant.none().missing({ all: [] }, tree)).toBeNull();
      expect(Grant.none().missing({ all: [], anyOf: [] }, tree)).toBeNull();
      expect(Grant.all().missing({ all: [SALES, CANCEL, ONLINE] }, tree)).toBeNull();
    });
  });

  describe('snapshot and restore', () => {
    it('round-trips a Custom grant through plain data (ids sorted)', () => {
      const grant = Grant.custom([ORDERS, CUSTOMERS], [ONLINE, CANCEL]);

      const snapshot = grant.toSnapshot();

      expect(snapshot).toEqual({ mode: 'custom', selected: sorted([ORDERS, CUSTOMERS]), excluded: sorted([ONLINE, CANCEL]) });
      const restored = Grant.restore(JSON.parse(JSON.stringify(snapshot)) as typeof snapshot);
      expect(restored.equals(grant)).toBe(true);
      expect(allowedIds(restored)).toEqual(allowedIds(grant));
    });

    it('round-trips All and an empty grant', () => {
      expect(Grant.all().toSnapshot()).toEqual({ mode: 'all', selected: [], excluded: [] });
      expect(Grant.restore(Grant.all().toSnapshot()).isAll).toBe(true);
      expect(Grant.restore(Grant.none().toSnapshot()).equals(Grant.none())).toBe(true);
    });
  });

  describe('equals', () => {
    it('compares mode and members, not order', () => {
      expect(Grant.custom([ORDERS, CUSTOMERS], [CANCEL]).equals(Grant.custom([CUSTOMERS, ORDERS], [CANCEL]))).toBe(true);
      expect(Grant.all().equals(Grant.all())).toBe(true);
      expect(Grant.none().equals(Grant.custom([]))).toBe(true);
    });

    it('tells apart different modes, selections and exclusions', () => {
      expect(Grant.all().equals(Grant.none())).toBe(false);
      expect(Grant.custom([ORDERS]).equals(Grant.custom([ORDERS, CUSTOMERS]))).toBe(false);
      expect(Grant.custom([ORDERS], [CANCEL]).equals(Grant.custom([ORDERS]))).toBe(false);
      expect(Grant.custom([ORDERS], [CANCEL]).equals(Grant.custom([ORDERS], [CREATE]))).toBe(false);
    });
  });
  describe('differenceFrom', () => {
    it('names every resource allowed now and not before, and the other way round, in tree order', () => {
      const difference = Grant.custom([ORDERS, CUSTOMERS], [ONLINE]).differenceFrom(Grant.custom([SALES], [CANCEL]), tree);
      expect(difference).toEqual({
        allResourcesBefore: false,
        allResourcesAfter: false,
        // Cancel was excluded under Sales, and Orders (which holds it) is now selected: it is gained.
        added: [CANCEL, CUSTOMERS, MANAGE, GROUP],
        // Sales and Operations stay allowed, as the path to Orders.
        removed: [INVOICES],
      });
    });

    it('says nothing changed for equal grants; an exclusion removes the resource and all under it', () => {
      expect(Grant.custom([ORDERS]).differenceFrom(Grant.custom([ORDERS]), tree)).toEqual({ allResourcesBefore: false, allResourcesAfter: false, added: [], removed: [] });
      expect(Grant.custom([ORDERS], [ACTIONS]).differenceFrom(Grant.custom([ORDERS]), tree)).toMatchObject({ added: [], removed: [ACTIONS, CREATE, CANCEL, CAPTURE] });
    });

    it('counts All as every resource of the tree, and says so', () => {
      expect(Grant.all().differenceFrom(Grant.none(), tree)).toEqual({ allResourcesBefore: false, allResourcesAfter: true, added: tree.ids(), removed: [] });
      expect(Grant.custom([ORDERS]).differenceFrom(Grant.all(), tree)).toEqual({
        allResourcesBefore: true,
        allResourcesAfter: false,
        added: [],
        removed: [INVOICES, CUSTOMERS, MANAGE, ONLINE, GROUP],
      });
      expect(Grant.all().differenceFrom(Grant.all(), tree)).toMatchObject({ added: [], removed: [] });
    });
  });
});
