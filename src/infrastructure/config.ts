import { type Clock } from '../application/ports/clock.port';
import { type PasswordHasher } from '../application/ports/password-hasher.port';
import { type IdGenerator, type RandomSource } from '../application/ports/random-source.port';
import { type HttpPoster } from '../application/ports/http-poster.port';
import { type TokenExchange } from '../application/ports/token-exchange.port';
import { type DomainEventSubscriber, type PortcullisEvent } from '../application/ports/domain-events.port';
import { DEFAULT_OAUTH_SETTINGS, type OAuthSettings } from '../application/oauth/oauth.settings';
import { DEFAULT_GUARD_SETTINGS, type GuardSettings } from '../application/guard/guard.settings';
import { DEFAULT_ADMIN_AUTH_SETTINGS, type AdminAuthSettings } from '../application/use-cases/admin-auth/admin-auth.settings';
import { type LockoutPolicy } from '../domain/admin-session/sign-in-lockout';
import { DEFAULT_AUDIT_SETTINGS, type AuditSettings } from '../application/use-cases/audit/audit.settings';
import { type ScopedActor } from '../application/ports/audit-scope.port';
import { type AclResourceDefinition, type AclResourceSource } from '../domain/acl/acl-resource-tree';
import { InvalidAllowedNetworkError, OutboundAddressPolicy } from '../adapters/outbound-http/outbound-address-policy';
import { DEFAULT_CREDENTIAL_SETTINGS, type CredentialSettings } from '../application/credentials/credential.settings';

/** Everything the composition root needs; each field has a sensible default. */
/** Where Portcullis keeps its data. */
export type DatabaseConfig =
  | 'memory'
  | {
      /** sqlite:<path> (default sqlite:<dataDir>/portcullis.sqlite), mysql://… or mariadb://… */
      readonly url?: string;
      /** Apply pending migrations at start (default true). */
      readonly migrate?: boolean;
    };

export interface PortcullisConfig {
  /** Default `'memory'` (nothing persists); give `{}` for the embedded SQLite file. */
  readonly database?: DatabaseConfig;
  /** Where the SQLite file and its key file live (default ./data). */
  readonly dataDir?: string;
  /** 64 hex characters or base64 of 32 bytes; default PORTCULLIS_SECRET_KEY, then (SQLite only) a key file. */
  readonly secretKey?: string;
  /**
   * The host application's ACL resources: sources (e.g. one per acl.xml file) or one list of
   * definitions. Portcullis's own resources are always added.
   */
  /** Admin bearer tokens' lifetime (default 14400 = 4 h, Magento's default). */
  readonly adminTokenLifetimeSeconds?: number;
  /** Sign-in lock-out (default 6 failures, then 1800 s). */
  readonly signInLockout?: Partial<LockoutPolicy>;
  readonly aclResources?: readonly AclResourceSource[] | readonly AclResourceDefinition[];
  /**
   * The URL third parties reach this Portcullis at (`scheme://host[:port]`, no path). Needed for
   * the OAuth token exchange (`store_base_url`, `success_call_back`) and used to check
   * signatures; without it, integrations that need the handshake cannot be activated.
   */
  readonly publicBaseUrl?: string;
  /**
   * The guard: `integrationBearer` accepts integrations' access tokens as bearer (default false);
   * `usageFlushSeconds` how often the calls counted per integration are written (default 5).
   */
  readonly guard?: Partial<GuardSettings>;
  /**
   * Collect Prometheus metrics (guard decisions and latency, admin API requests, database
   * availability, the process): `Portcullis.metrics` then gives their text (default false; the
   * server turns them on unless `METRICS=off`).
   */
  readonly metrics?: boolean;
  /** OAuth 1.0a behaviour (HMAC-SHA1 switch, timestamp skew, exchange window, callback timeout). */
  readonly oauth?: Partial<OAuthSettings>;
  /**
   * redis://[user:password@]host[:port][/db] or rediss://… (TLS): OAuth nonces are kept in Redis
   * instead of the database, and the guard's cache invalidations reach every other process over
   * pub/sub at once. Default none: the database keeps nonces, other processes see a change within
   * `guard.cacheTtlMs`. While Redis is away, signed calls are answered 503 (docs/scaling.md).
   */
  readonly redisUrl?: string;
  /** Put before every Redis key and channel name (default `portcullis:`), to share one Redis between deployments. */
  readonly redisKeyPrefix?: string;
  /** Technical ports may be replaced (deterministic tests, an embedding host's own services). */
  readonly clock?: Clock;
  readonly random?: RandomSource;
  readonly ids?: IdGenerator;
  readonly passwordHasher?: PasswordHasher;
  readonly tokenExchange?: TokenExchange;
  /**
   * Private destinations the outbound HTTP (the token exchange's credentials POST) may reach:
   * IP addresses, CIDR ranges (`10.0.0.0/8`, `fd00::/8`) or host names. Default none: callback
   * URLs on loopback, private, link-local, unique-local and other non-public addresses are refused,
   * checked on the address connected to, after DNS. Ignored when `httpPoster` is given.
   */
  readonly outboundAllowedNetworks?: readonly string[];
  /** Outbound HTTP of the token exchange (default: node:http, guarded by `outboundAllowedNetworks`). */
  readonly httpPoster?: HttpPoster;
  /**
   * Called with every domain event (`PortcullisEvent`: integration, credential, role, admin user
   * and sign-in events) once its change is committed, after Portcullis's own subscribers, in this
   * order (src/application/ports/domain-events.port.ts).
   */
  readonly eventSubscribers?: readonly DomainEventSubscriber[];
  /**
   * Told when a subscriber throws or rejects; the change stays committed and the call succeeds.
   * Default: a process warning (`PORTCULLIS_EVENT_SUBSCRIBER_FAILED`) naming the event and the error.
   */
  readonly onEventSubscriberError?: (error: unknown, event: PortcullisEvent) => void;
  /**
   * Audit trail entries older than this many days are deleted by the housekeeping (hourly), the
   * chain staying verifiable from the last one deleted. Default: kept forever.
   */
  readonly auditRetentionDays?: number;
  /**
   * New credentials (activation, reauthorization, a rotated secret) expire this many days after
   * they are issued, unless an integration's own expiry is earlier (1 to 36500; default none).
   */
  readonly credentialsMaxAgeDays?: number;
  /**
   * Who the audit trail names for a call that names no admin (`actor` omitted): default the
   * system; the CLI gives `{ kind: 'cli', osUser }`. A call with `adminActor(id)` names that admin.
   */
  readonly auditActor?: Extract<ScopedActor, { kind: 'system' | 'cli' }>;
}

