import { type Container } from 'inversify';
import { AuthorizeRequest } from '../application/guard/authorize-request.use-case';
import { AuthorizeAdmin } from '../application/use-cases/admin-auth/authorize-admin.use-case';
import { EnsureInitialAdmin } from '../application/use-cases/admin-auth/ensure-initial-admin.use-case';
import { SignInAdmin } from '../application/use-cases/admin-auth/sign-in-admin.use-case';
import { SignOutAdmin } from '../application/use-cases/admin-auth/sign-out-admin.use-case';
import { VerifyCurrentPassword } from '../application/use-cases/admin-auth/verify-current-password.use-case';
import { GetAdminUser } from '../application/use-cases/admin-users/get-admin-user.use-case';
import { GetIntegrationCredentials } from '../application/use-cases/integrations/get-integration-credentials.use-case';
import { SyncConfigIntegrations } from '../application/config-sync/sync-config-integrations.use-case';
import { GetAclTree } from '../application/use-cases/acl/get-acl-tree.use-case';
import { ACL_TREE_PROVIDER, type AclTreeProvider } from '../application/ports/acl-tree.port';
import { type AclResourceTree } from '../domain/acl/acl-resource-tree';
import { GetEffectivePermissions } from '../application/use-cases/acl/get-effective-permissions.use-case';
import { CreateAdminUser } from '../application/use-cases/admin-users/create-admin-user.use-case';
import { DeleteAdminUser } from '../application/use-cases/admin-users/delete-admin-user.use-case';
import { ListAdminUsers } from '../application/use-cases/admin-users/list-admin-users.use-case';
import { UpdateAdminUser } from '../application/use-cases/admin-users/update-admin-user.use-case';
import { ActivateIntegration } from '../application/use-cases/integrations/activate-integration.use-case';
import { CreateIntegration } from '../application/use-cases/integrations/create-integration.use-case';
import { DeleteIntegration } from '../application/use-cases/integrations/delete-integration.use-case';
import { GetIntegration } from '../application/use-cases/integrations/get-integration.use-case';
import { ListIntegrations } from '../application/use-cases/integrations/list-integrations.use-case';
import { ReauthorizeIntegration } from '../application/use-cases/integrations/reauthorize-integration.use-case';
import { RevokeIntegration } from '../application/use-cases/integrations/revoke-integration.use-case';
import { UpdateIntegration } from '../application/use-cases/integrations/update-integration.use-case';
import { CreateRole } from '../application/use-cases/roles/create-role.use-case';
import { DeleteRole } from '../application/use-cases/roles/delete-role.use-case';
import { GetRole } from '../application/use-cases/roles/get-role.use-case';
import { ListRoles } from '../application/use-cases/roles/list-roles.use-case';
import { UpdateRole } from '../application/use-cases/roles/update-role.use-case';
import { join, resolve } from 'node:path';
import { openPersistence, type Persistence } from '../adapters/persistence/persistence';
import { parseDatabaseUrl } from '../adapters/persistence/database-url';
import { isDatabaseUnavailable } from '../adapters/persistence/connection-errors';
import { boundFastifyPlugin, type PortcullisFastifyPlugin } from '../adapters/fastify-guard/portcullis-fastify-plugin';
import { portcullisExpress, type PortcullisExpress } from '../adapters/express-guard/portcullis-express';
import { publicBaseUrlOf, type PortcullisConfig } from './config';
import { buildContainer } from './container/build-container';
import { persistenceModule } from './container/persistence.module';
import { resolveSecretCipher } from './secret-key';

type Run<T extends { execute: (...args: never[]) => unknown }> = T['execute'];

