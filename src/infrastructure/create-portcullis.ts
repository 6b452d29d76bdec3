import { type Container } from 'inversify';
import { type AuthorizeRequest } from '../application/guard/authorize-request.use-case';
import { OAUTH_SETTINGS, type OAuthSettings } from '../application/oauth/oauth.settings';
import { type PurgeOAuthLeftoversResult } from '../application/oauth/purge-oauth-leftovers.use-case';
import { type PruneAuditEntriesResult } from '../application/use-cases/audit/prune-audit-entries.use-case';
import { AUDIT_SETTINGS, type AuditSettings } from '../application/use-cases/audit/audit.settings';
import { ACL_TREE_PROVIDER, type AclTreeProvider } from '../application/ports/acl-tree.port';
import { CLOCK, type Clock } from '../application/ports/clock.port';
import { type AclResourceTree } from '../domain/acl/acl-resource-tree';
import { join, resolve } from 'node:path';
import { openPersistence, type Persistence } from '../adapters/persistence/persistence';
import { parseDatabaseUrl } from '../adapters/persistence/database-url';
import { isDatabaseUnavailable } from '../adapters/persistence/connection-errors';
import { boundFastifyPlugin, type PortcullisFastifyPlugin } from '../adapters/fastify-guard/portcullis-fastify-plugin';
import { portcullisExpress, type PortcullisExpress } from '../adapters/express-guard/portcullis-express';
import { publicBaseUrlOf, redisSettingsOf, type PortcullisConfig, type RedisSettings } from './config';
import { RedisConnections } from '../adapters/redis/redis-connections';
import { RedisCacheInvalidation } from '../adapters/redis/redis-cache-invalidation';
import { RedisRateLimiter } from '../adapters/redis/redis-rate-limiter';
import { RedisNonceRepository } from '../adapters/redis/redis-nonce.repository';
import { isRedisUnavailable } from '../adapters/redis/redis-errors';
import { type CacheClearing } from '../adapters/cache/read-through-cache';
import { redisModule } from './container/redis.module';
import { GUARD_CACHE_CLEARING } from './container/tokens';
import { buildContainer } from './container/build-container';
import { useCaseRegistryOf } from './container/use-case-registry.factory';
import { type UseCaseRegistry } from '../application/use-case-registry';
import { UsageCounter, type UsageFlushResult } from '../application/usage/usage-counter';
import { GUARD_SETTINGS, type GuardSettings } from '../application/guard/guard.settings';
import { METRICS } from './container/tokens';
import { type PrometheusMetrics } from '../adapters/metrics/prometheus-metrics';
import { persistenceModule } from './container/persistence.module';
import { resolveSecretCipher } from './secret-key';

type Run<T extends { execute: (...args: never[]) => unknown }> = T['execute'];
type Runs<G, K extends keyof G> = { readonly [P in K]: G[P] extends { execute: (...args: never[]) => unknown } ? Run<G[P]> : never };

