import { PortcullisResource } from '../../../domain/acl/portcullis-resources';
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
  ];
}
