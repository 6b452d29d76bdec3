import { ContainerModule } from 'inversify';
import { AccessPolicy } from '../../application/access/access-policy';
import { SyncConfigIntegrations } from '../../application/config-sync/sync-config-integrations.use-case';
import { ACL_TREE_PROVIDER } from '../../application/ports/acl-tree.port';
import { CLOCK } from '../../application/ports/clock.port';
import { PASSWORD_HASHER } from '../../application/ports/password-hasher.port';
import { ID_GENERATOR, RANDOM_SOURCE } from '../../application/ports/random-source.port';
import { TOKEN_EXCHANGE } from '../../application/ports/token-exchange.port';
import { UNIT_OF_WORK } from '../../application/ports/unit-of-work.port';
import { DOMAIN_EVENT_RECORDER } from '../../application/ports/domain-events.port';
import { TRANSACTION_LOCK } from '../../application/ports/transaction-lock.port';
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
import { GetIntegrationUsage } from '../../application/use-cases/integrations/get-integration-usage.use-case';
import { UsageCounter } from '../../application/usage/usage-counter';
import { USAGE_REPOSITORY } from '../../domain/usage/usage.repository';
import { IntegrationAccess } from '../../application/use-cases/integrations/integration-access';
import { IntegrationActivator } from '../../application/use-cases/integrations/integration-activator';
import { ListIntegrations } from '../../application/use-cases/integrations/list-integrations.use-case';
import { ReauthorizeIntegration } from '../../application/use-cases/integrations/reauthorize-integration.use-case';
import { ListExpiringCredentials } from '../../application/use-cases/integrations/list-expiring-credentials.use-case';
import { RotateConsumerSecret } from '../../application/use-cases/integrations/rotate-consumer-secret.use-case';
import { UpdateIntegration } from '../../application/use-cases/integrations/update-integration.use-case';
import { CreateRole } from '../../application/use-cases/roles/create-role.use-case';
import { DeleteRole } from '../../application/use-cases/roles/delete-role.use-case';
import { GetRole } from '../../application/use-cases/roles/get-role.use-case';
import { ListRoles } from '../../application/use-cases/roles/list-roles.use-case';
import { ListRolesPaged } from '../../application/use-cases/roles/list-roles-paged.use-case';
import { UpdateRole } from '../../application/use-cases/roles/update-role.use-case';
import { ADMIN_AUTH_SETTINGS } from '../../application/use-cases/admin-auth/admin-auth.settings';
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
import { ADMIN_TOKEN_REPOSITORY } from '../../domain/admin-session/admin-token.repository';
import { SIGN_IN_FAILURE_REPOSITORY } from '../../domain/admin-session/sign-in-failure.repository';
import { ADMIN_USER_REPOSITORY } from '../../domain/admin-user/admin-user.repository';
import { INTEGRATION_REPOSITORY } from '../../domain/integration/integration.repository';
import { ROLE_REPOSITORY } from '../../domain/role/role.repository';
import { OAUTH_TOKEN_REPOSITORY } from '../../domain/token/oauth-token.repository';
import { singleton, singletonClass } from './singleton';
import { CREDENTIAL_SETTINGS } from '../../application/credentials/credential.settings';

/** The clock and the random sources most use cases that create things need. */
const TIME_AND_CHANCE = { clock: CLOCK, random: RANDOM_SOURCE, ids: ID_GENERATOR } as const;

/**
 * The core (application services and use cases), bound by factories: no decorators in the core.
 * Needs the ports bound by the storage and technical modules.
 */
