import { PortcullisResource } from '../../../domain/acl/portcullis-resources';
import { CreateRoleBody, UpdateRoleBody } from '../dtos/role.dto';
import { PageQuery } from '../dtos/page.dto';
import { type HttpUseCases } from '../http-use-cases';
import { RESPONSES } from '../response-schemas';
import { type RouteSpec } from '../route-spec';
import { actorOf, definedOnly, recordOf, ResourceRoutes } from './resource-routes';

const roles = new ResourceRoutes('/rest/V1/roles', 'User roles', [PortcullisResource.roles]);

/** System > Permissions > User Roles. */
export function roleRoutes(useCases: HttpUseCases): RouteSpec[] {
  const uc = useCases.roles;
  return [
    roles.list<PageQuery>({
      operationId: 'listRoles',
      summary: 'Admin roles, by name (paged as integrations are: `page`, `pageSize`)',
      query: PageQuery,
      success: { description: 'One page of admin roles with their access.', schema: RESPONSES.rolePage },
      handle: ({ query }) => uc.page.execute(query),
    }),
    roles.create({
      operationId: 'createRole',
      summary: 'Create an admin role with its resource access (no more than your own)',
      body: CreateRoleBody,
      success: { description: 'The new role.', schema: RESPONSES.role },
      errors: [409],
      handle: ({ body, principal }) =>
        uc.create.execute({
          name: body.name,
          resourceAccess: body.resourceAccess,
          ...definedOnly({ resources: body.resources, excluded: body.excluded, readOnly: body.readOnly }),
          ...actorOf(principal),
        }),
      idOf: (role) => role.id,
    }),
    roles.record('GET', null, {
      operationId: 'getRole',
      summary: 'One admin role',
      success: { description: 'The role.', schema: RESPONSES.role },
      handle: ({ params }) => uc.get.execute({ id: params.id ?? '' }),
    }),
    roles.update<UpdateRoleBody>({
      operationId: 'updateRole',
      summary: 'Rename a role and/or change its access (fields not sent keep their value)',
      body: UpdateRoleBody,
      success: { description: 'The saved role.', schema: RESPONSES.role },
      errors: [409, 422],
      handle: ({ body, params, principal }) =>
        uc.update.execute({
          ...recordOf({ params, principal }),
          ...definedOnly({ name: body.name, resourceAccess: body.resourceAccess, resources: body.resources, excluded: body.excluded, readOnly: body.readOnly }),
        }),
    }),
    roles.record('DELETE', null, {
      operationId: 'deleteRole',
      summary: 'Delete an admin role (its users cannot act until given another role)',
      success: { description: 'What was deleted, and how many users were left without a role.', schema: RESPONSES.deletedRole },
      errors: [422],
      handle: (context) => uc.delete.execute(recordOf(context)),
    }),
    roles.record('GET', 'permissions', {
      operationId: 'getRolePermissions',
      summary: 'Effective permissions of an admin role: every resource, allowed or not, and why',
      success: { description: 'The grant and each resource with its reason.', schema: RESPONSES.permissions },
      handle: ({ params }) => useCases.acl.effectivePermissions.execute({ roleId: params.id ?? '' }),
    }),
  ];
}