/** The use cases of Portcullis, grouped as an embedding backend uses them. */
export interface Portcullis {
  readonly integrations: {
    readonly create: Run<CreateIntegration>;
    readonly update: Run<UpdateIntegration>;
    readonly delete: Run<DeleteIntegration>;
    readonly get: Run<GetIntegration>;
    readonly list: Run<ListIntegrations>;
    readonly activate: Run<ActivateIntegration>;
    readonly reauthorize: Run<ReauthorizeIntegration>;
    readonly credentials: Run<GetIntegrationCredentials>;
    readonly revoke: Run<RevokeIntegration>;
  };
  readonly roles: {
    readonly create: Run<CreateRole>;
    readonly update: Run<UpdateRole>;
    readonly delete: Run<DeleteRole>;
    readonly get: Run<GetRole>;
    readonly list: Run<ListRoles>;
  };
  readonly adminUsers: {
    readonly create: Run<CreateAdminUser>;
    readonly update: Run<UpdateAdminUser>;
    readonly delete: Run<DeleteAdminUser>;
    readonly get: Run<GetAdminUser>;
    readonly list: Run<ListAdminUsers>;
  };
  /** Admin sign-in with lock-out, bearer tokens, and the check an admin route makes. */
  readonly adminAuth: {
    readonly signIn: Run<SignInAdmin>;
    readonly signOut: Run<SignOutAdmin>;
    readonly authorize: Run<AuthorizeAdmin>;
    readonly verifyCurrentPassword: Run<VerifyCurrentPassword>;
    /** Creates `admin` (and the Administrators role) when there is no admin user at all. */
    readonly ensureInitialAdmin: Run<EnsureInitialAdmin>;
  };
  /**
   * Configuration as code: brings the config integrations in line with declarations read from
   * integration.xml / config.xml + api.xml / JSON files (`loadIntegrationDeclarations`).
   */
  readonly config: {
    readonly sync: Run<SyncConfigIntegrations>;
  };
  readonly acl: {
    readonly tree: Run<GetAclTree>;
    readonly effectivePermissions: Run<GetEffectivePermissions>;
  };
  readonly guard: {
    /**
     * Authenticates a request of your API (OAuth 1.0a signature, admin bearer token, or an
     * integration's bearer token when enabled) and checks its grant allows the resources.
     */
    readonly authorize: Run<AuthorizeRequest>;
  };
  /**
   * The guard as a Fastify plugin, bound to this Portcullis and its `publicBaseUrl`:
   * `app.register(portcullis.fastify.plugin)` before the routes, which declare
   * `config: { resources: [...] }` or `config: { resources: 'anonymous' }`.
   */
  readonly fastify: { readonly plugin: PortcullisFastifyPlugin };
  /** The guard as Express 5 middleware: `app.get(path, portcullis.express.require('A', 'B'), handler)`. */
  readonly express: PortcullisExpress;
  /** Closes the database (a no-op in memory). */
  close(): Promise<void>;
}

export type PortcullisOptions = PortcullisConfig;

export const DEFAULT_DATA_DIR = 'data';
export const DEFAULT_SQLITE_FILE = 'portcullis.sqlite';

/**
 * Portcullis with its use cases wired. `database` defaults to `'memory'`; `{}` gives the embedded
 * SQLite file under the data directory; `{ url: 'mysql://…' }` a server database. Migrations run
 * at open unless `migrate: false`.
 * @throws at once for an invalid ACL definition, database URL or secret key.
 */
export async function createPortcullis(options: PortcullisOptions = {}): Promise<Portcullis> {
  const runtime = await openRuntime(options);
  const publicBaseUrl = publicBaseUrlOf(options);
  return portcullisFrom(runtime.container, () => runtime.close(), {
    ...(publicBaseUrl !== undefined ? { publicBaseUrl } : {}),
    isUnavailable: (error) => runtime.isUnavailable(error),
  });
}

/** The container with its storage, and what an entrypoint needs to watch and close it. */
export interface PortcullisRuntime {
  readonly container: Container;
  /** Resolves when the storage answers (always, in memory). */
  ping(): Promise<void>;
  /** True for errors that mean the database cannot be reached (answered 503 by the server). */
  isUnavailable(error: unknown): boolean;
  close(): Promise<void>;
}

