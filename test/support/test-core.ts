import { type Container } from 'inversify';
import { adminActor, type Actor } from '../../src/application/access/actor';
import { type AclResourceSource } from '../../src/domain/acl/acl-resource-tree';
import { ADMIN_USER_REPOSITORY, type AdminUserRepository } from '../../src/domain/admin-user/admin-user.repository';
import { INTEGRATION_REPOSITORY, type IntegrationRepository } from '../../src/domain/integration/integration.repository';
import { ROLE_REPOSITORY, type RoleRepository } from '../../src/domain/role/role.repository';
import { OAUTH_TOKEN_REPOSITORY, type OAuthTokenRepository } from '../../src/domain/token/oauth-token.repository';
import { type TokenExchange } from '../../src/application/ports/token-exchange.port';
import { type RandomSource } from '../../src/application/ports/random-source.port';
import { ADMIN_TOKEN_REPOSITORY, type AdminTokenRepository } from '../../src/domain/admin-session/admin-token.repository';
import { SIGN_IN_FAILURE_REPOSITORY, type SignInFailureRepository } from '../../src/domain/admin-session/sign-in-failure.repository';
import { type LockoutPolicy } from '../../src/domain/admin-session/sign-in-lockout';
import { buildContainer } from '../../src/infrastructure/container/build-container';
import { IN_MEMORY_DATABASE } from '../../src/infrastructure/container/tokens';
import { portcullisFrom, type Portcullis } from '../../src/infrastructure/create-portcullis';
import { type InMemoryDatabase } from '../../src/adapters/in-memory/in-memory-database';
import { SHOP_ACL } from './acl-fixtures';
import { FixedClock, SequentialIds, SequentialRandom, fastPasswordHasher } from './deterministic-ports';

export interface TestCore {
  readonly portcullis: Portcullis;
  readonly container: Container;
  readonly clock: FixedClock;
  readonly database: InMemoryDatabase;
  readonly integrations: IntegrationRepository;
  readonly roles: RoleRepository;
  readonly adminUsers: AdminUserRepository;
  readonly tokens: OAuthTokenRepository;
  readonly adminTokens: AdminTokenRepository;
  readonly signInFailures: SignInFailureRepository;
}

export interface TestCoreOptions {
  readonly acl?: readonly AclResourceSource[];
  readonly tokenExchange?: TokenExchange;
  /** Default SequentialRandom. */
  readonly random?: RandomSource;
  /** Admin sign-in settings (default Magento's: 4 h tokens, 6 failures then 1800 s). */
  readonly adminTokenLifetimeSeconds?: number;
  readonly signInLockout?: Partial<LockoutPolicy>;
  /** Audit trail retention (default: kept forever). */
  readonly auditRetentionDays?: number;
  /** New credentials expire this many days after they are issued (default: never). */
  readonly credentialsMaxAgeDays?: number;
  /** Replace a port before anything is resolved (e.g. a repository that fails on purpose). */
  readonly override?: (container: Container) => void;
}

/** The real composition root on in-memory storage with deterministic clock, ids and tokens. */
export function testCore(options: TestCoreOptions = {}): TestCore {
  const clock = new FixedClock();
  const container = buildContainer({
    aclResources: options.acl ?? [SHOP_ACL],
    clock,
    ids: new SequentialIds(),
    random: options.random ?? new SequentialRandom(),
    passwordHasher: fastPasswordHasher(),
    ...(options.tokenExchange ? { tokenExchange: options.tokenExchange } : {}),
    ...(options.adminTokenLifetimeSeconds !== undefined ? { adminTokenLifetimeSeconds: options.adminTokenLifetimeSeconds } : {}),
    ...(options.signInLockout !== undefined ? { signInLockout: options.signInLockout } : {}),
    ...(options.auditRetentionDays !== undefined ? { auditRetentionDays: options.auditRetentionDays } : {}),
    ...(options.credentialsMaxAgeDays !== undefined ? { credentialsMaxAgeDays: options.credentialsMaxAgeDays } : {}),
  });
  options.override?.(container);
  return {
    portcullis: portcullisFrom(container),
    container,
    clock,
    database: container.get<InMemoryDatabase>(IN_MEMORY_DATABASE),
    integrations: container.get<IntegrationRepository>(INTEGRATION_REPOSITORY),
    roles: container.get<RoleRepository>(ROLE_REPOSITORY),
    adminUsers: container.get<AdminUserRepository>(ADMIN_USER_REPOSITORY),
    tokens: container.get<OAuthTokenRepository>(OAUTH_TOKEN_REPOSITORY),
    adminTokens: container.get<AdminTokenRepository>(ADMIN_TOKEN_REPOSITORY),
    signInFailures: container.get<SignInFailureRepository>(SIGN_IN_FAILURE_REPOSITORY),
  };
}

/** The password `anAdmin` gives every admin it creates. */
export const ADMIN_PASSWORD = 'correct horse 42';

/** Creates an admin role with the given Custom resources (or All) and an active user in it. */
export async function anAdmin(
  core: TestCore,
  username: string,
  access: { resources: readonly string[]; excluded?: readonly string[] } | 'all',
): Promise<{ actor: Actor; userId: string; roleId: string }> {
  const role = await core.portcullis.roles.create(
    access === 'all'
      ? { name: `${username} role`, resourceAccess: 'all' }
      : { name: `${username} role`, resourceAccess: 'custom', resources: access.resources, excluded: access.excluded ?? [] },
  );
  const user = await core.portcullis.adminUsers.create({
    username,
    firstName: 'Ada',
    lastName: 'Admin',
    email: `${username}@example.com`,
    password: ADMIN_PASSWORD,
    roleId: role.id,
  });
  return { actor: adminActor(user.id), userId: user.id, roleId: role.id };
}

/** Counts rows per table, to prove a failed operation left nothing behind. */
export function rowCounts(core: TestCore): Record<string, number> {
  const t = core.database.tables;
  return { integrations: t.integrations.size, roles: t.roles.size, adminUsers: t.adminUsers.size, tokens: t.tokens.size };
}

/** `anAdmin`, signed in: also returns the bearer token the sign-in issued. */
export async function aSignedInAdmin(
  core: TestCore,
  username: string,
  access: { resources: readonly string[]; excluded?: readonly string[] } | 'all',
): Promise<{ actor: Actor; userId: string; roleId: string; token: string }> {
  const admin = await anAdmin(core, username, access);
  const { token } = await core.portcullis.adminAuth.signIn({ username, password: ADMIN_PASSWORD });
  return { ...admin, token };
}
