import { type AclResourceSource } from './acl-resource-tree';

/** What every id of Portcullis's own resources starts with (they have no Magento `Vendor_Module`). */
export const PORTCULLIS_RESOURCE_PREFIX = 'Portcullis::';

/** Portcullis's own resources, which guard its admin operations, beside the host's resources. */
export const PortcullisResource = {
  root: 'Portcullis::portcullis',
  integrations: 'Portcullis::integrations',
  roles: 'Portcullis::roles',
  adminUsers: 'Portcullis::admin_users',
  acl: 'Portcullis::acl',
  audit: 'Portcullis::audit',
  metrics: 'Portcullis::metrics',
} as const;

export const PORTCULLIS_ACL_SOURCE: AclResourceSource = {
  name: 'Portcullis',
  resources: [
    {
      id: PortcullisResource.root,
      title: 'Portcullis',
      sortOrder: 1000,
      children: [
        { id: PortcullisResource.integrations, title: 'Integrations', sortOrder: 10 },
        { id: PortcullisResource.roles, title: 'User Roles', sortOrder: 20 },
        { id: PortcullisResource.adminUsers, title: 'All Users', sortOrder: 30 },
        { id: PortcullisResource.acl, title: 'ACL Resources', sortOrder: 40 },
        { id: PortcullisResource.audit, title: 'Audit Trail', sortOrder: 50 },
        { id: PortcullisResource.metrics, title: 'Metrics', sortOrder: 60 },
      ],
    },
  ],
};
