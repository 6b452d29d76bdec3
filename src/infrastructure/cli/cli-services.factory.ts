import { userInfo } from 'node:os';
import { join } from 'node:path';
import { type DataSource } from 'typeorm';
import { type FailureClassifier } from '../../adapters/cli/cli-errors';
import { type CliServices, type CliUseCases, type GlobalOptions, type MigrationStatus } from '../../adapters/cli/cli-services';
import { isDatabaseUnavailable } from '../../adapters/persistence/connection-errors';
import { parseDatabaseUrl } from '../../adapters/persistence/database-url';
import { createDataSource, detectServer } from '../../adapters/persistence/persistence';
import { createSchemas } from '../../adapters/persistence/schemas/schemas';
import { ConfigError } from '../config';
import { DEFAULT_SQLITE_FILE, openRuntime, type PortcullisRuntime } from '../create-portcullis';
import { loadServerConfig, type ServerConfig } from '../server/server-config';
import { integrationDeclarationsOf } from '../server/settings-files';
import { runtimeOptionsOf } from '../server/runtime-options';
import { serveUntilStopped } from './serve';
import { useCaseRegistryOf } from '../container/use-case-registry.factory';

/**
 * The CLI's services on the settings the server reads (environment over the optional JSON file):
 * nothing is read or opened until a command asks.
 */
export function cliServices(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): CliServices {
  let config: ServerConfig | undefined;
  const settings = (): ServerConfig => (config ??= loadServerConfig(env, options.config));
  let runtime: Promise<PortcullisRuntime> | undefined;
  let useCases: CliUseCases | undefined;
  return {
    useCases: async () => {
      // The audit trail names the operator: `cli` with the OS user, for every change of the command.
      runtime ??= openRuntime({ ...runtimeOptionsOf(settings()), auditActor: { kind: 'cli', osUser: osUserOf(env) } });
      return (useCases ??= useCasesFrom(await runtime));
    },
    declaredIntegrations: (patterns) => {
      const given = patterns ?? settings().integrationFiles;
      if (given === undefined) {
        throw new ConfigError(
          'No integration files to sync: name them (portcullis config:sync <file|glob>...) or set PORTCULLIS_INTEGRATION_FILES ("integrationFiles" in the --config file).',
        );
      }
      return integrationDeclarationsOf(given);
    },
    migrate: () => withDataSource(settings(), async (dataSource) => (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name)),
    migrationStatus: () => withDataSource(settings(), (dataSource, database) => migrationStatusOf(dataSource, database)),
    serve: () => serveUntilStopped(settings()),
    close: async () => {
      if (runtime === undefined) return;
      const opened = await runtime.catch(() => null);
      await opened?.close();
    },
  };
}


/**
 * Who runs the command, as the operating system says (os.userInfo); without an entry in the user
 * database (a container running as a bare uid), $USER or $LOGNAME; else null.
 */
export function osUserOf(env: NodeJS.ProcessEnv): string | null {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.LOGNAME ?? null;
  }
}

/** The CLI's use cases: the registry of a runtime's container. */
export function useCasesFrom(runtime: PortcullisRuntime): CliUseCases {
  const registry = useCaseRegistryOf(runtime.container);
  return { ...registry, signInLockout: registry.adminAuth.lockout };
}


/** A DataSource on the configured database for schema work: no secret key is needed for it. */
async function withDataSource<T>(config: ServerConfig, work: (dataSource: DataSource, database: string) => Promise<T>): Promise<T> {
  const url = config.databaseUrl ?? `sqlite:${join(config.dataDir, DEFAULT_SQLITE_FILE)}`;
  const location = await detectServer(parseDatabaseUrl(url));
  const dataSource = createDataSource(location, createSchemas(location.dialect), 1);
  await dataSource.initialize();
  try {
    return await work(dataSource, location.driver === 'better-sqlite3' ? 'sqlite' : location.driver);
  } finally {
    await dataSource.destroy();
  }
}

async function migrationStatusOf(dataSource: DataSource, database: string): Promise<MigrationStatus> {
  const shipped = dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const runner = dataSource.createQueryRunner();
  let done: Set<string>;
  try {
    done = (await runner.hasTable(table))
      ? new Set((await runner.query(`SELECT name FROM ${table}`) as Array<{ name: string }>).map((row) => row.name))
      : new Set();
  } finally {
    await runner.release();
  }
  return { database, applied: shipped.filter((name) => done.has(name)), pending: shipped.filter((name) => !done.has(name)) };
}



/** Settings problems (one readable line each, never a password) and database outages. */
export const cliFailureClassifier: FailureClassifier = {
  isUnavailable: (error) => isDatabaseUnavailable(error),
  configProblem: (error) => {
    const code = (error as { code?: unknown } | null)?.code;
    const message = error instanceof Error ? error.message : String(error);
    if (typeof code === 'string' && code.startsWith('CONFIG.')) return message;
    if (code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_DBACCESS_DENIED_ERROR') return 'The database refused the user or password in DATABASE_URL.';
    if (code === 'ER_BAD_DB_ERROR') return 'The database named in DATABASE_URL does not exist. Create it first.';
    if (code === 'EADDRINUSE') return 'The port is already in use: set PORT to another one.';
    if (code === 'ENOTFOUND') return 'The database host in DATABASE_URL is unknown.';
    if (typeof code === 'string' && code.startsWith('SQLITE_CANTOPEN')) return 'The SQLite file cannot be opened. Check PORTCULLIS_DATA_DIR (or DATABASE_URL) and its permissions.';
    return fileSystemProblem(error);
  },
};

const FILE_SYSTEM_PROBLEMS: Readonly<Record<string, string>> = {
  ENOTDIR: 'a part of the path is a file, not a directory',
  EEXIST: 'a file stands where a directory is needed',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
};

/** A data directory or database file that cannot be created or written: the settings (or the disk) to fix. */
function fileSystemProblem(error: unknown): string | null {
  const { code, path, syscall } = (error ?? {}) as { code?: unknown; path?: unknown; syscall?: unknown };
  const why = typeof code === 'string' ? FILE_SYSTEM_PROBLEMS[code] : undefined;
  if (why === undefined || typeof syscall !== 'string') return null;
  const where = typeof path === 'string' ? ` ${path}` : '';
  return `Cannot ${syscall}${where} (${String(code)}: ${why}). Check PORTCULLIS_DATA_DIR (or DATABASE_URL).`;
}
