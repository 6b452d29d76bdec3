import { type AuditScope } from './ports/audit-scope.port';
import { type ExportAuditEntries } from './use-cases/audit/export-audit-entries.use-case';
import { type IntegrationHistory } from './use-cases/audit/integration-history.use-case';
import { type ListAuditEntries } from './use-cases/audit/list-audit-entries.use-case';
import { type PruneAuditEntries } from './use-cases/audit/prune-audit-entries.use-case';
import { type VerifyAuditChain } from './use-cases/audit/verify-audit-chain.use-case';
import { type SyncConfigIntegrations } from './config-sync/sync-config-integrations.use-case';
import { type AuthorizeRequest } from './guard/authorize-request.use-case';
import { type RequestAuthorizer } from './guard/request-authorizer';
import { type AuthorizeIntegrationCall } from './oauth/authorize-integration-call.use-case';
import { type IssueAccessToken } from './oauth/issue-access-token.use-case';
import { type IssueRequestToken } from './oauth/issue-request-token.use-case';
import { type PurgeOAuthLeftovers } from './oauth/purge-oauth-leftovers.use-case';
import { type GetAclTree } from './use-cases/acl/get-acl-tree.use-case';
import { type GetEffectivePermissions } from './use-cases/acl/get-effective-permissions.use-case';
import { type AdminSignInLockout } from './use-cases/admin-auth/admin-sign-in-lockout.use-case';
import { type AuthorizeAdmin } from './use-cases/admin-auth/authorize-admin.use-case';
import { type EnsureInitialAdmin } from './use-cases/admin-auth/ensure-initial-admin.use-case';
import { type PurgeExpiredAdminTokens } from './use-cases/admin-auth/purge-expired-admin-tokens.use-case';
import { type SignInAdmin } from './use-cases/admin-auth/sign-in-admin.use-case';
import { type SignOutAdmin } from './use-cases/admin-auth/sign-out-admin.use-case';
import { type VerifyCurrentPassword } from './use-cases/admin-auth/verify-current-password.use-case';
import { type CreateAdminUser } from './use-cases/admin-users/create-admin-user.use-case';
import { type DeleteAdminUser } from './use-cases/admin-users/delete-admin-user.use-case';
import { type GetAdminUser } from './use-cases/admin-users/get-admin-user.use-case';
import { type ListAdminUsersPaged } from './use-cases/admin-users/list-admin-users-paged.use-case';
import { type ListAdminUsers } from './use-cases/admin-users/list-admin-users.use-case';
import { type UnlockAdminUser } from './use-cases/admin-users/unlock-admin-user.use-case';
import { type UpdateAdminUser } from './use-cases/admin-users/update-admin-user.use-case';
import { type ActivateIntegration } from './use-cases/integrations/activate-integration.use-case';
import { type CreateIntegration } from './use-cases/integrations/create-integration.use-case';
import { type DeleteIntegration } from './use-cases/integrations/delete-integration.use-case';
import { type GetIntegrationCredentials } from './use-cases/integrations/get-integration-credentials.use-case';
import { type GetIntegration } from './use-cases/integrations/get-integration.use-case';
import { type GetIntegrationUsage } from './use-cases/integrations/get-integration-usage.use-case';
import { type ListIntegrations } from './use-cases/integrations/list-integrations.use-case';
import { type ReauthorizeIntegration } from './use-cases/integrations/reauthorize-integration.use-case';
import { type RevokeIntegration } from './use-cases/integrations/revoke-integration.use-case';
import { type ListExpiringCredentials } from './use-cases/integrations/list-expiring-credentials.use-case';
import { type RotateConsumerSecret } from './use-cases/integrations/rotate-consumer-secret.use-case';
import { type UpdateIntegration } from './use-cases/integrations/update-integration.use-case';
import { type CreateRole } from './use-cases/roles/create-role.use-case';
import { type DeleteRole } from './use-cases/roles/delete-role.use-case';
import { type GetRole } from './use-cases/roles/get-role.use-case';
import { type ListRolesPaged } from './use-cases/roles/list-roles-paged.use-case';
import { type ListRoles } from './use-cases/roles/list-roles.use-case';
import { type UpdateRole } from './use-cases/roles/update-role.use-case';