/** Opens the storage the options ask for and builds the container on it. */
export async function openRuntime(options: PortcullisOptions = {}): Promise<PortcullisRuntime> {
  const database = options.database ?? 'memory';
  if (database === 'memory') {
    return { container: buildContainer(options), ping: () => Promise.resolve(), isUnavailable: () => false, close: () => Promise.resolve() };
  }
  const persistence = await openDatabase(options, database);
  try {
    const container = buildContainer(options, persistenceModule(persistence));
    return { container, ping: () => persistence.ping(), isUnavailable: (error) => isDatabaseUnavailable(error), close: () => persistence.close() };
  } catch (error) {
    await persistence.close();
    throw error;
  }
}

function openDatabase(options: PortcullisOptions, database: Exclude<PortcullisOptions['database'], 'memory' | undefined>): Promise<Persistence> {
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const url = database.url ?? `sqlite:${join(dataDir, DEFAULT_SQLITE_FILE)}`;
  const location = parseDatabaseUrl(url);
  const cipher = resolveSecretCipher({
    configuredKey: options.secretKey ?? process.env.PORTCULLIS_SECRET_KEY,
    dataDir,
    allowKeyFile: location.dialect === 'sqlite',
  });
  return openPersistence({ url, cipher, migrate: database.migrate ?? true });
}

/** What the framework guards need besides the container. */
export interface GuardEdge {
  /** `scheme://host[:port]` signatures are checked against (default: what the framework saw). */
  readonly publicBaseUrl?: string;
  /** Storage outages, answered 503 by the guards (default: none recognised). */
  readonly isUnavailable?: (error: unknown) => boolean;
}

/** The facade over an already built container (entrypoints and test harnesses). */
export function portcullisFrom(container: Container, close: () => Promise<void> = () => Promise.resolve(), edge: GuardEdge = {}): Portcullis {
  const run = <T extends { execute: (...args: never[]) => unknown }>(useCase: new (...args: never[]) => T): T['execute'] => {
    const instance = container.get<T>(useCase);
    return instance.execute.bind(instance);
  };
  const authorize = run(AuthorizeRequest);
  // The guards check route declarations against this Portcullis's tree, as it is when they check.
  const aclTree = (): AclResourceTree => container.get<AclTreeProvider>(ACL_TREE_PROVIDER).current();
  return {
    integrations: {
      create: run(CreateIntegration),
      update: run(UpdateIntegration),
      delete: run(DeleteIntegration),
      get: run(GetIntegration),
      list: run(ListIntegrations),
      activate: run(ActivateIntegration),
      reauthorize: run(ReauthorizeIntegration),
      credentials: run(GetIntegrationCredentials),
      revoke: run(RevokeIntegration),
    },
    roles: { create: run(CreateRole), update: run(UpdateRole), delete: run(DeleteRole), get: run(GetRole), list: run(ListRoles) },
    adminUsers: {
      create: run(CreateAdminUser),
      update: run(UpdateAdminUser),
      delete: run(DeleteAdminUser),
      get: run(GetAdminUser),
      list: run(ListAdminUsers),
    },
    adminAuth: {
      signIn: run(SignInAdmin),
      signOut: run(SignOutAdmin),
      authorize: run(AuthorizeAdmin),
      verifyCurrentPassword: run(VerifyCurrentPassword),
      ensureInitialAdmin: run(EnsureInitialAdmin),
    },
    config: { sync: run(SyncConfigIntegrations) },
    acl: { tree: run(GetAclTree), effectivePermissions: run(GetEffectivePermissions) },
    guard: { authorize },
    fastify: { plugin: boundFastifyPlugin({ authorize, aclTree, ...edge }) },
    express: portcullisExpress(authorize, { ...edge, aclTree }),
    close,
  };
}
