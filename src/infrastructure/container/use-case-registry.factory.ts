import { type Container } from 'inversify';
import { SyncConfigIntegrations } from '../../application/config-sync/sync-config-integrations.use-case';
import { AuthorizeRequest } from '../../application/guard/authorize-request.use-case';
import { RequestAuthorizer } from '../../application/guard/request-authorizer';
import { AuthorizeIntegrationCall } from '../../application/oauth/authorize-integration-call.use-case';
import { IssueAccessToken } from '../../application/oauth/issue-access-token.use-case';
import { IssueRequestToken } from '../../application/oauth/issue-request-token.use-case';
import { PurgeOAuthLeftovers } from '../../application/oauth/purge-oauth-leftovers.use-case';
import { type UseCaseRegistry } from '../../application/use-case-registry';
import { scopedUseCase, type Executes } from '../../application/audit/scoped-use-case';
import { AUDIT_SCOPE, type AuditScope } from '../../application/ports/audit-scope.port';
import { ExportAuditEntries } from '../../application/use-cases/audit/export-audit-entries.use-case';
import { IntegrationHistory } from '../../application/use-cases/audit/integration-history.use-case';
import { ListAuditEntries } from '../../application/use-cases/audit/list-audit-entries.use-case';
import { PruneAuditEntries } from '../../application/use-cases/audit/prune-audit-entries.use-case';
import { VerifyAuditChain } from '../../application/use-cases/audit/verify-audit-chain.use-case';
import { GetAclTree } from '../../application/use-cases/acl/get-acl-tree.use-case';
import { GetEffectivePermissions } from '../../application/use-cases/acl/get-effective-permissions.use-case';
import { AdminSignInLockout } from '../../application/use-cases/admin-auth/admin-sign-in-lockout.use-case';
import { AuthorizeAdmin } from '../../application/use-cases/admin-auth/authorize-admin.use-case';
import { EnsureInitialAdmin } from '../../application/use-cases/admin-auth/ensure-initial-admin.use-case';
import { PurgeExpiredAdminTokens } from '../../application/use-cases/admin-auth/purge-expired-admin-tokens.use-case';
import { SignInAdmin } from '../../application/use-cases/admin-auth/sign-in-admin.use-case';
import { SignOutAdmin } from '../../application/use-cases/admin-auth/sign-out-admin.use-case';
import { VerifyCurrentPassword } from '../../application/use-cases/admin-auth/verify-current-password.use-case';
import { CreateAdminUser } from '../../application/use-cases/admin-users/create-admin-user.use-case';
import { DeleteAdminUser } from '../../application/use-cases/admin-users/delete-admin-user.use-case';
import { GetAdminUser } from '../../application/use-cases/admin-users/get-admin-user.use-case';
import { ListAdminUsersPaged } from '../../application/use-cases/admin-users/list-admin-users-paged.use-case';
import { ListAdminUsers } from '../../application/use-cases/admin-users/list-admin-users.use-case';
import { UnlockAdminUser } from '../../application/use-cases/admin-users/unlock-admin-user.use-case';
import { UpdateAdminUser } from '../../application/use-cases/admin-users/update-admin-user.use-case';
import { ActivateIntegration } from '../../application/use-cases/integrations/activate-integration.use-case';
import { CreateIntegration } from '../../application/use-cases/integrations/create-integration.use-case';
import { DeleteIntegration } from '../../application/use-cases/integrations/delete-integration.use-case';
import { GetIntegrationCredentials } from '../../application/use-cases/integrations/get-integration-credentials.use-case';
import { GetIntegration } from '../../application/use-cases/integrations/get-integration.use-case';
import { GetIntegrationUsage } from '../../application/use-cases/integrations/get-integration-usage.use-case';
import { BEARER_REQUEST_AUTHORIZER } from './tokens';
import { ListIntegrations } from '../../application/use-cases/integrations/list-integrations.use-case';
import { ReauthorizeIntegration } from '../../application/use-cases/integrations/reauthorize-integration.use-case';
import { RevokeIntegration } from '../../application/use-cases/integrations/revoke-integration.use-case';
import { ListExpiringCredentials } from '../../application/use-cases/integrations/list-expiring-credentials.use-case';
import { RotateConsumerSecret } from '../../application/use-cases/integrations/rotate-consumer-secret.use-case';
import { UpdateIntegration } from '../../application/use-cases/integrations/update-integration.use-case';
import { CreateRole } from '../../application/use-cases/roles/create-role.use-case';
import { DeleteRole } from '../../application/use-cases/roles/delete-role.use-case';
import { GetRole } from '../../application/use-cases/roles/get-role.use-case';
import { ListRolesPaged } from '../../application/use-cases/roles/list-roles-paged.use-case';
import { ListRoles } from '../../application/use-cases/roles/list-roles.use-case';
import { UpdateRole } from '../../application/use-cases/roles/update-role.use-case';

