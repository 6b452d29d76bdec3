import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assertPasswordFilePathSafe, writePasswordFile } from './initial-password-file';
import { assertPortBindable } from './port-probe';
import { type FastifyInstance } from 'fastify';
import { type RouteTable } from '../../application/guard/route-table';
import { aclSourcesOf, integrationDeclarationsOf, routeTableOf } from './settings-files';
import { type ConfigSyncSummary } from '../../application/config-sync/sync-config-integrations.use-case';
import { type IntegrationDeclarationPart } from '../../application/config-sync/config-declarations';
import { ACL_TREE_PROVIDER, type AclTreeProvider } from '../../application/ports/acl-tree.port';
import { type AclResourceDefinition, type AclResourceSource } from '../../domain/acl/acl-resource-tree';
import { PORTCULLIS_ACL_SOURCE } from '../../domain/acl/portcullis-resources';
import { buildHttpApp } from '../../adapters/http/http-app';
import { type PortcullisConfig } from '../config';
import { openRuntime, startAuditRetention, startOAuthLeftoversPurge, startUsageFlush, type PortcullisRuntime } from '../create-portcullis';
import { METRICS } from '../container/tokens';
import { type PrometheusMetrics } from '../../adapters/metrics/prometheus-metrics';
import { type HttpMetrics } from '../../adapters/http/routes/metrics.routes';
import { UsageCounter, type UsageFlushResult } from '../../application/usage/usage-counter';
import { useCaseRegistryOf } from '../container/use-case-registry.factory';
import { type UseCaseRegistry } from '../../application/use-case-registry';
import { runtimeOptionsOf } from './runtime-options';
import { DEFAULT_METRICS_MODE, type ServerConfig } from './server-config';

export const INITIAL_PASSWORD_FILE = 'initial-admin-password';

/** The package root, from src/infrastructure/server (tests) or dist/infrastructure/server. */
const PACKAGE_ROOT = join(__dirname, '..', '..', '..');

/** The admin web UI: static files from web/admin/public, browser modules compiled to dist/admin-ui. */
export const ADMIN_UI_FILES = {
  publicDir: join(PACKAGE_ROOT, 'web', 'admin', 'public'),
  scriptsDir: join(PACKAGE_ROOT, 'dist', 'admin-ui'),
} as const;

export interface RunningServer {
  readonly app: FastifyInstance;
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  /** Set on the first start, when `admin` was created. */
  readonly initialAdmin?: { readonly username: string; readonly password: string; readonly passwordFile: string };
  /**
   * Writes the calls counted so far now, instead of at the next flush (every USAGE_FLUSH_SECONDS,
   * and at close). Never rejects: the result says how many integrations' counts were kept.
   */
  flushUsage(): Promise<UsageFlushResult>;
  /** Stops taking requests, lets in-flight ones finish, writes the counted calls, then closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Lines for the operator (the first-start banner); default stdout. */
  readonly print?: (text: string) => void;
  /** Overrides of technical ports for tests (clock, password hasher…). */
  readonly overrides?: Pick<PortcullisConfig, 'clock' | 'random' | 'ids' | 'passwordHasher' | 'tokenExchange' | 'aclResources'>;
  /** Pino destination stream for the logs (tests); default stdout. */
  readonly logStream?: NodeJS.WritableStream;
  readonly version?: string;
}

/** Opens the database (migrating it), creates the first admin if needed, and listens. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  // A port in use stops the start before anything is created (a first start leaves no data dir behind).
  await assertPortBindable(config.host, config.port);
  // Read before the database is opened: a bad file stops the start at once, naming it.
  assertPasswordFilePathSafe(join(config.dataDir, INITIAL_PASSWORD_FILE));
  const routeTable = config.webapiXml !== undefined ? routeTableOf(config.webapiXml) : undefined;
  const aclResources = config.aclFiles !== undefined ? aclSourcesOf(config.aclFiles) : undefined;
  const declared = config.integrationFiles !== undefined ? integrationDeclarationsOf(config.integrationFiles) : undefined;
  const runtime = await openRuntime({ ...runtimeOptionsOf(config, aclResources), ...options.overrides });

  try {
    return await listen(runtime, config, options, routeTable, aclResources, declared);
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

/** The configured integration files, read before the database is opened. */
interface DeclaredIntegrations {
  readonly parts: readonly IntegrationDeclarationPart[];
  readonly files: readonly string[];
}

