import { type AclTreeNodeView } from '../../../../src/application/use-cases/acl/get-acl-tree.use-case';
import { type AclResourceSource } from '../../../../src/domain/acl/acl-resource-tree';
import { PortcullisResource } from '../../../../src/domain/acl/portcullis-resources';
import { R, SHOP_ACL } from '../../../support/acl-fixtures';
import { testCore } from '../../../support/test-core';

const leaf = (id: string, title: string, sortOrder = 0): AclTreeNodeView => ({ id, title, sortOrder, children: [] });

const PORTCULLIS_NODE: AclTreeNodeView = {
  id: PortcullisResource.root,
  title: 'Portcullis',
  sortOrder: 1000,
  children: [
    leaf(PortcullisResource.integrations, 'Integrations', 10),
    leaf(PortcullisResource.roles, 'User Roles', 20),
    leaf(PortcullisResource.adminUsers, 'All Users', 30),
    leaf(PortcullisResource.acl, 'ACL Resources', 40),
    leaf(PortcullisResource.audit, 'Audit Trail', 50),
    leaf(PortcullisResource.metrics, 'Metrics', 60),
  ],
};

function ids(nodes: readonly AclTreeNodeView[]): string[] {
  return nodes.flatMap((node) => [node.id, ...ids(node.children)]);
}

describe('GetAclTree', () => {
  it('returns the host tree followed by Portcullis\'s own resources, nested, with titles and sort orders', async () => {
    const core = testCore();

    const tree = await core.portcullis.acl.tree();

    expect(tree).toEqual([
      {
        id: R.sales,
        title: 'Sales',
        sortOrder: 20,
        children: [
          {
            id: R.operations,
            title: 'Operations',
            sortOrder: 0,
            children: [
              {
                id: R.orders,
                title: 'Orders',
                sortOrder: 0,
                children: [
                  {
                    id: R.actions,
                    title: 'Actions',
                    sortOrder: 0,
                    children: [leaf(R.create, 'Create'), leaf(R.cancel, 'Cancel'), leaf(R.capture, 'Capture')],
                  },
                ],
              },
              leaf(R.invoices, 'Invoices'),
            ],
          },
        ],
      },
      { id: R.customers, title: 'Customers', sortOrder: 30, children: [leaf(R.manageCustomers, 'All Customers')] },
      PORTCULLIS_NODE,
    ]);
  });

  it('orders every level by sortOrder, ties in declaration order, whatever the declaration order', async () => {
    const host: AclResourceSource = {
      name: 'host',
      resources: [
        { id: 'Shop_Late::late', title: 'After Portcullis', sortOrder: 2000 },
        {
          id: 'Shop_Catalog::catalog',
          title: 'Catalog',
          sortOrder: 30,
          children: [
            { id: 'Shop_Catalog::c', title: 'C', sortOrder: 30 },
            { id: 'Shop_Catalog::b2', title: 'B2', sortOrder: 20 },
            { id: 'Shop_Catalog::a', title: 'A', sortOrder: 10 },
            { id: 'Shop_Catalog::b1', title: 'B1', sortOrder: 20 },
          ],
        },
        { id: 'Shop_Dashboard::dashboard', title: 'Dashboard', sortOrder: 10 },
      ],
    };
    const core = testCore({ acl: [host] });

    const tree = await core.portcullis.acl.tree();

    expect(tree.map((node) => node.id)).toEqual(['Shop_Dashboard::dashboard', 'Shop_Catalog::catalog', PortcullisResource.root, 'Shop_Late::late']);
    expect(tree[1]?.children.map((node) => node.title)).toEqual(['A', 'B2', 'B1', 'C']);
    expect(tree[2]).toEqual(PORTCULLIS_NODE);
  });

  it('merges several host sources by id', async () => {
    const extra: AclResourceSource = {
      name: 'Magento_SalesExtra/etc/acl.xml',
      resources: [{ id: R.sales, children: [{ id: 'Magento_Sales::shipment', title: 'Shipments', sortOrder: 5 }] }],
    };
    const core = testCore({ acl: [SHOP_ACL, extra] });

    const tree = await core.portcullis.acl.tree();

    expect(tree[0]?.children.map((node) => node.id)).toEqual([R.operations, 'Magento_Sales::shipment']);
    expect(ids(tree)).toHaveLength(18);
  });

  it('holds only Portcullis\'s resources when the host declares none', async () => {
    const core = testCore({ acl: [] });

    expect(await core.portcullis.acl.tree()).toEqual([PORTCULLIS_NODE]);
  });
});