/**
 * The public base URL without trailing slashes, or undefined when not configured.
 * @throws ConfigError unless it is `http(s)://host[:port]` with no path, query or user info
 */
export function publicBaseUrlOf(config: PortcullisConfig): string | undefined {
  if (config.publicBaseUrl === undefined) return undefined;
  const value = config.publicBaseUrl.replace(/\/+$/, '');
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  const origin =
    url !== null &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.hostname !== '' &&
    url.username === '' &&
    url.password === '' &&
    url.pathname === '/' &&
    !/[?#\s]/.test(value);
  if (!origin) throw new ConfigError(`"publicBaseUrl" must be http(s)://host[:port] with no path, query or user info, not "${config.publicBaseUrl}".`);
  return value;
}

/** Where Redis is and the prefix of Portcullis's keys and channels in it. */
export interface RedisSettings {
  readonly url: string;
  readonly keyPrefix: string;
}

export const DEFAULT_REDIS_KEY_PREFIX = 'portcullis:';

/**
 * The Redis settings, or undefined without `redisUrl`.
 * @throws ConfigError for a URL that is not redis:// or rediss:// (the value is not repeated: it may hold a password), or a bad prefix
 */
export function redisSettingsOf(config: PortcullisConfig): RedisSettings | undefined {
  if (config.redisUrl === undefined) return undefined;
  checkRedisUrl(config.redisUrl, '"redisUrl"');
  const keyPrefix = config.redisKeyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
  checkRedisKeyPrefix(keyPrefix, '"redisKeyPrefix"');
  return { url: config.redisUrl, keyPrefix };
}

/**
 * @param source how the setting is named to the operator (`REDIS_URL`, `"redisUrl"`)
 * @throws ConfigError unless `value` is redis://[user:password@]host[:port][/db] or rediss://…, never quoting it
 */
export function checkRedisUrl(value: unknown, source: string): void {
  let url: URL | null = null;
  try {
    url = typeof value === 'string' && !/\s/.test(value) ? new URL(value) : null;
  } catch {
    url = null;
  }
  const valid = url !== null && (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '' && /^\/?(\d{1,2})?$/.test(url.pathname) && url.hash === '';
  if (!valid) throw new ConfigError(`${source} must be redis://[user:password@]host[:port][/db] or rediss://… (the value is not shown: it may hold a password).`);
}

/** @throws ConfigError unless `value` is 1 to 64 letters, digits or `:_-.` */
export function checkRedisKeyPrefix(value: unknown, source: string): void {
  if (typeof value !== 'string' || !/^[A-Za-z0-9:_.-]{1,64}$/.test(value)) {
    throw new ConfigError(`${source} must be 1 to 64 letters, digits or ":_-.", not ${JSON.stringify(value)}.`);
  }
}

/** The longest wait between usage flushes: counts of a process that dies are lost since its last flush. */
export const MAX_USAGE_FLUSH_SECONDS = 60;

/** @throws ConfigError for a value of the wrong type or out of range. */
export function guardSettingsOf(config: PortcullisConfig): GuardSettings {
  const integrationBearer = config.guard?.integrationBearer ?? DEFAULT_GUARD_SETTINGS.integrationBearer;
  if (typeof integrationBearer !== 'boolean') throw new ConfigError(`"guard.integrationBearer" must be true or false, not ${String(integrationBearer)}.`);
  const interval = config.guard?.lastUsedIntervalSeconds ?? DEFAULT_GUARD_SETTINGS.lastUsedIntervalSeconds;
  if (!Number.isInteger(interval) || interval < 1) throw new ConfigError(`"guard.lastUsedIntervalSeconds" must be a whole number of at least 1, not ${String(interval)}.`);
  const cacheTtlMs = config.guard?.cacheTtlMs ?? DEFAULT_GUARD_SETTINGS.cacheTtlMs;
  if (!Number.isInteger(cacheTtlMs) || cacheTtlMs < 0 || cacheTtlMs > 1000) {
    throw new ConfigError(`"guard.cacheTtlMs" must be a whole number from 0 to 1000 (the promised staleness bound), not ${String(cacheTtlMs)}.`);
  }
  const usageFlushSeconds = config.guard?.usageFlushSeconds ?? DEFAULT_GUARD_SETTINGS.usageFlushSeconds;
  if (!Number.isInteger(usageFlushSeconds) || usageFlushSeconds < 1 || usageFlushSeconds > MAX_USAGE_FLUSH_SECONDS) {
    throw new ConfigError(`"guard.usageFlushSeconds" must be a whole number from 1 to ${MAX_USAGE_FLUSH_SECONDS}, not ${String(usageFlushSeconds)}.`);
  }
  return { integrationBearer, lastUsedIntervalSeconds: interval, cacheTtlMs, usageFlushSeconds };
}

/** @throws ConfigError unless `metrics` is absent, true or false */
export function metricsOn(config: PortcullisConfig): boolean {
  const metrics: unknown = config.metrics ?? false;
  if (typeof metrics !== 'boolean') throw new ConfigError(`"metrics" must be true or false, not ${String(metrics)}.`);
  return metrics;
}

/** @throws ConfigError for a value out of range or of the wrong type. */
export function oauthSettingsOf(config: PortcullisConfig): OAuthSettings {
  const given = config.oauth ?? {};
  const d = DEFAULT_OAUTH_SETTINGS;
  const whole = (name: keyof OAuthSettings, min: number): number => {
    const value = given[name] ?? d[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new ConfigError(`"oauth.${name}" must be a whole number of at least ${min}, not ${String(value)}.`);
    }
    return value;
  };
  const allowSha1 = given.allowSha1 ?? d.allowSha1;
  if (typeof allowSha1 !== 'boolean') throw new ConfigError(`"oauth.allowSha1" must be true or false, not ${String(allowSha1)}.`);
  return {
    allowSha1,
    timestampSkewSeconds: whole('timestampSkewSeconds', 1),
    exchangeWindowSeconds: whole('exchangeWindowSeconds', 1),
    callbackTimeoutMs: whole('callbackTimeoutMs', 1),
    unfinishedTokenLifetimeSeconds: whole('unfinishedTokenLifetimeSeconds', 1),
  };
}

/** @throws ConfigError naming an entry of `outboundAllowedNetworks` that is no address, range or host name */
export function outboundAddressPolicyOf(config: PortcullisConfig): OutboundAddressPolicy {
  const entries = config.outboundAllowedNetworks ?? [];
  if (!Array.isArray(entries) || !entries.every((entry) => typeof entry === 'string')) {
    throw new ConfigError('"outboundAllowedNetworks" must be a list of IP addresses, CIDR ranges or host names.');
  }
  try {
    return OutboundAddressPolicy.allowing(entries);
  } catch (error) {
    if (error instanceof InvalidAllowedNetworkError) throw new ConfigError(`"outboundAllowedNetworks": ${error.message}.`);
    throw error;
  }
}

export function aclSourcesOf(config: PortcullisConfig): readonly AclResourceSource[] {
  const given = config.aclResources ?? [];
  if (given.length === 0) return [];
  const isSource = (value: AclResourceSource | AclResourceDefinition): value is AclResourceSource => 'resources' in value;
  return given.every(isSource) ? (given) : [{ name: 'host', resources: given }];
}

/** @throws ConfigError for a lifetime or lock-out value that is not a positive whole number. */
export function adminAuthSettingsOf(config: PortcullisConfig): AdminAuthSettings {
  const positive = (value: number | undefined, fallback: number, name: string): number => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < 1) throw new ConfigError(`"${name}" must be a positive whole number, not ${String(value)}.`);
    return value;
  };
  const d = DEFAULT_ADMIN_AUTH_SETTINGS;
  return {
    tokenLifetimeSeconds: positive(config.adminTokenLifetimeSeconds, d.tokenLifetimeSeconds, 'adminTokenLifetimeSeconds'),
    lockout: {
      maxFailures: positive(config.signInLockout?.maxFailures, d.lockout.maxFailures, 'signInLockout.maxFailures'),
      lockSeconds: positive(config.signInLockout?.lockSeconds, d.lockout.lockSeconds, 'signInLockout.lockSeconds'),
    },
  };
}

