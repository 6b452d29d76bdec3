import { ContainerModule } from 'inversify';
import { AccessPolicy } from '../../application/access/access-policy';
import { SyncConfigIntegrations } from '../../application/config-sync/sync-config-integrations.use-case';
import { ACL_TREE_PROVIDER, type AclTreeProvider } from '../../application/ports/acl-tree.port';
import { CLOCK, type Clock } from '../../application/ports/clock.port';
import { PASSWORD_HASHER, type PasswordHasher } from '../../application/ports/password-hasher.port';
import { ID_GENERATOR, RANDOM_SOURCE, type IdGenerator, type RandomSource } from '../../application/ports/random-source.port';
import { TOKEN_EXCHANGE, type TokenExchange } from '../../application/ports/token-exchange.port';
import { UNIT_OF_WORK, type UnitOfWork } from '../../application/ports/unit-of-work.port';
import { DOMAIN_EVENT_RECORDER, type DomainEventRecorder } from '../../application/ports/domain-events.port';
import { TRANSACTION_LOCK, type TransactionLock } from '../../application/ports/transaction-lock.port';
import { GetAclTree } from '../../application/use-cases/acl/get-acl-tree.use-case';
import { GetEffectivePermissions } from '../../application/use-cases/acl/get-effective-permissions.use-case';
import { AdminUserAccess } from '../../application/use-cases/admin-users/admin-user-access';
import { CreateAdminUser } from '../../application/use-cases/admin-users/create-admin-user.use-case';
import { DeleteAdminUser } from '../../application/use-cases/admin-users/delete-admin-user.use-case';
import { ListAdminUsers } from '../../application/use-cases/admin-users/list-admin-users.use-case';
import { ListAdminUsersPaged } from '../../application/use-cases/admin-users/list-admin-users-paged.use-case';
import { UnlockAdminUser } from '../../application/use-cases/admin-users/unlock-admin-user.use-case';
import { UpdateAdminUser } from '../../application/use-cases/admin-users/update-admin-user.use-case';
import { ActivateIntegration } from '../../application/use-cases/integrations/activate-integration.use-case';
import { CreateIntegration } from '../../application/use-cases/integrations/create-integration.use-case';
import { DeleteIntegration } from '../../application/use-cases/integrations/delete-integration.use-case';
import { GetIntegration } from '../../application/use-cases/integrations/get-integration.use-case';
import { IntegrationAccess } from '../../application/use-cases/integrations/integration-access';
import { IntegrationActivator } from '../../application/use-cases/integrations/integration-activator';
import { ListIntegrations } from '../../application/use-cases/integrations/list-integrations.use-case';
import { ReauthorizeIntegration } from '../../application/use-cases/integrations/reauthorize-integration.use-case';
import { UpdateIntegration } from '../../application/use-cases/integrations/update-integration.use-case';
import { CreateRole } from '../../application/use-cases/roles/create-role.use-case';
import { DeleteRole } from '../../application/use-cases/roles/delete-role.use-case';
import { GetRole } from '../../application/use-cases/roles/get-role.use-case';
import { ListRoles } from '../../application/use-cases/roles/list-roles.use-case';
import { ListRolesPaged } from '../../application/use-cases/roles/list-roles-paged.use-case';
import { UpdateRole } from '../../application/use-cases/roles/update-role.use-case';
import { ADMIN_AUTH_SETTINGS, type AdminAuthSettings } from '../../application/use-cases/admin-auth/admin-auth.settings';
import { AdminSignInLockout } from '../../application/use-cases/admin-auth/admin-sign-in-lockout.use-case';
import { AuthorizeAdmin } from '../../application/use-cases/admin-auth/authorize-admin.use-case';
import { AdminTokenAuthenticator } from '../../application/guard/authenticators/admin-token.authenticator';
import { EnsureInitialAdmin } from '../../application/use-cases/admin-auth/ensure-initial-admin.use-case';
import { PasswordCheck } from '../../application/use-cases/admin-auth/password-check';
import { PurgeExpiredAdminTokens } from '../../application/use-cases/admin-auth/purge-expired-admin-tokens.use-case';
import { SignInAdmin } from '../../application/use-cases/admin-auth/sign-in-admin.use-case';
import { SignOutAdmin } from '../../application/use-cases/admin-auth/sign-out-admin.use-case';
import { VerifyCurrentPassword } from '../../application/use-cases/admin-auth/verify-current-password.use-case';
import { GetAdminUser } from '../../application/use-cases/admin-users/get-admin-user.use-case';
import { GetIntegrationCredentials } from '../../application/use-cases/integrations/get-integration-credentials.use-case';
import { ADMIN_TOKEN_REPOSITORY, type AdminTokenRepository } from '../../domain/admin-session/admin-token.repository';
import { SIGN_IN_FAILURE_REPOSITORY, type SignInFailureRepository } from '../../domain/admin-session/sign-in-failure.repository';
import { ADMIN_USER_REPOSITORY, type AdminUserRepository } from '../../domain/admin-user/admin-user.repository';
import { INTEGRATION_REPOSITORY, type IntegrationRepository } from '../../domain/integration/integration.repository';
import { ROLE_REPOSITORY, type RoleRepository } from '../../domain/role/role.repository';
import { OAUTH_TOKEN_REPOSITORY, type OAuthTokenRepository } from '../../domain/token/oauth-token.repository';

