import { PortcullisResource } from '../../../domain/acl/portcullis-resources';
import { PreviewPermissionsBody } from '../dtos/acl.dto';
import { type HttpUseCases } from '../http-use-cases';
import { RESPONSES } from '../response-schemas';
import { route, type RouteSpec } from '../route-spec';

/**
 * Whoever may edit a grant reads the tree it is chosen from: an admin managing integrations or
 * roles (their editors show it), or the ACL itself.
 */
const TREE_READERS = { anyOf: [PortcullisResource.acl, PortcullisResource.integrations, PortcullisResource.roles] };

/** The ACL resource tree the role and integration editors show. */
export function aclRoutes(useCases: HttpUseCases): RouteSpec[] {
  return [
    route({
      method: 'GET',
      url: '/rest/V1/acl/resources',
      operationId: 'getAclResources',
      summary: 'The ACL resource tree (host resources and Portcullis’s own), nested, in display order',
      description: 'For admins (and integrations) allowed any of Portcullis::acl, Portcullis::integrations or Portcullis::roles: the integration and role editors show it.',
      tag: 'ACL',
      access: TREE_READERS,
      integrations: true,
      success: { status: 200, description: 'The tree.', schema: RESPONSES.aclTree },
      handle: () => useCases.acl.tree.execute(),
    }),
    route<PreviewPermissionsBody>({
      method: 'POST',
      url: '/rest/V1/acl/permissions',
      operationId: 'previewPermissions',
      summary: 'Effective permissions of a grant not saved yet: every resource, allowed or not, and why',
      description:
        'What the role and integration editors show while resources are being checked; nothing is saved. For admins allowed any of Portcullis::acl, Portcullis::integrations or Portcullis::roles.',
      tag: 'ACL',
      access: TREE_READERS,
      body: PreviewPermissionsBody,
      success: { status: 200, description: 'The grant and each resource with its reason.', schema: RESPONSES.permissions },
      handle: ({ body }) =>
        useCases.acl.effectivePermissions.execute({
          grant: { resourceAccess: body.resourceAccess, resources: body.resources ?? [], excluded: body.excluded ?? [] },
        }),
    }),
  ];
}
