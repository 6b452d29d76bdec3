import { type AclResourceSource } from '../../src/domain/acl/acl-resource-tree';

/** A Magento-shaped excerpt: Sales > Operations > Orders > Actions > {Create, Cancel, Capture}, plus siblings. */
export const R = {
  sales: 'Magento_Sales::sales',
  operations: 'Magento_Sales::sales_operation',
  orders: 'Magento_Sales::sales_order',
  actions: 'Magento_Sales::actions',
  create: 'Magento_Sales::create',
  cancel: 'Magento_Sales::cancel',
  capture: 'Magento_Sales::capture',
  invoices: 'Magento_Sales::sales_invoice',
  customers: 'Magento_Customer::customer',
  manageCustomers: 'Magento_Customer::manage',
} as const;

export const SHOP_ACL: AclResourceSource = {
  name: 'shop acl',
  resources: [
    {
      id: R.sales,
      title: 'Sales',
      sortOrder: 20,
      children: [
        {
          id: R.operations,
          title: 'Operations',
          children: [
            {
              id: R.orders,
              title: 'Orders',
              children: [
                {
                  id: R.actions,
                  title: 'Actions',
                  children: [
                    { id: R.create, title: 'Create' },
                    { id: R.cancel, title: 'Cancel' },
                    { id: R.capture, title: 'Capture' },
                  ],
                },
              ],
            },
            { id: R.invoices, title: 'Invoices' },
          ],
        },
      ],
    },
    { id: R.customers, title: 'Customers', sortOrder: 30, children: [{ id: R.manageCustomers, title: 'All Customers' }] },
  ],
};
