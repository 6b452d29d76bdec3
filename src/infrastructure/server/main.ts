import { ConfigError } from '../config';
import { loadServerConfig, SETTINGS_HELP } from './server-config';
import { closeOnSignal } from './close-on-signal';
import { packageVersion } from './package-version';
import { startServer, type RunningServer } from './start-server';

const USAGE = `Usage: npm start [-- --config <file.json>]
       node dist/infrastructure/server/main.js [--config <file.json>] [--help]

Starts the Portcullis server: the admin REST API under /rest/V1, its OpenAPI description at
/rest/openapi.json, GET /health and GET /ready. On the first start it creates the user "admin"
with a random password, printed once and written to <data dir>/initial-admin-password.

${SETTINGS_HELP}
`;

/** `npm start`: parse arguments, start, stop cleanly on SIGTERM/SIGINT. */
async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const configFile = configFileFrom(argv);
  const started = Date.now();
  let server: RunningServer;
  try {
    server = await startServer(loadServerConfig(process.env, configFile), { version: packageVersion() });
  } catch (error) {
    fail(startFailure(error), isConfigProblem(error) ? EXIT_CONFIG : 1);
  }
  server.app.log.info({ url: server.url, startupMs: Date.now() - started }, `Portcullis listening on ${server.url}`);

  process.exit(await closeOnSignal(server));
}

function configFileFrom(argv: readonly string[]): string | undefined {
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--config') {
      file = argv[++i];
      if (file === undefined || file.startsWith('-')) fail('--config needs a file name. See --help.');
    } else if (arg.startsWith('--config=')) {
      file = arg.slice('--config='.length);
    } else {
      fail(`Unknown argument: ${arg}. See --help.`);
    }
  }
  return file;
}

/** sysexits.h EX_CONFIG, as the CLI exits for the same problems: the settings or the files they name. */
const EXIT_CONFIG = 78;

/** The settings, or the files they name (acl.xml, integration declarations), are wrong. */
function isConfigProblem(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof ConfigError || (typeof code === 'string' && /^(CONFIG|ACL)\./.test(code));
}

/** Start-up errors the operator can fix are one readable line; anything else keeps its stack. */
function startFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (isConfigProblem(error)) return `Portcullis cannot start: ${(error as Error).message}`;
  if (code === 'EADDRINUSE') return `Portcullis cannot start: the port is already in use (${(error as Error).message}). Set PORT to another one.`;
  if (code === 'EACCES') return `Portcullis cannot start: permission denied (${(error as Error).message}).`;
  if (code === 'ECONNREFUSED') return `Portcullis cannot start: the database refused the connection (${(error as Error).message}). Check DATABASE_URL.`;
  if (code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_DBACCESS_DENIED_ERROR') {
    return `Portcullis cannot start: the database refused the user or password (${(error as Error).message}). Check the credentials in DATABASE_URL.`;
  }
  if (code === 'ER_BAD_DB_ERROR') return `Portcullis cannot start: the database named in DATABASE_URL does not exist (${(error as Error).message}). Create it first.`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Portcullis cannot start: the database host in DATABASE_URL is unknown (${(error as Error).message}).`;
  if (code === 'ENOSPC') return `Portcullis cannot start: the disk is full (${(error as Error).message}).`;
  if (code === 'SQLITE_CANTOPEN') return `Portcullis cannot start: the SQLite file cannot be opened (${(error as Error).message}). Check PORTCULLIS_DATA_DIR and its permissions.`;
  return `Portcullis cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

function fail(message: string, exitCode = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(exitCode);
}


void main(process.argv.slice(2));
