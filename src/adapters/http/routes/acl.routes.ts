import { PortcullisResource } from '../../../domain/acl/portcullis-resources';
import { PreviewPermissionsBody } from '../dtos/acl.dto';
import { type HttpUseCases } from '../http-use-cases';
import { RESPONSES } from '../response-schemas';
import { route, type RouteSpec } from '../route-spec';

/** The ACL resource tree the role and integration editors show. */
export function aclRoutes(useCases: HttpUseCases): RouteSpec[] {
  return [
    route({
      method: 'GET',
      url: '/rest/V1/acl/resources',
      operationId: 'getAclResources',
      summary: 'The ACL resource tree (host resources and Portcullis’s own), nested, in display order',
      tag: 'ACL',
      access: [PortcullisResource.acl],
      integrations: true,
      success: { status: 200, description: 'The tree.', schema: RESPONSES.aclTree },
      handle: () => useCases.acl.tree.execute(),
    }),
    route<PreviewPermissionsBody>({
      method: 'POST',
      url: '/rest/V1/acl/permissions',
      operationId: 'previewPermissions',
      summary: 'Effective permissions of a grant not saved yet: every resource, allowed or not, and why',
      description: 'What the role and integration editors show while resources are being checked; nothing is saved.',
      tag: 'ACL',
      access: [PortcullisResource.acl],
      body: PreviewPermissionsBody,
      success: { status: 200, description: 'The grant and each resource with its reason.', schema: RESPONSES.permissions },
      handle: ({ body }) =>
        useCases.acl.effectivePermissions.execute({
          grant: { resourceAccess: body.resourceAccess, resources: body.resources ?? [], excluded: body.excluded ?? [] },
        }),
    }),
  ];
}