async function listen(
  runtime: PortcullisRuntime,
  config: ServerConfig,
  options: StartOptions,
  routeTable: RouteTable | undefined,
  aclResources: readonly AclResourceSource[] | undefined,
  declared: DeclaredIntegrations | undefined,
): Promise<RunningServer> {
  const useCases = useCaseRegistryOf(runtime.container);
  const metrics = httpMetricsOf(runtime.container.get<PrometheusMetrics | null>(METRICS), config);
  const app = buildHttpApp(useCases, {
    logger: { level: config.logLevel, ...(options.logStream !== undefined ? { stream: options.logStream } : {}) },
    isUnavailable: (error) => runtime.isUnavailable(error),
    checkReady: () => runtime.ping(),
    trustProxy: config.trustProxy,
    ...(config.publicBaseUrl !== undefined ? { publicBaseUrl: config.publicBaseUrl } : {}),
    ...(routeTable !== undefined ? { routeTable } : {}),
    version: options.version ?? '0.0.0',
    ...(config.adminUi !== false ? { adminUi: ADMIN_UI_FILES } : {}),
    ...(metrics !== undefined ? { metrics } : {}),
  });
  const print = options.print ?? ((text: string) => process.stdout.write(text));
  // The first admin's password is shown and stored before anything else can fail (the port taken
  // since it was probed, say): a password never shown would leave an admin nobody can sign in as.
  const initial = await useCases.adminAuth.ensureInitialAdmin.execute();
  let initialAdmin: RunningServer['initialAdmin'];
  const passwordFile = join(config.dataDir, INITIAL_PASSWORD_FILE);
  if (initial.created) {
    const problem = writePasswordFile(passwordFile, initial.password);
    const baseUrl = config.publicBaseUrl ?? `http://${config.host}:${config.port}`;
    print(banner(baseUrl, initial.username, initial.password, problem === null ? passwordFile : null, problem, config.adminUi !== false));
    initialAdmin = { username: initial.username, password: initial.password, passwordFile };
  } else if (existsSync(passwordFile)) {
    print(`Portcullis: ${passwordFile} still holds the initial admin password; change the password and delete the file.\n`);
  }
  logConfigFiles(app, runtime.container.get<AclTreeProvider>(ACL_TREE_PROVIDER).current().size, aclResources, declared);
  if (declared !== undefined) {
    // Like Magento's setup:upgrade, at every start; a failure stops the start with nothing changed.
    const summary = await useCases.config.sync.execute({ declarations: declared.parts });
    logSync(app, summary, declared);
  }
  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('[::1]', 'localhost');
  const housekeeping = startHousekeeping(useCases, runtime, app);
  const usage = startUsageFlush(runtime.container, (result) => logUnwrittenUsage(app, result, 'they are kept for the next flush'));
  const counter = runtime.container.get(UsageCounter);
  let closing: Promise<void> | undefined;
  return {
    app,
    url,
    ...(initialAdmin !== undefined ? { initialAdmin } : {}),
    flushUsage: () => counter.flush(),
    close: () =>
      (closing ??= (async () => {
        for (const timer of housekeeping) clearInterval(timer);
        try {
          await app.close();
          // After the last request: every call it counted is written.
          const last = await usage.stop();
          if (last.failed > 0) logUnwrittenUsage(app, last, 'they are lost');
        } finally {
          await runtime.close();
        }
      })()),
  };
}

/** GET /metrics as METRICS says (default admin); undefined when off (then nothing was collected either). */
function httpMetricsOf(metrics: PrometheusMetrics | null, config: ServerConfig): HttpMetrics | undefined {
  const mode = config.metrics ?? DEFAULT_METRICS_MODE;
  if (metrics === null || mode === 'off') return undefined;
  return {
    mode,
    contentType: metrics.contentType,
    text: () => metrics.text(),
    adminRequest: (method, route, status) => metrics.adminRequest(method, route, status),
  };
}