/** @throws ConfigError unless `credentialsMaxAgeDays` is absent or a whole number from 1 to 36500. */
export function credentialSettingsOf(config: PortcullisConfig): CredentialSettings {
  const days = optionalDays(config, 'credentialsMaxAgeDays', MAX_CREDENTIALS_AGE_DAYS);
  return days === undefined ? DEFAULT_CREDENTIAL_SETTINGS : { maxAgeDays: days };
}

export const MAX_CREDENTIALS_AGE_DAYS = 36_500;

/** @throws ConfigError unless `auditRetentionDays` is a whole number from 1 to 36500 (100 years). */
export function auditSettingsOf(config: PortcullisConfig): AuditSettings {
  const days = optionalDays(config, 'auditRetentionDays', MAX_AUDIT_RETENTION_DAYS);
  return days === undefined ? DEFAULT_AUDIT_SETTINGS : { retentionDays: days };
}

/** A setting in days: absent, or a whole number from 1 to `max`. @throws ConfigError naming it otherwise */
function optionalDays(config: PortcullisConfig, key: 'credentialsMaxAgeDays' | 'auditRetentionDays', max: number): number | undefined {
  const days: unknown = config[key];
  if (days === undefined) return undefined;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > max) {
    throw new ConfigError(`"${key}" must be a whole number from 1 to ${max}, not ${JSON.stringify(days) ?? typeof days}.`);
  }
  return days;
}