/**
 * Every use case of Portcullis, in one place: built once by the composition root
 * (`useCaseRegistryOf`); the library facade, the HTTP adapter and the CLI each take the groups they
 * need (`Pick<UseCaseRegistry, …>`), so a use case is listed here and bound in a container module,
 * nowhere else. The use cases that change things run in the audit scope of their input's `actor`
 * (see `scopedUseCase`), so every edge records the same actor for the same call.
 */
export interface UseCaseRegistry {
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
    /** A new consumer secret, the old one kept for a grace period. */
    readonly rotateSecret: RotateConsumerSecret;
    /** Active integrations whose credentials expire soon (the server's daily warning). */
    readonly expiring: ListExpiringCredentials;
    /** Calls per hour, allowed and refused by reason. */
    readonly usage: GetIntegrationUsage;
  };
  readonly roles: {
    readonly create: CreateRole;
    readonly update: UpdateRole;
    readonly delete: DeleteRole;
    readonly get: GetRole;
    /** Every role. */
    readonly list: ListRoles;
    /** The User Roles grid: one page. */
    readonly page: ListRolesPaged;
  };
  readonly adminUsers: {
    readonly create: CreateAdminUser;
    readonly update: UpdateAdminUser;
    readonly delete: DeleteAdminUser;
    readonly get: GetAdminUser;
    /** Every admin user. */
    readonly list: ListAdminUsers;
    /** The All Users grid: one page, with role names and sign-in locks. */
    readonly page: ListAdminUsersPaged;
    /** Locked Users > Unlock. */
    readonly unlock: UnlockAdminUser;
  };
  readonly adminAuth: {
    readonly signIn: SignInAdmin;
    readonly signOut: SignOutAdmin;
    readonly authorize: AuthorizeAdmin;
    /** Authenticates and authorizes each request of the admin API (an admin, or an integration's signed call). */
    readonly requests: RequestAuthorizer;
    /** The same for routes an integration may call with its access token as bearer (GET /metrics). */
    readonly bearerRequests: RequestAuthorizer;
    readonly verifyCurrentPassword: VerifyCurrentPassword;
    readonly ensureInitialAdmin: EnsureInitialAdmin;
    /** The sign-in lock-out of admin usernames. */
    readonly lockout: AdminSignInLockout;
    readonly purgeExpiredTokens: PurgeExpiredAdminTokens;
  };
  readonly acl: {
    readonly tree: GetAclTree;
    readonly effectivePermissions: GetEffectivePermissions;
  };
  readonly config: {
    readonly sync: SyncConfigIntegrations;
  };
  readonly guard: {
    readonly authorize: AuthorizeRequest;
  };
  readonly audit: {
    /** The audit trail, filtered and paged, newest first. */
    readonly list: ListAuditEntries;
    /** One integration's entries, newest first. */
    readonly history: IntegrationHistory;
    readonly verify: VerifyAuditChain;
    /** The trail from a time on, streamed in `seq` order. */
    readonly export: ExportAuditEntries;
    /** Retention: entries older than the configured days. */
    readonly prune: PruneAuditEntries;
    /**
     * Who acts and from where, for the entries the changes made meanwhile record: the HTTP
     * adapter runs each request in it with the request's source. (The registry already runs each
     * use case given an admin `actor` as that admin, and the config sync as `config-sync`.)
     */
    readonly scope: AuditScope;
  };
  readonly oauth: {
    readonly requestToken: IssueRequestToken;
    readonly accessToken: IssueAccessToken;
    readonly authorizeCall: AuthorizeIntegrationCall;
    readonly purgeLeftovers: PurgeOAuthLeftovers;
  };
}