/** A warning naming how many integrations' counts a flush could not write, and why (the error's type and code only). */
function logUnwrittenUsage(app: FastifyInstance, result: UsageFlushResult, fate: string): void {
  const error = result.error as { name?: unknown; code?: unknown } | undefined;
  app.log.warn({ integrations: result.failed, err: { type: error?.name, code: error?.code } }, `could not write the calls counted for ${result.failed} integration(s): ${fate}`);
}




/**
 * What came from which file: the resources of the ACL tree and the integration declarations, one
 * info line each with the count per file, so that a file that went missing shows in the log.
 */
function logConfigFiles(app: FastifyInstance, treeSize: number, aclResources: readonly AclResourceSource[] | undefined, declared: DeclaredIntegrations | undefined): void {
  const own = countDefinitions(PORTCULLIS_ACL_SOURCE.resources);
  if (aclResources === undefined) {
    app.log.info({ resources: treeSize }, `ACL: ${treeSize} resources, Portcullis's own only (PORTCULLIS_ACL_FILES is not set)`);
  } else {
    const files = aclResources.map((source) => ({ file: source.name, resources: countDefinitions(source.resources) }));
    app.log.info(
      { resources: treeSize, files },
      `ACL: ${treeSize} resources, ${treeSize - own} from ${files.length} file(s) and ${own} of Portcullis's own: ${perFileList(files.map((entry) => `${entry.file} (${entry.resources})`))}`,
    );
  }
  if (declared === undefined) return;
  const perFile = new Map<string, Set<string>>(declared.files.map((file) => [file, new Set<string>()]));
  for (const part of declared.parts) perFile.get(part.name.location.file)?.add(part.name.value.trim().toLowerCase());
  const files = [...perFile].map(([file, names]) => ({ file, integrations: names.size }));
  const total = new Set(declared.parts.map((part) => part.name.value.trim().toLowerCase())).size;
  app.log.info(
    { integrations: total, files },
    `config integrations: ${total} declared in ${files.length} file(s): ${perFileList(files.map((entry) => `${entry.file} (${entry.integrations})`))}`,
  );
}

/** The first files in a log message (all of them are in its `files` field). */
function perFileList(entries: readonly string[]): string {
  const shown = 10;
  return entries.length > shown ? `${entries.slice(0, shown).join(', ')}, … and ${entries.length - shown} more` : entries.join(', ');
}

function countDefinitions(definitions: readonly AclResourceDefinition[]): number {
  let count = 0;
  const pending = [...definitions];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    count += 1;
    pending.push(...(next.children ?? []));
  }
  return count;
}

/** One info line with the counts and names; a warning for each reset or orphaned integration. */
function logSync(app: FastifyInstance, summary: ConfigSyncSummary, declared: DeclaredIntegrations): void {
  app.log.info(
    {
      files: declared.files.length,
      created: summary.created,
      updated: summary.updated.map((entry) => entry.name),
      reset: summary.reset.map((entry) => entry.name),
      unchanged: summary.unchanged.length,
      orphaned: summary.orphaned,
    },
    `config integrations synced: ${summary.created.length} created, ${summary.updated.length} updated, ${summary.reset.length} reset, ${summary.unchanged.length} unchanged, ${summary.orphaned.length} orphaned`,
  );
  for (const { name, reason } of summary.reset) {
    app.log.warn({ integration: name, reason }, `config integration "${name}" was reset and must be activated again by an admin: ${reason}`);
  }
  for (const name of summary.orphaned) {
    app.log.warn({ integration: name }, `config integration "${name}" is no longer declared in any file: deactivated (delete it, or run portcullis config:sync --prune)`);
  }
}

/**
 * Every hour, expired admin tokens are deleted; at least once per timestamp window, nonces older
 * than it and abandoned handshake tokens (startOAuthLeftoversPurge); with AUDIT_RETENTION_DAYS, at
 * start and every hour, audit entries older than that (startAuditRetention). A failure (database
 * down) is logged and retried next time.
 */
