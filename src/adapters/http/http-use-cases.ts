import { type GetAclTree } from '../../application/use-cases/acl/get-acl-tree.use-case';
import { type GetEffectivePermissions } from '../../application/use-cases/acl/get-effective-permissions.use-case';
import { type AuthorizeAdmin } from '../../application/use-cases/admin-auth/authorize-admin.use-case';
import { type SignInAdmin } from '../../application/use-cases/admin-auth/sign-in-admin.use-case';
import { type SignOutAdmin } from '../../application/use-cases/admin-auth/sign-out-admin.use-case';
import { type VerifyCurrentPassword } from '../../application/use-cases/admin-auth/verify-current-password.use-case';
import { type CreateAdminUser } from '../../application/use-cases/admin-users/create-admin-user.use-case';
import { type DeleteAdminUser } from '../../application/use-cases/admin-users/delete-admin-user.use-case';
import { type GetAdminUser } from '../../application/use-cases/admin-users/get-admin-user.use-case';
import { type ListAdminUsersPaged } from '../../application/use-cases/admin-users/list-admin-users-paged.use-case';
import { type UnlockAdminUser } from '../../application/use-cases/admin-users/unlock-admin-user.use-case';
import { type UpdateAdminUser } from '../../application/use-cases/admin-users/update-admin-user.use-case';
import { type ActivateIntegration } from '../../application/use-cases/integrations/activate-integration.use-case';
import { type CreateIntegration } from '../../application/use-cases/integrations/create-integration.use-case';
import { type DeleteIntegration } from '../../application/use-cases/integrations/delete-integration.use-case';
import { type GetIntegrationCredentials } from '../../application/use-cases/integrations/get-integration-credentials.use-case';
import { type GetIntegration } from '../../application/use-cases/integrations/get-integration.use-case';
import { type ListIntegrations } from '../../application/use-cases/integrations/list-integrations.use-case';
import { type ReauthorizeIntegration } from '../../application/use-cases/integrations/reauthorize-integration.use-case';
import { type RevokeIntegration } from '../../application/use-cases/integrations/revoke-integration.use-case';
import { type AuthorizeRequest } from '../../application/guard/authorize-request.use-case';
import { type RequestAuthorizer } from '../../application/guard/request-authorizer';
import { type IssueAccessToken } from '../../application/oauth/issue-access-token.use-case';
import { type IssueRequestToken } from '../../application/oauth/issue-request-token.use-case';
import { type UpdateIntegration } from '../../application/use-cases/integrations/update-integration.use-case';
import { type CreateRole } from '../../application/use-cases/roles/create-role.use-case';
import { type DeleteRole } from '../../application/use-cases/roles/delete-role.use-case';
import { type GetRole } from '../../application/use-cases/roles/get-role.use-case';
import { type ListRolesPaged } from '../../application/use-cases/roles/list-roles-paged.use-case';
import { type UpdateRole } from '../../application/use-cases/roles/update-role.use-case';

/** The use cases the HTTP adapter calls; the composition root supplies them. */
export interface HttpUseCases {
  readonly auth: {
    readonly signIn: SignInAdmin;
    readonly signOut: SignOutAdmin;
    readonly authorize: AuthorizeAdmin;
    /** Authenticates and authorizes each request of the admin API (an admin, or an integration's signed call). */
    readonly requests: RequestAuthorizer;
    readonly verifyCurrentPassword: VerifyCurrentPassword;
  };
  readonly integrations: {
    readonly create: CreateIntegration;
    readonly update: UpdateIntegration;
    readonly delete: DeleteIntegration;
    readonly get: GetIntegration;
    readonly list: ListIntegrations;
    readonly activate: ActivateIntegration;
    readonly reauthorize: ReauthorizeIntegration;
    readonly credentials: GetIntegrationCredentials;
    readonly revoke: RevokeIntegration;
  };
  readonly guard: {
    readonly authorize: AuthorizeRequest;
  };
  readonly oauth: {
    readonly requestToken: IssueRequestToken;
    readonly accessToken: IssueAccessToken;
  };
  readonly roles: {
    readonly create: CreateRole;
    readonly update: UpdateRole;
    readonly delete: DeleteRole;
    readonly get: GetRole;
    /** The User Roles grid: one page. */
    readonly list: ListRolesPaged;
  };
  readonly adminUsers: {
    readonly create: CreateAdminUser;
    readonly update: UpdateAdminUser;
    readonly delete: DeleteAdminUser;
    readonly get: GetAdminUser;
    /** The All Users grid: one page, with role names and sign-in locks. */
    readonly list: ListAdminUsersPaged;
    /** Locked Users > Unlock. */
    readonly unlock: UnlockAdminUser;
  };
  readonly acl: {
    readonly tree: GetAclTree;
    readonly effectivePermissions: GetEffectivePermissions;
  };
}