export const coreModule = new ContainerModule(({ bind }) => {
  singleton(bind, AccessPolicy, { tree: ACL_TREE_PROVIDER, users: ADMIN_USER_REPOSITORY, roles: ROLE_REPOSITORY }, (d) =>
    new AccessPolicy(d.tree, d.users, d.roles),
  );
  singleton(bind, IntegrationAccess, { integrations: INTEGRATION_REPOSITORY, roles: ROLE_REPOSITORY, policy: AccessPolicy }, (d) =>
    new IntegrationAccess(d.integrations, d.roles, d.policy),
  );
  singletonClass(bind, IntegrationActivator, {
    integrations: INTEGRATION_REPOSITORY,
    roles: ROLE_REPOSITORY,
    tokens: OAUTH_TOKEN_REPOSITORY,
    unitOfWork: UNIT_OF_WORK,
    ...TIME_AND_CHANCE,
    exchange: TOKEN_EXCHANGE,
    events: DOMAIN_EVENT_RECORDER,
    credentialSettings: CREDENTIAL_SETTINGS,
  });
  singleton(bind, AdminUserAccess, { users: ADMIN_USER_REPOSITORY, roles: ROLE_REPOSITORY, policy: AccessPolicy }, (d) =>
    new AdminUserAccess(d.users, d.roles, d.policy),
  );

  // Integrations
  singletonClass(bind, CreateIntegration, {
    integrations: INTEGRATION_REPOSITORY,
    roles: ROLE_REPOSITORY,
    unitOfWork: UNIT_OF_WORK,
    policy: AccessPolicy,
    activator: IntegrationActivator,
    ...TIME_AND_CHANCE,
  });
  singletonClass(bind, UpdateIntegration, {
    integrations: INTEGRATION_REPOSITORY,
    roles: ROLE_REPOSITORY,
    unitOfWork: UNIT_OF_WORK,
    policy: AccessPolicy,
    access: IntegrationAccess,
    activator: IntegrationActivator,
    clock: CLOCK,
    ids: ID_GENERATOR,
  });
  singletonClass(bind, DeleteIntegration, {
    integrations: INTEGRATION_REPOSITORY,
    unitOfWork: UNIT_OF_WORK,
    access: IntegrationAccess,
    clock: CLOCK,
    events: DOMAIN_EVENT_RECORDER,
  });
  singletonClass(bind, SyncConfigIntegrations, {
    integrations: INTEGRATION_REPOSITORY,
    roles: ROLE_REPOSITORY,
    tokens: OAUTH_TOKEN_REPOSITORY,
    unitOfWork: UNIT_OF_WORK,
    lock: TRANSACTION_LOCK,
    aclTree: ACL_TREE_PROVIDER,
    ...TIME_AND_CHANCE,
    events: DOMAIN_EVENT_RECORDER,
  });
  singleton(bind, GetIntegration, { access: IntegrationAccess }, (d) => new GetIntegration(d.access));
  singletonClass(bind, ListIntegrations, { integrations: INTEGRATION_REPOSITORY, usage: USAGE_REPOSITORY, counter: UsageCounter, clock: CLOCK });
  singletonClass(bind, GetIntegrationUsage, { integrations: INTEGRATION_REPOSITORY, usage: USAGE_REPOSITORY, counter: UsageCounter, clock: CLOCK });
  singleton(bind, ActivateIntegration, { access: IntegrationAccess, activator: IntegrationActivator }, (d) =>
    new ActivateIntegration(d.access, d.activator),
  );
  singletonClass(bind, GetIntegrationCredentials, {
    access: IntegrationAccess,
    tokens: OAUTH_TOKEN_REPOSITORY,
    clock: CLOCK,
    events: DOMAIN_EVENT_RECORDER,
  });
  singleton(bind, ReauthorizeIntegration, { access: IntegrationAccess, activator: IntegrationActivator }, (d) =>
    new ReauthorizeIntegration(d.access, d.activator),
  );
  singletonClass(bind, ListExpiringCredentials, { integrations: INTEGRATION_REPOSITORY, clock: CLOCK });
  singletonClass(bind, RotateConsumerSecret, {
    integrations: INTEGRATION_REPOSITORY,
    unitOfWork: UNIT_OF_WORK,
    access: IntegrationAccess,
    ...TIME_AND_CHANCE,
    credentialSettings: CREDENTIAL_SETTINGS,
  });

  // Roles
  singleton(bind, CreateRole, { roles: ROLE_REPOSITORY, policy: AccessPolicy, clock: CLOCK, ids: ID_GENERATOR }, (d) =>
    new CreateRole(d.roles, d.policy, d.clock, d.ids),
  );
  singleton(bind, UpdateRole, { roles: ROLE_REPOSITORY, policy: AccessPolicy, clock: CLOCK }, (d) => new UpdateRole(d.roles, d.policy, d.clock));
  singleton(
    bind,
    DeleteRole,
    { roles: ROLE_REPOSITORY, users: ADMIN_USER_REPOSITORY, policy: AccessPolicy, clock: CLOCK, events: DOMAIN_EVENT_RECORDER, unitOfWork: UNIT_OF_WORK },
    (d) => new DeleteRole(d.roles, d.users, d.policy, d.clock, d.events, d.unitOfWork),
  );
  singleton(bind, GetRole, { roles: ROLE_REPOSITORY }, (d) => new GetRole(d.roles));
  singleton(bind, ListRoles, { roles: ROLE_REPOSITORY }, (d) => new ListRoles(d.roles));
  singleton(bind, ListRolesPaged, { roles: ROLE_REPOSITORY }, (d) => new ListRolesPaged(d.roles));

  // Admin users
  singletonClass(bind, CreateAdminUser, {
    adminUsers: ADMIN_USER_REPOSITORY,
    access: AdminUserAccess,
    hasher: PASSWORD_HASHER,
    clock: CLOCK,
    ids: ID_GENERATOR,
  });
  singletonClass(bind, UpdateAdminUser, {
    adminUsers: ADMIN_USER_REPOSITORY,
    access: AdminUserAccess,
    hasher: PASSWORD_HASHER,
    clock: CLOCK,
    tokens: ADMIN_TOKEN_REPOSITORY,
  });
  singleton(
    bind,
    DeleteAdminUser,
    { adminUsers: ADMIN_USER_REPOSITORY, access: AdminUserAccess, clock: CLOCK, events: DOMAIN_EVENT_RECORDER, unitOfWork: UNIT_OF_WORK },
    (d) => new DeleteAdminUser(d.adminUsers, d.access, d.clock, d.events, d.unitOfWork),
  );
  singleton(bind, GetAdminUser, { adminUsers: ADMIN_USER_REPOSITORY }, (d) => new GetAdminUser(d.adminUsers));
  singleton(bind, ListAdminUsers, { adminUsers: ADMIN_USER_REPOSITORY }, (d) => new ListAdminUsers(d.adminUsers));
  singleton(
    bind,
    ListAdminUsersPaged,
    { adminUsers: ADMIN_USER_REPOSITORY, roles: ROLE_REPOSITORY, lockout: AdminSignInLockout },
    (d) => new ListAdminUsersPaged(d.adminUsers, d.roles, d.lockout),
  );
  singleton(bind, UnlockAdminUser, { access: AdminUserAccess, lockout: AdminSignInLockout }, (d) => new UnlockAdminUser(d.access, d.lockout));

  // ACL
  singleton(bind, GetAclTree, { tree: ACL_TREE_PROVIDER }, (d) => new GetAclTree(d.tree));
  singleton(
    bind,
    GetEffectivePermissions,
    { integrations: INTEGRATION_REPOSITORY, roles: ROLE_REPOSITORY, tree: ACL_TREE_PROVIDER },
    (d) => new GetEffectivePermissions(d.integrations, d.roles, d.tree),
  );

  // Admin sign-in
  singletonClass(bind, PasswordCheck, {
    failures: SIGN_IN_FAILURE_REPOSITORY,
    tokens: ADMIN_TOKEN_REPOSITORY,
    hasher: PASSWORD_HASHER,
    clock: CLOCK,
    settings: ADMIN_AUTH_SETTINGS,
    events: DOMAIN_EVENT_RECORDER,
  });
  singletonClass(bind, SignInAdmin, {
    adminUsers: ADMIN_USER_REPOSITORY,
    roles: ROLE_REPOSITORY,
    tokens: ADMIN_TOKEN_REPOSITORY,
    passwords: PasswordCheck,
    clock: CLOCK,
    random: RANDOM_SOURCE,
    settings: ADMIN_AUTH_SETTINGS,
    events: DOMAIN_EVENT_RECORDER,
    unitOfWork: UNIT_OF_WORK,
  });
  singleton(bind, PurgeExpiredAdminTokens, { tokens: ADMIN_TOKEN_REPOSITORY, clock: CLOCK }, (d) => new PurgeExpiredAdminTokens(d.tokens, d.clock));
  singletonClass(bind, AdminSignInLockout, {
    failures: SIGN_IN_FAILURE_REPOSITORY,
    adminUsers: ADMIN_USER_REPOSITORY,
    clock: CLOCK,
    events: DOMAIN_EVENT_RECORDER,
    unitOfWork: UNIT_OF_WORK,
  });
  singletonClass(bind, SignOutAdmin, { tokens: ADMIN_TOKEN_REPOSITORY, clock: CLOCK, events: DOMAIN_EVENT_RECORDER, unitOfWork: UNIT_OF_WORK });
  singletonClass(bind, AdminTokenAuthenticator, {
    tokens: ADMIN_TOKEN_REPOSITORY,
    adminUsers: ADMIN_USER_REPOSITORY,
    roles: ROLE_REPOSITORY,
    clock: CLOCK,
  });
  singletonClass(bind, AuthorizeAdmin, { adminTokens: AdminTokenAuthenticator, aclTree: ACL_TREE_PROVIDER });
  singleton(bind, VerifyCurrentPassword, { adminUsers: ADMIN_USER_REPOSITORY, passwords: PasswordCheck }, (d) =>
    new VerifyCurrentPassword(d.adminUsers, d.passwords),
  );
  singletonClass(bind, EnsureInitialAdmin, {
    adminUsers: ADMIN_USER_REPOSITORY,
    roles: ROLE_REPOSITORY,
    hasher: PASSWORD_HASHER,
    ...TIME_AND_CHANCE,
  });
});