/**
 * The core (application services and use cases), bound by factories: no decorators in the core.
 * Needs the ports bound by the storage and technical modules.
 */
export const coreModule = new ContainerModule(({ bind }) => {
  bind(AccessPolicy)
    .toResolvedValue(
      (tree: AclTreeProvider, users: AdminUserRepository, roles: RoleRepository) => new AccessPolicy(tree, users, roles),
      [ACL_TREE_PROVIDER, ADMIN_USER_REPOSITORY, ROLE_REPOSITORY],
    )
    .inSingletonScope();
  bind(IntegrationAccess)
    .toResolvedValue(
      (integrations: IntegrationRepository, roles: RoleRepository, policy: AccessPolicy) => new IntegrationAccess(integrations, roles, policy),
      [INTEGRATION_REPOSITORY, ROLE_REPOSITORY, AccessPolicy],
    )
    .inSingletonScope();
  bind(IntegrationActivator)
    .toResolvedValue(
      (
        integrations: IntegrationRepository,
        roles: RoleRepository,
        tokens: OAuthTokenRepository,
        unitOfWork: UnitOfWork,
        clock: Clock,
        random: RandomSource,
        ids: IdGenerator,
        exchange: TokenExchange,
        events: DomainEventRecorder,
      ) => new IntegrationActivator({ integrations, roles, tokens, unitOfWork, clock, random, ids, exchange, events }),
      [INTEGRATION_REPOSITORY, ROLE_REPOSITORY, OAUTH_TOKEN_REPOSITORY, UNIT_OF_WORK, CLOCK, RANDOM_SOURCE, ID_GENERATOR, TOKEN_EXCHANGE, DOMAIN_EVENT_RECORDER],
    )
    .inSingletonScope();
  bind(AdminUserAccess)
    .toResolvedValue(
      (users: AdminUserRepository, roles: RoleRepository, policy: AccessPolicy) => new AdminUserAccess(users, roles, policy),
      [ADMIN_USER_REPOSITORY, ROLE_REPOSITORY, AccessPolicy],
    )
    .inSingletonScope();

  // Integrations
  bind(CreateIntegration)
    .toResolvedValue(
      (
        integrations: IntegrationRepository,
        roles: RoleRepository,
        unitOfWork: UnitOfWork,
        policy: AccessPolicy,
        activator: IntegrationActivator,
        clock: Clock,
        random: RandomSource,
        ids: IdGenerator,
      ) => new CreateIntegration({ integrations, roles, unitOfWork, policy, activator, clock, random, ids }),
      [INTEGRATION_REPOSITORY, ROLE_REPOSITORY, UNIT_OF_WORK, AccessPolicy, IntegrationActivator, CLOCK, RANDOM_SOURCE, ID_GENERATOR],
    )
    .inSingletonScope();
  bind(UpdateIntegration)
    .toResolvedValue(
      (
        integrations: IntegrationRepository,
        roles: RoleRepository,
        unitOfWork: UnitOfWork,
        policy: AccessPolicy,
        access: IntegrationAccess,
        activator: IntegrationActivator,
        clock: Clock,
        ids: IdGenerator,
      ) => new UpdateIntegration({ integrations, roles, unitOfWork, policy, access, activator, clock, ids }),
      [INTEGRATION_REPOSITORY, ROLE_REPOSITORY, UNIT_OF_WORK, AccessPolicy, IntegrationAccess, IntegrationActivator, CLOCK, ID_GENERATOR],
    )
    .inSingletonScope();
  bind(DeleteIntegration)
    .toResolvedValue(
      (integrations: IntegrationRepository, unitOfWork: UnitOfWork, access: IntegrationAccess, clock: Clock, events: DomainEventRecorder) =>
        new DeleteIntegration({ integrations, unitOfWork, access, clock, events }),
      [INTEGRATION_REPOSITORY, UNIT_OF_WORK, IntegrationAccess, CLOCK, DOMAIN_EVENT_RECORDER],
    )
    .inSingletonScope();
  bind(SyncConfigIntegrations)
    .toResolvedValue(
      (
        integrations: IntegrationRepository,
        roles: RoleRepository,
        tokens: OAuthTokenRepository,
        unitOfWork: UnitOfWork,
        lock: TransactionLock,
        aclTree: AclTreeProvider,
        clock: Clock,
        random: RandomSource,
        ids: IdGenerator,
        events: DomainEventRecorder,
      ) => new SyncConfigIntegrations({ integrations, roles, tokens, unitOfWork, lock, aclTree, clock, random, ids, events }),
      [
        INTEGRATION_REPOSITORY,
        ROLE_REPOSITORY,
        OAUTH_TOKEN_REPOSITORY,
        UNIT_OF_WORK,
        TRANSACTION_LOCK,
        ACL_TREE_PROVIDER,
        CLOCK,
        RANDOM_SOURCE,
        ID_GENERATOR,
        DOMAIN_EVENT_RECORDER,
      ],
    )
    .inSingletonScope();
  bind(GetIntegration).toResolvedValue((access: IntegrationAccess) => new GetIntegration(access), [IntegrationAccess]).inSingletonScope();
  bind(ListIntegrations)
    .toResolvedValue((integrations: IntegrationRepository) => new ListIntegrations(integrations), [INTEGRATION_REPOSITORY])
    .inSingletonScope();
  bind(ActivateIntegration)
    .toResolvedValue(
      (access: IntegrationAccess, activator: IntegrationActivator) => new ActivateIntegration(access, activator),
      [IntegrationAccess, IntegrationActivator],
    )
    .inSingletonScope();
  bind(GetIntegrationCredentials)
    .toResolvedValue(
      (access: IntegrationAccess, tokens: OAuthTokenRepository) => new GetIntegrationCredentials(access, tokens),
      [IntegrationAccess, OAUTH_TOKEN_REPOSITORY],
    )
    .inSingletonScope();
  bind(ReauthorizeIntegration)
    .toResolvedValue(
      (access: IntegrationAccess, activator: IntegrationActivator) => new ReauthorizeIntegration(access, activator),
      [IntegrationAccess, IntegrationActivator],
    )
    .inSingletonScope();

  // Roles
  bind(CreateRole)
    .toResolvedValue(
      (roles: RoleRepository, policy: AccessPolicy, clock: Clock, ids: IdGenerator) => new CreateRole(roles, policy, clock, ids),
      [ROLE_REPOSITORY, AccessPolicy, CLOCK, ID_GENERATOR],
    )
    .inSingletonScope();
  bind(UpdateRole)
    .toResolvedValue(
      (roles: RoleRepository, policy: AccessPolicy, clock: Clock) => new UpdateRole(roles, policy, clock),
      [ROLE_REPOSITORY, AccessPolicy, CLOCK],
    )
    .inSingletonScope();
  bind(DeleteRole)
    .toResolvedValue(
      (roles: RoleRepository, users: AdminUserRepository, policy: AccessPolicy, clock: Clock, events: DomainEventRecorder) =>
        new DeleteRole(roles, users, policy, clock, events),
      [ROLE_REPOSITORY, ADMIN_USER_REPOSITORY, AccessPolicy, CLOCK, DOMAIN_EVENT_RECORDER],
    )
    .inSingletonScope();
  bind(GetRole).toResolvedValue((roles: RoleRepository) => new GetRole(roles), [ROLE_REPOSITORY]).inSingletonScope();
  bind(ListRoles).toResolvedValue((roles: RoleRepository) => new ListRoles(roles), [ROLE_REPOSITORY]).inSingletonScope();
  bind(ListRolesPaged).toResolvedValue((roles: RoleRepository) => new ListRolesPaged(roles), [ROLE_REPOSITORY]).inSingletonScope();

  // Admin users
  bind(CreateAdminUser)
    .toResolvedValue(
      (adminUsers: AdminUserRepository, access: AdminUserAccess, hasher: PasswordHasher, clock: Clock, ids: IdGenerator) =>
        new CreateAdminUser({ adminUsers, access, hasher, clock, ids }),
      [ADMIN_USER_REPOSITORY, AdminUserAccess, PASSWORD_HASHER, CLOCK, ID_GENERATOR],
    )
    .inSingletonScope();
  bind(UpdateAdminUser)
    .toResolvedValue(
      (adminUsers: AdminUserRepository, access: AdminUserAccess, hasher: PasswordHasher, clock: Clock, tokens: AdminTokenRepository) =>
        new UpdateAdminUser({ adminUsers, access, hasher, clock, tokens }),
      [ADMIN_USER_REPOSITORY, AdminUserAccess, PASSWORD_HASHER, CLOCK, ADMIN_TOKEN_REPOSITORY],
    )
    .inSingletonScope();
  bind(DeleteAdminUser)
    .toResolvedValue(
      (adminUsers: AdminUserRepository, access: AdminUserAccess, clock: Clock, events: DomainEventRecorder) =>
        new DeleteAdminUser(adminUsers, access, clock, events),
      [ADMIN_USER_REPOSITORY, AdminUserAccess, CLOCK, DOMAIN_EVENT_RECORDER],
    )
    .inSingletonScope();
  bind(GetAdminUser).toResolvedValue((adminUsers: AdminUserRepository) => new GetAdminUser(adminUsers), [ADMIN_USER_REPOSITORY]).inSingletonScope();
  bind(ListAdminUsers)
    .toResolvedValue((adminUsers: AdminUserRepository) => new ListAdminUsers(adminUsers), [ADMIN_USER_REPOSITORY])
    .inSingletonScope();
  bind(ListAdminUsersPaged)
    .toResolvedValue(
      (adminUsers: AdminUserRepository, roles: RoleRepository, lockout: AdminSignInLockout) => new ListAdminUsersPaged(adminUsers, roles, lockout),
      [ADMIN_USER_REPOSITORY, ROLE_REPOSITORY, AdminSignInLockout],
    )
    .inSingletonScope();
  bind(UnlockAdminUser)
    .toResolvedValue((access: AdminUserAccess, lockout: AdminSignInLockout) => new UnlockAdminUser(access, lockout), [AdminUserAccess, AdminSignInLockout])
    .inSingletonScope();

  // ACL
  bind(GetAclTree).toResolvedValue((tree: AclTreeProvider) => new GetAclTree(tree), [ACL_TREE_PROVIDER]).inSingletonScope();
  bind(GetEffectivePermissions)
    .toResolvedValue(
      (integrations: IntegrationRepository, roles: RoleRepository, tree: AclTreeProvider) => new GetEffectivePermissions(integrations, roles, tree),
      [INTEGRATION_REPOSITORY, ROLE_REPOSITORY, ACL_TREE_PROVIDER],
    )
    .inSingletonScope();

  // Admin sign-in
  bind(PasswordCheck)
    .toResolvedValue(
      (
        failures: SignInFailureRepository,
        tokens: AdminTokenRepository,
        hasher: PasswordHasher,
        clock: Clock,
        settings: AdminAuthSettings,
        events: DomainEventRecorder,
      ) => new PasswordCheck({ failures, tokens, hasher, clock, settings, events }),
      [SIGN_IN_FAILURE_REPOSITORY, ADMIN_TOKEN_REPOSITORY, PASSWORD_HASHER, CLOCK, ADMIN_AUTH_SETTINGS, DOMAIN_EVENT_RECORDER],
    )
    .inSingletonScope();
  bind(SignInAdmin)
    .toResolvedValue(
      (
        adminUsers: AdminUserRepository,
        roles: RoleRepository,
        tokens: AdminTokenRepository,
        passwords: PasswordCheck,
        clock: Clock,
        random: RandomSource,
        settings: AdminAuthSettings,
        events: DomainEventRecorder,
      ) => new SignInAdmin({ adminUsers, roles, tokens, passwords, clock, random, settings, events }),
      [ADMIN_USER_REPOSITORY, ROLE_REPOSITORY, ADMIN_TOKEN_REPOSITORY, PasswordCheck, CLOCK, RANDOM_SOURCE, ADMIN_AUTH_SETTINGS, DOMAIN_EVENT_RECORDER],
    )
    .inSingletonScope();
  bind(PurgeExpiredAdminTokens)
    .toResolvedValue((tokens: AdminTokenRepository, clock: Clock) => new PurgeExpiredAdminTokens(tokens, clock), [ADMIN_TOKEN_REPOSITORY, CLOCK])
    .inSingletonScope();
  bind(AdminSignInLockout)
    .toResolvedValue((failures: SignInFailureRepository, clock: Clock) => new AdminSignInLockout(failures, clock), [SIGN_IN_FAILURE_REPOSITORY, CLOCK])
    .inSingletonScope();
  bind(SignOutAdmin).toResolvedValue((tokens: AdminTokenRepository) => new SignOutAdmin(tokens), [ADMIN_TOKEN_REPOSITORY]).inSingletonScope();
  bind(AdminTokenAuthenticator)
    .toResolvedValue(
      (tokens: AdminTokenRepository, adminUsers: AdminUserRepository, roles: RoleRepository, clock: Clock) =>
        new AdminTokenAuthenticator({ tokens, adminUsers, roles, clock }),
      [ADMIN_TOKEN_REPOSITORY, ADMIN_USER_REPOSITORY, ROLE_REPOSITORY, CLOCK],
    )
    .inSingletonScope();
  bind(AuthorizeAdmin)
    .toResolvedValue((adminTokens: AdminTokenAuthenticator, aclTree: AclTreeProvider) => new AuthorizeAdmin({ adminTokens, aclTree }), [AdminTokenAuthenticator, ACL_TREE_PROVIDER])
    .inSingletonScope();
  bind(VerifyCurrentPassword)
    .toResolvedValue(
      (adminUsers: AdminUserRepository, passwords: PasswordCheck) => new VerifyCurrentPassword(adminUsers, passwords),
      [ADMIN_USER_REPOSITORY, PasswordCheck],
    )
    .inSingletonScope();
  bind(EnsureInitialAdmin)
    .toResolvedValue(
      (adminUsers: AdminUserRepository, roles: RoleRepository, hasher: PasswordHasher, clock: Clock, random: RandomSource, ids: IdGenerator) =>
        new EnsureInitialAdmin({ adminUsers, roles, hasher, clock, random, ids }),
      [ADMIN_USER_REPOSITORY, ROLE_REPOSITORY, PASSWORD_HASHER, CLOCK, RANDOM_SOURCE, ID_GENERATOR],
    )
    .inSingletonScope();
});