/** The use cases of Portcullis, grouped as an embedding backend uses them (from `UseCaseRegistry`). */
export interface Portcullis {
  readonly integrations: Runs<UseCaseRegistry['integrations'], keyof UseCaseRegistry['integrations']>;
  /** `list`: every role; `page`: one page of the User Roles grid. */
  readonly roles: Runs<UseCaseRegistry['roles'], keyof UseCaseRegistry['roles']>;
  /** `list`: every admin user; `page`: one page of All Users (role names, sign-in locks); `unlock`. */
  readonly adminUsers: Runs<UseCaseRegistry['adminUsers'], keyof UseCaseRegistry['adminUsers']>;
  /**
   * Admin sign-in with lock-out, bearer tokens, and the check an admin route makes;
   * `ensureInitialAdmin` creates `admin` (and the Administrators role) when there is no admin user at all.
   */
  readonly adminAuth: Runs<UseCaseRegistry['adminAuth'], 'signIn' | 'signOut' | 'authorize' | 'verifyCurrentPassword' | 'ensureInitialAdmin'>;
  /**
   * Configuration as code: brings the config integrations in line with declarations read from
   * integration.xml / config.xml + api.xml / JSON files (`loadIntegrationDeclarations`).
   */
  readonly config: Runs<UseCaseRegistry['config'], 'sync'>;
  readonly acl: Runs<UseCaseRegistry['acl'], 'tree' | 'effectivePermissions'>;
  /**
   * The audit trail: `list` (filtered, paged, newest first), `history` of one integration,
   * `verify` the hash chain, `export` from a time on (an async iterable, in order), `prune` by the
   * retention (`auditRetentionDays`; the housekeeping runs it hourly).
   */
  readonly audit: Runs<UseCaseRegistry['audit'], 'list' | 'history' | 'verify' | 'export' | 'prune'>;
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
  /**
   * Writes the calls counted in this process (allowed, refused by reason, per integration and
   * hour) now, instead of at the next flush (every `guard.usageFlushSeconds`, and at `close`).
   * Never rejects: counts that could not be written are kept for the next flush, and the result
   * says how many integrations' counts failed.
   */
  flushUsage(): Promise<UsageFlushResult>;
  /**
   * The Prometheus metrics when `metrics: true` (docs/architecture.md, "Usage and metrics"):
   * serve `await text()` with `contentType` on a route of your own. Undefined otherwise.
   */
  readonly metrics?: { readonly contentType: string; text(): Promise<string> };
  /**
   * Stops the usage flush timer and writes what is still counted, then closes the database (a
   * no-op in memory) and the connections to Redis.
   */
  close(): Promise<void>;
}

export type PortcullisOptions = PortcullisConfig;

export const DEFAULT_DATA_DIR = 'data';
export const DEFAULT_SQLITE_FILE = 'portcullis.sqlite';

/**
 * Portcullis with its use cases wired. `database` defaults to `'memory'`; `{}` gives the embedded
 * SQLite file under the data directory; `{ url: 'mysql://…' }` a server database. Migrations run
 * at open unless `migrate: false`. With `redisUrl`, nonces live in Redis and the guard's cache
 * invalidations reach the other processes over it (docs/scaling.md).
 * @throws at once for an invalid ACL definition, database URL, Redis URL or secret key, or when
 *   the database or Redis does not answer
 */
export async function createPortcullis(options: PortcullisOptions = {}): Promise<Portcullis> {
  const runtime = await openRuntime(options);
  const publicBaseUrl = publicBaseUrlOf(options);
  // Nobody to tell of a failed purge or flush here: the next run tries again.
  const purge = startOAuthLeftoversPurge(runtime.container, () => undefined);
  const usage = startUsageFlush(runtime.container, () => undefined);
  const retention = startAuditRetention(runtime.container, () => undefined);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      clearInterval(purge);
      if (retention !== null) clearInterval(retention);
      try {
        warnOfUnwrittenUsage(await usage.stop());
      } finally {
        await runtime.close();
      }
    })());
  return portcullisFrom(runtime.container, close, {
    ...(publicBaseUrl !== undefined ? { publicBaseUrl } : {}),
    isUnavailable: (error) => runtime.isUnavailable(error),
  });
}

/**
 * Deletes nonces older than the timestamp window and its margin (and abandoned handshake tokens)
 * every min(window, 60 s): so the nonce table holds about rate × (window + 120 s) rows, and each run has
 * little to delete (in short batches, see the nonce repository). Runs never overlap; the timer is
 * unref'd and stopped with clearInterval.
 */
export function startOAuthLeftoversPurge(container: Container, failed: (error: unknown) => void, purged: (result: PurgeOAuthLeftoversResult) => void = () => undefined): NodeJS.Timeout {
  const purge = useCaseRegistryOf(container).oauth.purgeLeftovers;
  const windowSeconds = container.get<OAuthSettings>(OAUTH_SETTINGS).timestampSkewSeconds;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    purge
      .execute()
      .then(purged, failed)
      .finally(() => (running = false));
  }, Math.min(windowSeconds, 60) * 1000);
  timer.unref();
  return timer;
}

