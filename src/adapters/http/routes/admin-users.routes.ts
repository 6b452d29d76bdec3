import { PortcullisResource } from '../../../domain/acl/portcullis-resources';
import { CreateAdminUserBody, UpdateAdminUserBody } from '../dtos/admin-user.dto';
import { PageQuery } from '../dtos/page.dto';
import { type HttpUseCases } from '../http-use-cases';
import { RESPONSES } from '../response-schemas';
import { type RouteSpec } from '../route-spec';
import { actorOf, definedOnly, recordOf, ResourceRoutes } from './resource-routes';

const adminUsers = new ResourceRoutes('/rest/V1/admin-users', 'Admin users', [PortcullisResource.adminUsers]);

/** System > Permissions > All Users. */
export function adminUserRoutes(useCases: HttpUseCases): RouteSpec[] {
  const uc = useCases.adminUsers;
  return [
    adminUsers.list<PageQuery>({
      operationId: 'listAdminUsers',
      summary: 'Admin users, by username (paged as integrations are: `page`, `pageSize`)',
      query: PageQuery,
      success: { description: "One page of admin users, each with their role's name (never a password digest).", schema: RESPONSES.adminUserPage },
      handle: ({ query }) => uc.page.execute(query),
    }),
    adminUsers.create({
      operationId: 'createAdminUser',
      summary: 'Create an active admin user with one role (no role above your own access)',
      body: CreateAdminUserBody,
      success: { description: 'The new user.', schema: RESPONSES.adminUser },
      errors: [409],
      handle: ({ body, principal }) =>
        uc.create.execute({
          username: body.username,
          firstName: body.firstName,
          lastName: body.lastName,
          email: body.email,
          password: body.password,
          roleId: body.roleId,
          ...actorOf(principal),
        }),
      idOf: (user) => user.id,
    }),
    adminUsers.record('GET', null, {
      operationId: 'getAdminUser',
      summary: 'One admin user',
      success: { description: 'The user.', schema: RESPONSES.adminUser },
      handle: ({ params }) => uc.get.execute({ id: params.id ?? '' }),
    }),
    adminUsers.update<UpdateAdminUserBody>({
      operationId: 'updateAdminUser',
      summary: 'Edit a user: profile, password reset, role change, activate or deactivate',
      body: UpdateAdminUserBody,
      success: { description: 'The saved user.', schema: RESPONSES.adminUser },
      errors: [422],
      handle: ({ body, params, principal, token }) =>
        uc.update.execute({
          ...recordOf({ params, principal }),
          ...definedOnly({
            firstName: body.firstName,
            lastName: body.lastName,
            email: body.email,
            password: body.password,
            roleId: body.roleId,
            active: body.active,
            sessionToken: token,
          }),
        }),
    }),
    adminUsers.record('POST', 'unlock', {
      operationId: 'unlockAdminUser',
      summary: "Unlock: forget the user's failed sign-ins, so a user locked out after too many may sign in at once (Magento's Locked Users)",
      success: { description: 'The user, and until when they were locked (null: they were not).', schema: RESPONSES.unlockedAdminUser },
      handle: (context) => uc.unlock.execute(recordOf(context)),
    }),
    adminUsers.record('DELETE', null, {
      operationId: 'deleteAdminUser',
      summary: 'Delete an admin user (not yourself)',
      success: { description: 'What was deleted.', schema: RESPONSES.deletedAdminUser },
      errors: [422],
      handle: (context) => uc.delete.execute(recordOf(context)),
    }),
  ];
}
