import { type Container } from 'inversify';
import { GetAclTree } from '../application/use-cases/acl/get-acl-tree.use-case';
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
import { UpdateIntegration } from '../application/use-cases/integrations/update-integration.use-case';
import { CreateRole } from '../application/use-cases/roles/create-role.use-case';
import { DeleteRole } from '../application/use-cases/roles/delete-role.use-case';
import { GetRole } from '../application/use-cases/roles/get-role.use-case';
import { ListRoles } from '../application/use-cases/roles/list-roles.use-case';
import { UpdateRole } from '../application/use-cases/roles/update-role.use-case';
import { join, resolve } from 'node:path';
import { openPersistence, type Persistence } from '../adapters/persistence/persistence';
import { parseDatabaseUrl } from '../adapters/persistence/database-url';
import { type PortcullisConfig } from './config';
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
    readonly list: Run<ListAdminUsers>;
  };
  readonly acl: {
    readonly tree: Run<GetAclTree>;
    readonly effectivePermissions: Run<GetEffectivePermissions>;
  };
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
  const database = options.database ?? 'memory';
  if (database === 'memory') return portcullisFrom(buildContainer(options));
  const persistence = await openDatabase(options, database);
  try {
    return portcullisFrom(buildContainer(options, persistenceModule(persistence)), () => persistence.close());
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

/** The facade over an already built container (entrypoints and test harnesses). */
export function portcullisFrom(container: Container, close: () => Promise<void> = () => Promise.resolve()): Portcullis {
  const run = <T extends { execute: (...args: never[]) => unknown }>(useCase: new (...args: never[]) => T): T['execute'] => {
    const instance = container.get<T>(useCase);
    return instance.execute.bind(instance);
  };
  return {
    integrations: {
      create: run(CreateIntegration),
      update: run(UpdateIntegration),
      delete: run(DeleteIntegration),
      get: run(GetIntegration),
      list: run(ListIntegrations),
      activate: run(ActivateIntegration),
      reauthorize: run(ReauthorizeIntegration),
    },
    roles: { create: run(CreateRole), update: run(UpdateRole), delete: run(DeleteRole), get: run(GetRole), list: run(ListRoles) },
    adminUsers: { create: run(CreateAdminUser), update: run(UpdateAdminUser), delete: run(DeleteAdminUser), list: run(ListAdminUsers) },
    acl: { tree: run(GetAclTree), effectivePermissions: run(GetEffectivePermissions) },
    close,
  };
}