/** The usage flush timer: `stop` ends it and writes what is still counted. */
export interface UsageFlush {
  /** Stops the timer, then flushes once more (after a flush under way); resolves with that last flush. */
  stop(): Promise<UsageFlushResult>;
}

/**
 * Writes the calls counted in memory (UsageCounter) every `guard.usageFlushSeconds`: one write per
 * integration per flush. A failed flush keeps its counts for the next (`failed` is told of it);
 * flushes never overlap (the counter runs them one at a time). The timer is unref'd.
 */
export function startUsageFlush(container: Container, failed: (result: UsageFlushResult) => void): UsageFlush {
  const counter = container.get(UsageCounter);
  const seconds = container.get<GuardSettings>(GUARD_SETTINGS).usageFlushSeconds;
  const flush = async (): Promise<UsageFlushResult> => {
    const result = await counter.flush();
    if (result.failed > 0) failed(result);
    return result;
  };
  const timer = setInterval(() => void flush(), seconds * 1000);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return flush();
    },
  };
}

/** At close, counts that could not be written are lost: said once, as a process warning. */
function warnOfUnwrittenUsage(result: UsageFlushResult): void {
  if (result.failed === 0) return;
  const reason = result.error instanceof Error ? result.error.message : String(result.error);
  process.emitWarning(`The calls counted for ${result.failed} integration(s) since the last flush could not be written at close and are lost: ${reason}`, {
    code: 'PORTCULLIS_USAGE_UNWRITTEN',
  });
}

/** How often retention prunes the audit trail. */
export const AUDIT_RETENTION_INTERVAL_MS = 3600_000;

/**
 * With `auditRetentionDays`, prunes the audit trail at once and then hourly (PruneAuditEntries:
 * batches of short transactions, the chain kept verifiable from the anchor); null without it.
 * Runs never overlap; the timer is unref'd and stopped with clearInterval.
 */
