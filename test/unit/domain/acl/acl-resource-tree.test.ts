import {
  AclResourceTree,
  type AclResourceDefinition,
  type AclResourceSource,
} from '../../../../src/domain/acl/acl-resource-tree';
import {
  ConflictingResourceError,
  DuplicateResourceError,
  InvalidResourceIdError,
  MissingResourceTitleError,
  UnknownResourceError,
} from '../../../../src/domain/acl/acl.errors';
import { errorFrom } from '../../../support/errors';

function source(name: string, ...resources: AclResourceDefinition[]): AclResourceSource {
  return { name, resources };
}

const salesSource = source('Magento_Sales/etc/acl.xml', {
  id: 'Magento_Sales::sales',
  title: 'Sales',
  sortOrder: 20,
  children: [
    {
      id: 'Magento_Sales::sales_operation',
      title: 'Operations',
      sortOrder: 10,
      children: [
        {
          id: 'Magento_Sales::sales_order',
          title: 'Orders',
          sortOrder: 10,
          children: [
            {
              id: 'Magento_Sales::actions',
              title: 'Actions',
              sortOrder: 10,
              children: [
                { id: 'Magento_Sales::create', title: 'Create', sortOrder: 10 },
                { id: 'Magento_Sales::cancel', title: 'Cancel', sortOrder: 60 },
                { id: 'Magento_Sales::capture', title: 'Capture', sortOrder: 80 },
              ],
            },
          ],
        },
        { id: 'Magento_Sales::sales_invoice', title: 'Invoices', sortOrder: 20 },
      ],
    },
  ],
});

const customerSource = source('Magento_Customer/etc/acl.xml', {
  id: 'Magento_Customer::customer',
  title: 'Customers',
  sortOrder: 40,
  children: [
    { id: 'Magento_Customer::manage', title: 'All Customers', sortOrder: 10 },
    { id: 'Magento_Customer::online', title: 'Now Online', sortOrder: 20 },
  ],
});

function salesTree(): AclResourceTree {
  return AclResourceTree.build([salesSource, customerSource]);
}