function startHousekeeping(useCases: UseCaseRegistry, runtime: PortcullisRuntime, app: FastifyInstance): NodeJS.Timeout[] {
  const purgeAdminTokens = useCases.adminAuth.purgeExpiredTokens;
  const failed = (what: string) => (error: unknown) =>
    app.log.warn({ err: { type: (error as Error).name, code: (error as { code?: unknown }).code } }, `could not delete ${what}`);
  const timer = setInterval(() => {
    purgeAdminTokens.execute().then(({ deleted }) => app.log.debug({ deleted }, 'expired admin tokens deleted'), failed('expired admin tokens'));
  }, HOUSEKEEPING_INTERVAL_MS);
  timer.unref();
  const oauth = startOAuthLeftoversPurge(runtime.container, failed('old nonces and handshake tokens'), (purged) =>
    app.log.debug(purged, 'old nonces and abandoned handshake tokens deleted'),
  );
  const audit = startAuditRetention(runtime.container, failed('audit entries past AUDIT_RETENTION_DAYS'), ({ pruned }) => {
    if (pruned > 0) app.log.info({ pruned }, `audit trail: ${pruned} entries past the retention deleted (the chain verifies from the last one)`);
  });
  const expiry = startExpiryWarnings(useCases, app);
  return audit === null ? [timer, oauth, expiry] : [timer, oauth, audit, expiry];
}

/**
 * At start and then once a day, a warning per active integration whose credentials expire within
 * the next 7 days (a failure is logged and tried again the next day).
 */
function startExpiryWarnings(useCases: UseCaseRegistry, app: FastifyInstance): NodeJS.Timeout {
  const warn = (): void => {
    useCases.integrations.expiring.execute({ withinDays: EXPIRY_WARNING_DAYS }).then(
      (expiring) => {
        const now = Date.now();
        for (const { id, name, expiresAt } of expiring) {
          const hours = Math.max(1, Math.round((expiresAt.getTime() - now) / 3_600_000));
          const when = hours < 48 ? `${hours} hour${hours === 1 ? '' : 's'}` : `${Math.round(hours / 24)} days`;
          app.log.warn({ integration: name, integrationId: id, expiresAt: expiresAt.toISOString() }, `the credentials of integration "${name}" expire in ${when} (${expiresAt.toISOString()}): reauthorize it or change its expiry`);
        }
      },
      (error: unknown) => app.log.warn({ err: { type: (error as Error).name, code: (error as { code?: unknown }).code } }, 'could not list the credentials that expire soon'),
    );
  };
  const timer = setInterval(warn, EXPIRY_WARNING_INTERVAL_MS);
  timer.unref();
  warn();
  return timer;
}

const EXPIRY_WARNING_DAYS = 7;
const EXPIRY_WARNING_INTERVAL_MS = 86_400_000;

const HOUSEKEEPING_INTERVAL_MS = 3600_000;

function banner(baseUrl: string, username: string, password: string, file: string | null, problem: string | null, webUi: boolean): string {
  return [
    '',
    '================================================================================',
    ' Portcullis first start: an administrator was created.',
    `   username: ${username}`,
    `   password: ${password}`,
    file !== null
      ? ` The password is shown only now; it is also in ${file} (mode 0600).`
      : ` The password is shown only now: keep it (it could not be written to the data directory: ${problem ?? 'unknown'}).`,
    webUi ? ` Sign in at ${baseUrl}/admin (the admin web UI), or for the REST API:` : ' Sign in:',
    `   curl -s -X POST ${baseUrl}/rest/V1/integration/admin/token \\`,
    `     -H 'Content-Type: application/json' -d '{"username":"${username}","password":"<password>"}'`,
    ' Then change the password (PUT /rest/V1/admin-users/<id> with "password" and',
    ' "currentPassword"; see README.md) and delete the file.',
    '================================================================================',
    '',
  ].join('\n');
}