export function startAuditRetention(container: Container, failed: (error: unknown) => void, pruned: (result: PruneAuditEntriesResult) => void = () => undefined): NodeJS.Timeout | null {
  if (container.get<AuditSettings>(AUDIT_SETTINGS).retentionDays === null) return null;
  const prune = useCaseRegistryOf(container).audit.prune;
  let running = false;
  const run = (): void => {
    if (running) return;
    running = true;
    prune
      .execute()
      .then(pruned, failed)
      .finally(() => (running = false));
  };
  const timer = setInterval(run, AUDIT_RETENTION_INTERVAL_MS);
  timer.unref();
  run();
  return timer;
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

/**
 * Opens the storage the options ask for and builds the container on it; with `redisUrl`, connects
 * to Redis too (see `withRedis`).
 * @throws RedisUnavailableError when Redis is configured and does not answer (nothing is left open)
 */
export async function openRuntime(options: PortcullisOptions = {}): Promise<PortcullisRuntime> {
  const redis = redisSettingsOf(options);
  const storage = await openStorage(options);
  const runtime = redis === undefined ? storage : await withRedis(storage, redis);
  // portcullis_database_up pings the storage (and Redis) at each scrape.
  runtime.container.get<PrometheusMetrics | null>(METRICS)?.watchDatabase(() => runtime.ping());
  return runtime;
}

async function openStorage(options: PortcullisOptions): Promise<PortcullisRuntime> {
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

/**
 * The runtime with nonces and rate-limit buckets in Redis and the guard's invalidations published over it
 * (redis.module.ts); this process empties its cache on the others' invalidations. Ready, and
 * closed, with Redis as with the storage; a Redis failure counts as unavailable (503).
 */
async function withRedis(storage: PortcullisRuntime, settings: RedisSettings): Promise<PortcullisRuntime> {
  let connections: RedisConnections | undefined;
  try {
    connections = await RedisConnections.open(settings.url);
    const nonces = await RedisNonceRepository.open(connections.commands, {
      keyPrefix: settings.keyPrefix,
      timestampSkewSeconds: storage.container.get<OAuthSettings>(OAUTH_SETTINGS).timestampSkewSeconds,
      clock: storage.container.get<Clock>(CLOCK),
    });
    const invalidation = new RedisCacheInvalidation(connections.commands, connections.subscriber, `${settings.keyPrefix}guard-invalidation`);
    const rateLimiter = new RedisRateLimiter(connections.commands, { keyPrefix: settings.keyPrefix });
    storage.container.loadSync(redisModule(nonces, invalidation, rateLimiter, (error) => storage.isUnavailable(error) || isRedisUnavailable(error)));
    const clearing = storage.container.get<CacheClearing>(GUARD_CACHE_CLEARING);
    await invalidation.listen(() => clearing.clear());
  } catch (error) {
    await connections?.close();
    await storage.close();
    throw error;
  }
  const redis = connections;
  return {
    container: storage.container,
    ping: async () => {
      await storage.ping();
      await redis.ping();
    },
    isUnavailable: (error) => storage.isUnavailable(error) || isRedisUnavailable(error),
    close: async () => {
      try {
        await storage.close();
      } finally {
        await redis.close();
      }
    },
  };
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
  const registry = useCaseRegistryOf(container);
  const run = <T extends { execute: (...args: never[]) => unknown }>(useCase: T): T['execute'] => useCase.execute.bind(useCase);
  const { integrations, roles, adminUsers, adminAuth, config, acl, audit } = registry;
  const authorize = run(registry.guard.authorize);
  const counter = container.get(UsageCounter);
  const metrics = container.get<PrometheusMetrics | null>(METRICS);
  // The guards check route declarations against this Portcullis's tree, as it is when they check.
  const aclTree = (): AclResourceTree => container.get<AclTreeProvider>(ACL_TREE_PROVIDER).current();
  return {
    integrations: {
      create: run(integrations.create),
      update: run(integrations.update),
      delete: run(integrations.delete),
      get: run(integrations.get),
      list: run(integrations.list),
      activate: run(integrations.activate),
      reauthorize: run(integrations.reauthorize),
      credentials: run(integrations.credentials),
      revoke: run(integrations.revoke),
      rotateSecret: run(integrations.rotateSecret),
      expiring: run(integrations.expiring),
      usage: run(integrations.usage),
    },
    roles: { create: run(roles.create), update: run(roles.update), delete: run(roles.delete), get: run(roles.get), list: run(roles.list), page: run(roles.page) },
    adminUsers: {
      create: run(adminUsers.create),
      update: run(adminUsers.update),
      delete: run(adminUsers.delete),
      get: run(adminUsers.get),
      list: run(adminUsers.list),
      page: run(adminUsers.page),
      unlock: run(adminUsers.unlock),
    },
    adminAuth: {
      signIn: run(adminAuth.signIn),
      signOut: run(adminAuth.signOut),
      authorize: run(adminAuth.authorize),
      verifyCurrentPassword: run(adminAuth.verifyCurrentPassword),
      ensureInitialAdmin: run(adminAuth.ensureInitialAdmin),
    },
    config: { sync: run(config.sync) },
    acl: { tree: run(acl.tree), effectivePermissions: run(acl.effectivePermissions) },
    audit: { list: run(audit.list), history: run(audit.history), verify: run(audit.verify), export: run(audit.export), prune: run(audit.prune) },
    guard: { authorize },
    fastify: { plugin: boundFastifyPlugin({ authorize, aclTree, ...edge }) },
    express: portcullisExpress(authorize, { ...edge, aclTree }),
    flushUsage: () => counter.flush(),
    ...(metrics !== null ? { metrics: { contentType: metrics.contentType, text: () => metrics.text() } } : {}),
    close,
  };
}