describe('AclResourceTree', () => {
  describe('build', () => {
    it('builds nodes with title, sort order, parent, children and depth', () => {
      const tree = salesTree();

      expect(tree.size).toBe(11);
      expect(tree.topLevelIds()).toEqual(['Magento_Sales::sales', 'Magento_Customer::customer']);
      expect(tree.get('Magento_Sales::sales_order')).toEqual({
        id: 'Magento_Sales::sales_order',
        title: 'Orders',
        sortOrder: 10,
        parentId: 'Magento_Sales::sales_operation',
        childIds: ['Magento_Sales::actions'],
        depth: 3,
      });
      expect(tree.get('Magento_Sales::sales')).toMatchObject({ parentId: null, depth: 1 });
      expect(tree.get('Magento_Sales::capture')).toMatchObject({ childIds: [], depth: 5 });
    });

    it('trims titles and defaults a missing sort order to 0', () => {
      const tree = AclResourceTree.build([source('host', { id: 'Host_App::reports', title: '  Reports \n' })]);

      expect(tree.get('Host_App::reports')).toMatchObject({ title: 'Reports', sortOrder: 0 });
    });

    it('builds an empty tree from no sources', () => {
      const tree = AclResourceTree.build([]);

      expect(tree.size).toBe(0);
      expect(tree.ids()).toEqual([]);
      expect(tree.depth).toBe(0);
      expect(AclResourceTree.empty().size).toBe(0);
    });

    it('lists every id depth-first in display order, parents before children', () => {
      expect(salesTree().ids()).toEqual([
        'Magento_Sales::sales',
        'Magento_Sales::sales_operation',
        'Magento_Sales::sales_order',
        'Magento_Sales::actions',
        'Magento_Sales::create',
        'Magento_Sales::cancel',
        'Magento_Sales::capture',
        'Magento_Sales::sales_invoice',
        'Magento_Customer::customer',
        'Magento_Customer::manage',
        'Magento_Customer::online',
      ]);
    });
  });

  describe('merging several sources by id', () => {
    it('lets a later source add children to a resource defined in another source', () => {
      const paypal = source('Magento_Paypal/etc/acl.xml', {
        id: 'Magento_Sales::sales',
        children: [{ id: 'Magento_Paypal::billing_agreement', title: 'Billing Agreements', sortOrder: 50 }],
      });

      const tree = AclResourceTree.build([salesSource, paypal]);

      expect(tree.get('Magento_Sales::sales')).toMatchObject({
        title: 'Sales',
        sortOrder: 20,
        parentId: null,
        childIds: ['Magento_Sales::sales_operation', 'Magento_Paypal::billing_agreement'],
      });
      expect(tree.get('Magento_Paypal::billing_agreement')).toMatchObject({ parentId: 'Magento_Sales::sales', depth: 2 });
    });

    it('takes the title and sort order of a resource from a later source that sets them', () => {
      const opener = source('Magento_Customer/etc/acl.xml', {
        id: 'Magento_Backend::stores',
        children: [{ id: 'Magento_Customer::config_customer', title: 'Customers Section' }],
      });
      const declarer = source('Magento_Backend/etc/acl.xml', { id: 'Magento_Backend::stores', title: 'Stores', sortOrder: 80 });

      const tree = AclResourceTree.build([opener, declarer]);

      expect(tree.get('Magento_Backend::stores')).toMatchObject({
        title: 'Stores',
        sortOrder: 80,
        childIds: ['Magento_Customer::config_customer'],
      });
    });

    it('lets a later title and sort order replace earlier ones, and reorders siblings accordingly', () => {
      const first = source(
        'first',
        { id: 'Host_App::a', title: 'A', sortOrder: 10 },
        { id: 'Host_App::b', title: 'Old B', sortOrder: 20 },
      );
      const second = source('second', { id: 'Host_App::b', title: 'New B', sortOrder: 5 });

      const tree = AclResourceTree.build([first, second]);

      expect(tree.get('Host_App::b')).toMatchObject({ title: 'New B', sortOrder: 5 });
      expect(tree.topLevelIds()).toEqual(['Host_App::b', 'Host_App::a']);
    });

    it('keeps an earlier title when a later source re-opens the resource without one', () => {
      const tree = AclResourceTree.build([
        source('first', { id: 'Host_App::a', title: 'A', sortOrder: 10 }),
        source('second', { id: 'Host_App::a', title: '   ', children: [{ id: 'Host_App::a_child', title: 'Child' }] }),
      ]);

      expect(tree.get('Host_App::a')).toMatchObject({ title: 'A', sortOrder: 10, childIds: ['Host_App::a_child'] });
    });
  });

  describe('display order', () => {
    it('orders siblings by sort order, then by insertion order across sources', () => {
      const tree = AclResourceTree.build([
        source(
          'first',
          { id: 'Host_App::c', title: 'C', sortOrder: 30 },
          { id: 'Host_App::tie_1', title: 'Tie 1', sortOrder: 20 },
          { id: 'Host_App::tie_2', title: 'Tie 2', sortOrder: 20 },
        ),
        source('second', { id: 'Host_App::tie_3', title: 'Tie 3', sortOrder: 20 }, { id: 'Host_App::a', title: 'A', sortOrder: 10 }),
      ]);

      expect(tree.topLevelIds()).toEqual(['Host_App::a', 'Host_App::tie_1', 'Host_App::tie_2', 'Host_App::tie_3', 'Host_App::c']);
    });

    it('orders children the same way, and lists ids depth-first', () => {
      const tree = AclResourceTree.build([
        source('host', {
          id: 'Host_App::root',
          title: 'Root',
          children: [
            { id: 'Host_App::late', title: 'Late', sortOrder: 99, children: [{ id: 'Host_App::late_child', title: 'Late child' }] },
            { id: 'Host_App::no_order', title: 'No order' },
            { id: 'Host_App::early', title: 'Early', sortOrder: -5 },
          ],
        }),
      ]);

      expect(tree.get('Host_App::root')?.childIds).toEqual(['Host_App::early', 'Host_App::no_order', 'Host_App::late']);
      expect(tree.ids()).toEqual([
        'Host_App::root',
        'Host_App::early',
        'Host_App::no_order',
        'Host_App::late',
        'Host_App::late_child',
      ]);
    });
  });

  describe('rejects', () => {
    it.each([
      'Magento_Sales',
      'Magento_Sales::',
      '::sales',
      'Magento-Sales::sales',
      'Magento_Sales::sales order',
      'Magento_Sales::sales::order',
      ' Magento_Sales::sales',
      '',
    ])('the invalid id %p, naming the id and the source', (id) => {
      const error = errorFrom(() =>
        AclResourceTree.build([source('Vendor_Module/etc/acl.xml', { id: 'Vendor_Module::root', title: 'Root', children: [{ id, title: 'Bad' }] })]),
      );

      expect(error).toBeInstanceOf(InvalidResourceIdError);
      expect(error).toMatchObject({ code: 'ACL.RESOURCE_ID_INVALID', parameters: { id, source: 'Vendor_Module/etc/acl.xml' } });
      expect(error.message).toContain(`"${id}"`);
      expect(error.message).toContain('Vendor_Module/etc/acl.xml');
    });

    it('an id defined twice in one source, naming the id and the source', () => {
      const error = errorFrom(() =>
        AclResourceTree.build([
          source(
            'host',
            { id: 'Host_App::a', title: 'A', children: [{ id: 'Host_App::dup', title: 'Dup' }] },
            { id: 'Host_App::b', title: 'B', children: [{ id: 'Host_App::dup', title: 'Dup again' }] },
          ),
        ]),
      );

      expect(error).toBeInstanceOf(DuplicateResourceError);
      expect(error).toMatchObject({ code: 'ACL.RESOURCE_DUPLICATE', parameters: { id: 'Host_App::dup', source: 'host' } });
      expect(error.message).toContain('Host_App::dup');
      expect(error.message).toContain('host');
    });

    it('the same id at the same place twice in one source', () => {
      const error = errorFrom(() =>
        AclResourceTree.build([source('host', { id: 'Host_App::a', title: 'A' }, { id: 'Host_App::a', title: 'A' })]),
      );

      expect(error).toMatchObject({ code: 'ACL.RESOURCE_DUPLICATE' });
    });

    it('the same id under different parents in two sources, naming both sources', () => {
      const other = source('Vendor_Other/etc/acl.xml', {
        id: 'Magento_Customer::customer',
        children: [{ id: 'Magento_Sales::capture', title: 'Capture elsewhere' }],
      });

      const error = errorFrom(() => AclResourceTree.build([salesSource, customerSource, other]));

      expect(error).toBeInstanceOf(ConflictingResourceError);
      expect(error).toMatchObject({
        code: 'ACL.RESOURCE_CONFLICT',
        parameters: { id: 'Magento_Sales::capture', sources: ['Magento_Sales/etc/acl.xml', 'Vendor_Other/etc/acl.xml'] },
      });
      expect(error.message).toContain('Magento_Sales::capture');
      expect(error.message).toContain('Magento_Sales/etc/acl.xml');
      expect(error.message).toContain('Vendor_Other/etc/acl.xml');
    });

    it('a top-level resource that another source places under a parent', () => {
      const error = errorFrom(() =>
        AclResourceTree.build([
          source('first', { id: 'Host_App::a', title: 'A' }, { id: 'Host_App::b', title: 'B' }),
          source('second', { id: 'Host_App::a', children: [{ id: 'Host_App::b' }] }),
        ]),
      );

      expect(error).toMatchObject({ code: 'ACL.RESOURCE_CONFLICT', parameters: { id: 'Host_App::b', sources: ['first', 'second'] } });
    });

    it('a resource that no source gives a title, naming it and its sources', () => {
      const error = errorFrom(() =>
        AclResourceTree.build([
          source('first', { id: 'Host_App::untitled', children: [{ id: 'Host_App::child', title: 'Child' }] }),
          source('second', { id: 'Host_App::untitled', title: '  ' }),
        ]),
      );

      expect(error).toBeInstanceOf(MissingResourceTitleError);
      expect(error).toMatchObject({
        code: 'ACL.RESOURCE_TITLE_MISSING',
        parameters: { id: 'Host_App::untitled', sources: ['first', 'second'] },
      });
      expect(error.message).toContain('Host_App::untitled');
    });
  });

  describe('lookup', () => {
    it('get returns the node, or null for an unknown id', () => {
      const tree = salesTree();

      expect(tree.get('Magento_Customer::manage')?.title).toBe('All Customers');
      expect(tree.get('Magento_Sales::refund')).toBeNull();
      expect(tree.has('Magento_Customer::manage')).toBe(true);
      expect(tree.has('Magento_Sales::refund')).toBe(false);
    });

    it('ancestorsOf lists the parent first, up to the top level; empty for a top-level or unknown id', () => {
      const tree = salesTree();

      expect(tree.ancestorsOf('Magento_Sales::capture')).toEqual([
        'Magento_Sales::actions',
        'Magento_Sales::sales_order',
        'Magento_Sales::sales_operation',
        'Magento_Sales::sales',
      ]);
      expect(tree.ancestorsOf('Magento_Sales::sales')).toEqual([]);
      expect(tree.ancestorsOf('Magento_Sales::refund')).toEqual([]);
    });

    it('descendantsOf lists the whole subtree depth-first in display order; empty for a leaf or unknown id', () => {
      const tree = salesTree();

      expect(tree.descendantsOf('Magento_Sales::sales_operation')).toEqual([
        'Magento_Sales::sales_order',
        'Magento_Sales::actions',
        'Magento_Sales::create',
        'Magento_Sales::cancel',
        'Magento_Sales::capture',
        'Magento_Sales::sales_invoice',
      ]);
      expect(tree.descendantsOf('Magento_Sales::capture')).toEqual([]);
      expect(tree.descendantsOf('Magento_Sales::refund')).toEqual([]);
    });

    it('isAncestorOf is true for any ancestor, false for the resource itself, a sibling or a descendant', () => {
      const tree = salesTree();

      expect(tree.isAncestorOf('Magento_Sales::sales', 'Magento_Sales::capture')).toBe(true);
      expect(tree.isAncestorOf('Magento_Sales::actions', 'Magento_Sales::capture')).toBe(true);
      expect(tree.isAncestorOf('Magento_Sales::capture', 'Magento_Sales::capture')).toBe(false);
      expect(tree.isAncestorOf('Magento_Sales::sales_invoice', 'Magento_Sales::capture')).toBe(false);
      expect(tree.isAncestorOf('Magento_Sales::capture', 'Magento_Sales::sales')).toBe(false);
    });

    it('depth is the greatest depth of the tree', () => {
      expect(salesTree().depth).toBe(5);
      expect(AclResourceTree.build([customerSource]).depth).toBe(2);
    });
  });

  describe('assertKnown', () => {
    it('passes when every id is in the tree', () => {
      expect(() => salesTree().assertKnown(['Magento_Sales::capture', 'Magento_Customer::customer'])).not.toThrow();
      expect(() => salesTree().assertKnown([])).not.toThrow();
    });

    it('names every unknown id, once each', () => {
      const error = errorFrom(() =>
        salesTree().assertKnown(['Magento_Sales::refund', 'Magento_Sales::capture', 'Magento_Cms::page', 'Magento_Sales::refund']),
      );

      expect(error).toBeInstanceOf(UnknownResourceError);
      expect(error).toMatchObject({ code: 'ACL.RESOURCE_UNKNOWN', ids: ['Magento_Sales::refund', 'Magento_Cms::page'] });
      expect(error.message).toContain('Magento_Sales::refund');
      expect(error.message).toContain('Magento_Cms::page');
      expect(error.message).not.toContain('Magento_Sales::capture');
    });
  });

  describe('restrictTo', () => {
    it('makes each given resource a top-level resource with its subtree', () => {
      const tree = salesTree();

      const restricted = tree.restrictTo(['Magento_Sales::sales_order', 'Magento_Customer::customer']);

      expect(restricted.topLevelIds()).toEqual(['Magento_Sales::sales_order', 'Magento_Customer::customer']);
      expect(restricted.ids()).toEqual([
        'Magento_Sales::sales_order',
        'Magento_Sales::actions',
        'Magento_Sales::create',
        'Magento_Sales::cancel',
        'Magento_Sales::capture',
        'Magento_Customer::customer',
        'Magento_Customer::manage',
        'Magento_Customer::online',
      ]);
      expect(restricted.get('Magento_Sales::sales_order')).toMatchObject({ title: 'Orders', parentId: null, depth: 1 });
      expect(restricted.get('Magento_Sales::capture')).toMatchObject({ depth: 3 });
      expect(restricted.has('Magento_Sales::sales')).toBe(false);
      expect(restricted.has('Magento_Sales::sales_invoice')).toBe(false);
      expect(restricted.depth).toBe(3);
    });

    it('keeps a given resource inside the subtree of another given resource', () => {
      const restricted = salesTree().restrictTo(['Magento_Sales::actions', 'Magento_Sales::sales_operation']);

      expect(restricted.topLevelIds()).toEqual(['Magento_Sales::sales_operation']);
      expect(restricted.get('Magento_Sales::actions')?.parentId).toBe('Magento_Sales::sales_order');
    });

    it('accepts an id given twice', () => {
      const restricted = salesTree().restrictTo(['Magento_Customer::customer', 'Magento_Customer::customer']);

      expect(restricted.topLevelIds()).toEqual(['Magento_Customer::customer']);
      expect(restricted.size).toBe(3);
    });

    it('leaves the original tree unchanged', () => {
      const tree = salesTree();

      tree.restrictTo(['Magento_Sales::sales_order']);

      expect(tree.size).toBe(11);
      expect(tree.get('Magento_Sales::sales_order')?.depth).toBe(3);
    });

    it('rejects unknown ids with UnknownResourceError naming them', () => {
      const error = errorFrom(() => salesTree().restrictTo(['Magento_Sales::sales', 'Magento_Cms::page']));

      expect(error).toBeInstanceOf(UnknownResourceError);
      expect(error).toMatchObject({ code: 'ACL.RESOURCE_UNKNOWN', ids: ['Magento_Cms::page'] });
    });
  });

  describe('extendedWith', () => {
    it('builds a new tree with the sources merged after the current ones', () => {
      const tree = salesTree();

      const extended = tree.extendedWith(
        source('Vendor_Refunds/etc/acl.xml', {
          id: 'Magento_Sales::sales',
          children: [
            {
              id: 'Magento_Sales::sales_operation',
              children: [
                {
                  id: 'Magento_Sales::sales_order',
                  children: [{ id: 'Magento_Sales::actions', children: [{ id: 'Vendor_Refunds::refund', title: 'Refund', sortOrder: 85 }] }],
                },
              ],
            },
          ],
        }),
      );

      expect(extended.size).toBe(12);
      expect(extended.get('Magento_Sales::actions')?.childIds).toEqual([
        'Magento_Sales::create',
        'Magento_Sales::cancel',
        'Magento_Sales::capture',
        'Vendor_Refunds::refund',
      ]);
      expect(extended.get('Vendor_Refunds::refund')).toMatchObject({ parentId: 'Magento_Sales::actions', depth: 5 });
      expect(tree.has('Vendor_Refunds::refund')).toBe(false);
      expect(tree.size).toBe(11);
    });

    it('applies the same rules as build, naming the conflicting sources', () => {
      const error = errorFrom(() =>
        salesTree().extendedWith(source('Vendor_Other/etc/acl.xml', { id: 'Magento_Customer::manage', title: 'Moved to the top' })),
      );

      expect(error).toMatchObject({
        code: 'ACL.RESOURCE_CONFLICT',
        parameters: { sources: ['Magento_Customer/etc/acl.xml', 'Vendor_Other/etc/acl.xml'] },
      });
    });

    it('extends an empty tree', () => {
      const tree = AclResourceTree.empty().extendedWith(customerSource);

      expect(tree.ids()).toEqual(['Magento_Customer::customer', 'Magento_Customer::manage', 'Magento_Customer::online']);
    });
  });

  describe('toDefinitions', () => {
    it('round-trips through build', () => {
      const tree = salesTree();

      const rebuilt = AclResourceTree.build([source('round trip', ...tree.toDefinitions())]);

      expect(rebuilt.ids()).toEqual(tree.ids());
      for (const id of tree.ids()) expect(rebuilt.get(id)).toEqual(tree.get(id));
    });
  });
});
