import { PortcullisResource } from '../../../domain/acl/portcullis-resources';
import { CreateRoleBody, UpdateRoleBody } from '../dtos/role.dto';
import { PageQuery } from '../dtos/page.dto';
import { type HttpUseCases } from '../http-use-cases';
import { RESPONSES } from '../response-schemas';
import { route, type RouteSpec } from '../route-spec';
import { definedOnly } from './integrations.routes';

const BASE = '/rest/V1/roles';
const TAG = 'User roles';
const MANAGE = [PortcullisResource.roles];

/** System > Permissions > User Roles. */
export function roleRoutes(useCases: HttpUseCases): RouteSpec[] {
  const uc = useCases.roles;
  return [
    route<unknown, PageQuery>({
      method: 'GET',
      url: BASE,
      operationId: 'listRoles',
      summary: 'Admin roles, by name (paged as integrations are: `page`, `pageSize`)',
      tag: TAG,
      access: MANAGE,
      query: PageQuery,
      success: { status: 200, description: 'One page of admin roles with their access.', schema: RESPONSES.rolePage },
      handle: ({ query }) => uc.page.execute(query),
    }),
    route<CreateRoleBody>({
      method: 'POST',
      url: BASE,
      operationId: 'createRole',
      summary: 'Create an admin role with its resource access (no more than your own)',
      tag: TAG,
      access: MANAGE,
      body: CreateRoleBody,
      confirmsPassword: true,
      success: { status: 201, description: 'The new role.', schema: RESPONSES.role },
      errors: [409],
      handle: async ({ body, principal, reply }) => {
        const role = await uc.create.execute({
          name: body.name,
          resourceAccess: body.resourceAccess,
          ...definedOnly({ resources: body.resources, excluded: body.excluded }),
          ...(principal !== null ? { actor: principal.actor } : {}),
        });
        void reply.header('location', `${BASE}/${role.id}`);
        return role;
      },
    }),
    route({
      method: 'GET',
      url: `${BASE}/:id`,
      operationId: 'getRole',
      summary: 'One admin role',
      tag: TAG,
      access: MANAGE,
      success: { status: 200, description: 'The role.', schema: RESPONSES.role },
      handle: ({ params }) => uc.get.execute({ id: params.id ?? '' }),
    }),
    route<UpdateRoleBody>({
      method: 'PUT',
      url: `${BASE}/:id`,
      operationId: 'updateRole',
      summary: 'Rename a role and/or change its access (fields not sent keep their value)',
      tag: TAG,
      access: MANAGE,
      body: UpdateRoleBody,
      confirmsPassword: true,
      success: { status: 200, description: 'The saved role.', schema: RESPONSES.role },
      errors: [409, 422],
      handle: ({ body, params, principal }) =>
        uc.update.execute({
          id: params.id ?? '',
          ...definedOnly({ name: body.name, resourceAccess: body.resourceAccess, resources: body.resources, excluded: body.excluded }),
          ...(principal !== null ? { actor: principal.actor } : {}),
        }),
    }),
    route({
      method: 'DELETE',
      url: `${BASE}/:id`,
      operationId: 'deleteRole',
      summary: 'Delete an admin role (its users cannot act until given another role)',
      tag: TAG,
      access: MANAGE,
      success: { status: 200, description: 'What was deleted, and how many users were left without a role.', schema: RESPONSES.deletedRole },
      errors: [422],
      handle: ({ params, principal }) => uc.delete.execute({ id: params.id ?? '', ...(principal !== null ? { actor: principal.actor } : {}) }),
    }),
    route({
      method: 'GET',
      url: `${BASE}/:id/permissions`,
      operationId: 'getRolePermissions',
      summary: 'Effective permissions of an admin role: every resource, allowed or not, and why',
      tag: TAG,
      access: MANAGE,
      success: { status: 200, description: 'The grant and each resource with its reason.', schema: RESPONSES.permissions },
      handle: ({ params }) => useCases.acl.effectivePermissions.execute({ roleId: params.id ?? '' }),
    }),
  ];
}