export const MAX_AUDIT_RETENTION_DAYS = 36_500;

/** @throws ConfigError unless `auditActor` is absent, `{ kind: 'system' }` or `{ kind: 'cli', osUser }`. */
export function auditActorOf(config: PortcullisConfig): PortcullisConfig['auditActor'] {
  const actor: unknown = config.auditActor;
  if (actor === undefined) return undefined;
  const { kind, osUser } = (typeof actor === 'object' && actor !== null ? actor : {}) as { kind?: unknown; osUser?: unknown };
  if (kind === 'system') return { kind };
  if (kind === 'cli' && (osUser === null || typeof osUser === 'string')) return { kind, osUser };
  throw new ConfigError('"auditActor" must be { kind: "system" } or { kind: "cli", osUser: <name or null> }.');
}

/** @throws ConfigError unless `eventSubscribers` is a list of functions. */
export function eventSubscribersOf(config: PortcullisConfig): readonly DomainEventSubscriber[] {
  const given: unknown = config.eventSubscribers ?? [];
  if (!Array.isArray(given) || !given.every((subscriber) => typeof subscriber === 'function')) {
    throw new ConfigError('"eventSubscribers" must be a list of functions, each called with an event.');
  }
  return given as readonly DomainEventSubscriber[];
}

/**
 * The handler of subscriber failures: the configured one, or a process warning that names the
 * event and the error (never the event's payload).
 * @throws ConfigError when `onEventSubscriberError` is given and is not a function
 */
export function eventSubscriberErrorHandlerOf(config: PortcullisConfig): (error: unknown, event: PortcullisEvent) => void {
  const given: unknown = config.onEventSubscriberError;
  if (given === undefined) return warnOfSubscriberFailure;
  if (typeof given !== 'function') throw new ConfigError('"onEventSubscriberError" must be a function, called with the error and the event.');
  return given as (error: unknown, event: PortcullisEvent) => void;
}

function warnOfSubscriberFailure(error: unknown, event: PortcullisEvent): void {
  const reason = error instanceof Error ? error.message : String(error);
  process.emitWarning(`A subscriber to ${event.name} (${event.aggregateId}) failed; the change stays committed: ${reason}`, {
    code: 'PORTCULLIS_EVENT_SUBSCRIBER_FAILED',
  });
}

/** A configuration value Portcullis cannot start with. */
export class ConfigError extends Error {
  readonly code = 'CONFIG.INVALID';
}