/**
 * The registry of a built container: every use case resolved once (entry points only). Those that
 * change something run in the audit scope of their input's admin `actor` (the config sync as
 * `config-sync`); the guard's, which run on every request, are left as they are.
 */
export function useCaseRegistryOf(container: Container): UseCaseRegistry {
  const scope = container.get<AuditScope>(AUDIT_SCOPE);
  const acting = <T extends Executes>(useCase: T): T => scopedUseCase(useCase, scope);
  return {
    integrations: {
      create: acting(container.get(CreateIntegration)),
      update: acting(container.get(UpdateIntegration)),
      delete: acting(container.get(DeleteIntegration)),
      get: container.get(GetIntegration),
      list: container.get(ListIntegrations),
      activate: acting(container.get(ActivateIntegration)),
      reauthorize: acting(container.get(ReauthorizeIntegration)),
      credentials: acting(container.get(GetIntegrationCredentials)),
      revoke: acting(container.get(RevokeIntegration)),
      rotateSecret: acting(container.get(RotateConsumerSecret)),
      expiring: container.get(ListExpiringCredentials),
      usage: container.get(GetIntegrationUsage),
    },
    roles: {
      create: acting(container.get(CreateRole)),
      update: acting(container.get(UpdateRole)),
      delete: acting(container.get(DeleteRole)),
      get: container.get(GetRole),
      list: container.get(ListRoles),
      page: container.get(ListRolesPaged),
    },
    adminUsers: {
      create: acting(container.get(CreateAdminUser)),
      update: acting(container.get(UpdateAdminUser)),
      delete: acting(container.get(DeleteAdminUser)),
      get: container.get(GetAdminUser),
      list: container.get(ListAdminUsers),
      page: container.get(ListAdminUsersPaged),
      unlock: acting(container.get(UnlockAdminUser)),
    },
    adminAuth: {
      signIn: container.get(SignInAdmin),
      signOut: container.get(SignOutAdmin),
      authorize: container.get(AuthorizeAdmin),
      requests: container.get(RequestAuthorizer),
      bearerRequests: container.get(BEARER_REQUEST_AUTHORIZER),
      verifyCurrentPassword: acting(container.get(VerifyCurrentPassword)),
      ensureInitialAdmin: container.get(EnsureInitialAdmin),
      lockout: container.get(AdminSignInLockout),
      purgeExpiredTokens: container.get(PurgeExpiredAdminTokens),
    },
    acl: { tree: container.get(GetAclTree), effectivePermissions: container.get(GetEffectivePermissions) },
    config: { sync: scopedUseCase(container.get(SyncConfigIntegrations), scope, () => ({ actor: { kind: 'config-sync' } })) },
    guard: { authorize: container.get(AuthorizeRequest) },
    audit: {
      list: container.get(ListAuditEntries),
      history: container.get(IntegrationHistory),
      verify: container.get(VerifyAuditChain),
      export: container.get(ExportAuditEntries),
      prune: container.get(PruneAuditEntries),
      scope,
    },
    oauth: {
      requestToken: container.get(IssueRequestToken),
      accessToken: container.get(IssueAccessToken),
      authorizeCall: container.get(AuthorizeIntegrationCall),
      purgeLeftovers: container.get(PurgeOAuthLeftovers),
    },
  };
}
