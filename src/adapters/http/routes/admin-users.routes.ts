import { PortcullisResource } from '../../../domain/acl/portcullis-resources';
import { CreateAdminUserBody, UpdateAdminUserBody } from '../dtos/admin-user.dto';
import { PageQuery } from '../dtos/page.dto';
import { type HttpUseCases } from '../http-use-cases';
import { RESPONSES } from '../response-schemas';
import { route, type RouteSpec } from '../route-spec';
import { definedOnly } from './integrations.routes';

const BASE = '/rest/V1/admin-users';
const TAG = 'Admin users';
const MANAGE = [PortcullisResource.adminUsers];

/** System > Permissions > All Users. */
export function adminUserRoutes(useCases: HttpUseCases): RouteSpec[] {
  const uc = useCases.adminUsers;
  return [
    route<unknown, PageQuery>({
      method: 'GET',
      url: BASE,
      operationId: 'listAdminUsers',
      summary: 'Admin users, by username (paged as integrations are: `page`, `pageSize`)',
      tag: TAG,
      access: MANAGE,
      query: PageQuery,
      success: { status: 200, description: "One page of admin users, each with their role's name (never a password digest).", schema: RESPONSES.adminUserPage },
      handle: ({ query }) => uc.page.execute(query),
    }),
    route<CreateAdminUserBody>({
      method: 'POST',
      url: BASE,
      operationId: 'createAdminUser',
      summary: 'Create an active admin user with one role (no role above your own access)',
      tag: TAG,
      access: MANAGE,
      body: CreateAdminUserBody,
      confirmsPassword: true,
      success: { status: 201, description: 'The new user.', schema: RESPONSES.adminUser },
      errors: [409],
      handle: async ({ body, principal, reply }) => {
        const user = await uc.create.execute({
          username: body.username,
          firstName: body.firstName,
          lastName: body.lastName,
          email: body.email,
          password: body.password,
          roleId: body.roleId,
          ...(principal !== null ? { actor: principal.actor } : {}),
        });
        void reply.header('location', `${BASE}/${user.id}`);
        return user;
      },
    }),
    route({
      method: 'GET',
      url: `${BASE}/:id`,
      operationId: 'getAdminUser',
      summary: 'One admin user',
      tag: TAG,
      access: MANAGE,
      success: { status: 200, description: 'The user.', schema: RESPONSES.adminUser },
      handle: ({ params }) => uc.get.execute({ id: params.id ?? '' }),
    }),
    route<UpdateAdminUserBody>({
      method: 'PUT',
      url: `${BASE}/:id`,
      operationId: 'updateAdminUser',
      summary: 'Edit a user: profile, password reset, role change, activate or deactivate',
      tag: TAG,
      access: MANAGE,
      body: UpdateAdminUserBody,
      confirmsPassword: true,
      success: { status: 200, description: 'The saved user.', schema: RESPONSES.adminUser },
      errors: [422],
      handle: ({ body, params, principal, token }) =>
        uc.update.execute({
          id: params.id ?? '',
          ...definedOnly({
            firstName: body.firstName,
            lastName: body.lastName,
            email: body.email,
            password: body.password,
            roleId: body.roleId,
            active: body.active,
            sessionToken: token,
          }),
          ...(principal !== null ? { actor: principal.actor } : {}),
        }),
    }),
    route({
      method: 'POST',
      url: `${BASE}/:id/unlock`,
      operationId: 'unlockAdminUser',
      summary: "Unlock: forget the user's failed sign-ins, so a user locked out after too many may sign in at once (Magento's Locked Users)",
      tag: TAG,
      access: MANAGE,
      success: { status: 200, description: 'The user, and until when they were locked (null: they were not).', schema: RESPONSES.unlockedAdminUser },
      handle: ({ params, principal }) => uc.unlock.execute({ id: params.id ?? '', ...(principal !== null ? { actor: principal.actor } : {}) }),
    }),
    route({
      method: 'DELETE',
      url: `${BASE}/:id`,
      operationId: 'deleteAdminUser',
      summary: 'Delete an admin user (not yourself)',
      tag: TAG,
      access: MANAGE,
      success: { status: 200, description: 'What was deleted.', schema: RESPONSES.deletedAdminUser },
      errors: [422],
      handle: ({ params, principal }) => uc.delete.execute({ id: params.id ?? '', ...(principal !== null ? { actor: principal.actor } : {}) }),
    }),
  ];
}
