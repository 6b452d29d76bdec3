import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidAllowedNetworkError, OutboundAddressPolicy } from '../../adapters/outbound-http/outbound-address-policy';
import { checkRedisKeyPrefix, checkRedisUrl, ConfigError, MAX_AUDIT_RETENTION_DAYS, MAX_CREDENTIALS_AGE_DAYS, MAX_USAGE_FLUSH_SECONDS } from '../config';
import { DEFAULT_DATA_DIR } from '../create-portcullis';

/** Everything the standalone server reads at start. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** How clients reach the server (behind a proxy); used in links and the OpenAPI document. */
  readonly publicBaseUrl?: string;
  /** Default: the embedded SQLite file under the data directory. */
  readonly databaseUrl?: string;
  /** Nonces in Redis and the guard's invalidations over pub/sub (default none: all in the database). */
  readonly redisUrl?: string;
  /** Before every Redis key and channel (default `portcullis:`). */
  readonly redisKeyPrefix?: string;
  readonly dataDir: string;
  readonly secretKey?: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly trustProxy: boolean;
  /** Serve the admin web UI at /admin (default true). */
  readonly adminUi?: boolean;
  readonly adminTokenLifetimeSeconds?: number;
  readonly signInLockout?: { readonly maxFailures?: number; readonly lockSeconds?: number };
  /**
   * Files and globs declaring the host API's resources, merged by id: Magento acl.xml, or JSON
   * trees (`.json`). PORTCULLIS_ACL_FILES, and the older name PORTCULLIS_ACL_XML, together.
   */
  readonly aclFiles?: readonly string[];
  /**
   * Files and globs declaring config integrations (integration.xml, legacy config.xml + api.xml,
   * JSON), synced at start. Unset: config integrations are left as they are.
   */
  readonly integrationFiles?: readonly string[];
  /** Magento webapi.xml files and globs whose route declarations forward-auth uses (absolute paths). */
  readonly webapiXml?: readonly string[];
  /** Accept integrations' access tokens as `Authorization: Bearer` (default false). */
  readonly allowIntegrationBearer?: boolean;
  /**
   * `GET /metrics` (Prometheus): `admin` (default) needs an admin token or an integration's access
   * token as bearer, either granted `Portcullis::metrics`; `public` answers anyone; `off` serves
   * no route and collects nothing.
   */
  readonly metrics?: MetricsMode;
  /** How often the calls counted per integration are written, in seconds (default 5). */
  readonly usageFlushSeconds?: number;
  /**
   * Private destinations the token exchange's credentials POST may reach (IP addresses, CIDR
   * ranges, host names); default none, so callback URLs on private addresses are refused.
   */
  readonly outboundAllowedNetworks?: readonly string[];
  /** Audit trail entries older than this many days are deleted hourly (default: kept forever). */
  readonly auditRetentionDays?: number;
  /** New credentials expire this many days after they are issued (default: only as each integration says). */
  readonly credentialsMaxAgeDays?: number;
  readonly oauth?: {
    readonly allowSha1?: boolean;
    readonly callbackTimeoutMs?: number;
    readonly exchangeWindowSeconds?: number;
    readonly timestampSkewSeconds?: number;
  };
}

export const METRICS_MODES = ['off', 'public', 'admin'] as const;
export type MetricsMode = (typeof METRICS_MODES)[number];
export const DEFAULT_METRICS_MODE: MetricsMode = 'admin';

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';

/** Each setting: its key in the config file and the environment variable that overrides it. */
const ENV_NAMES = {
  port: 'PORT',
  host: 'HOST',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  databaseUrl: 'DATABASE_URL',
  redisUrl: 'REDIS_URL',
  redisKeyPrefix: 'REDIS_KEY_PREFIX',
  dataDir: 'PORTCULLIS_DATA_DIR',
  secretKey: 'PORTCULLIS_SECRET_KEY',
  logLevel: 'LOG_LEVEL',
  trustProxy: 'TRUST_PROXY',
  adminUi: 'ADMIN_UI',
  adminTokenLifetimeSeconds: 'ADMIN_TOKEN_LIFETIME_SECONDS',
  allowIntegrationBearer: 'ALLOW_INTEGRATION_BEARER',
  aclFiles: 'PORTCULLIS_ACL_FILES',
  aclXml: 'PORTCULLIS_ACL_XML',
  integrationFiles: 'PORTCULLIS_INTEGRATION_FILES',
  webapiXml: 'PORTCULLIS_WEBAPI_XML',
  oauthAllowSha1: 'OAUTH_ALLOW_SHA1',
  oauthCallbackTimeoutMs: 'OAUTH_CALLBACK_TIMEOUT_MS',
  oauthExchangeWindowSeconds: 'OAUTH_EXCHANGE_WINDOW_SECONDS',
  oauthTimestampSkewSeconds: 'OAUTH_TIMESTAMP_SKEW_SECONDS',
  outboundAllowedNetworks: 'OUTBOUND_ALLOWED_NETWORKS',
  metrics: 'METRICS',
  usageFlushSeconds: 'USAGE_FLUSH_SECONDS',
  auditRetentionDays: 'AUDIT_RETENTION_DAYS',
  credentialsMaxAgeDays: 'CREDENTIALS_MAX_AGE_DAYS',
} as const;

const FILE_KEYS = new Set<string>([...Object.keys(ENV_NAMES), 'signInLockout']);
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Settings as documented for `--help` and the README. */
export const SETTINGS_HELP = `Settings (environment variable, or key in the JSON file given with --config / PORTCULLIS_CONFIG;
the environment wins):
  PORT                          port (default ${DEFAULT_PORT})                                  [port]
  HOST                          interface to listen on (default ${DEFAULT_HOST}; 0.0.0.0 for all) [host]
  PUBLIC_BASE_URL               scheme://host[:port] clients use to reach this server, e.g.
                                https://auth.example.com: signs OAuth requests, store_base_url
                                (default: the request's Host; http://HOST:PORT for the exchange) [publicBaseUrl]
  DATABASE_URL                  sqlite:<file> | mysql://user:pass@host:3306/db | mariadb://…
                                (default sqlite:<data dir>/portcullis.sqlite)                [databaseUrl]
  REDIS_URL                     redis://[user:pass@]host:6379[/db] | rediss://… (TLS): OAuth nonces
                                in Redis, and the guard's cache invalidations reach every server
                                process at once over pub/sub (default none: nonces in the
                                database, other processes see a change within 1 s); while Redis
                                is away, signed calls are answered 503                          [redisUrl]
  REDIS_KEY_PREFIX              before every Redis key and channel (default portcullis:)  [redisKeyPrefix]
  PORTCULLIS_DATA_DIR           data directory (default ./${DEFAULT_DATA_DIR})                         [dataDir]
  PORTCULLIS_SECRET_KEY         64 hex characters encrypting stored secrets; required with MySQL
                                (SQLite keeps a generated key file in the data directory)     [secretKey]
  LOG_LEVEL                     ${LOG_LEVELS.join(' | ')} (default info)       [logLevel]
  TRUST_PROXY                   true to trust X-Forwarded-* headers (default false)           [trustProxy]
  ADMIN_UI                      serve the admin web UI at /admin (default true)                  [adminUi]
  ADMIN_TOKEN_LIFETIME_SECONDS  admin bearer token lifetime (default 14400 = 4 h)  [adminTokenLifetimeSeconds]
  PORTCULLIS_ACL_FILES          files and globs with the host API's resources: Magento acl.xml, or
                                JSON trees (.json); comma-separated (a list in the file), merged
                                by id like Magento's, e.g. vendor/*/etc/acl.xml            [aclFiles]
  PORTCULLIS_ACL_XML            older name of PORTCULLIS_ACL_FILES (both may be given)        [aclXml]
  PORTCULLIS_INTEGRATION_FILES  files and globs declaring config integrations: Magento
                                integration.xml, legacy integration/config.xml + api.xml, or
                                JSON; synced at every start (see portcullis config:sync)   [integrationFiles]
  PORTCULLIS_WEBAPI_XML         Magento webapi.xml files and globs (comma-separated; a list in
                                the file), e.g. vendor/*/etc/webapi.xml: forward-auth takes a
                                route's resources from them when the gateway sends no
                                X-Required-Resources                                         [webapiXml]
  ALLOW_INTEGRATION_BEARER      accept integrations' access tokens as Bearer (default false) [allowIntegrationBearer]
  OAUTH_ALLOW_SHA1              accept HMAC-SHA1 signatures besides HMAC-SHA256 (default true) [oauthAllowSha1]
  OAUTH_CALLBACK_TIMEOUT_MS     timeout of the credentials POST to a callback URL (default 5000) [oauthCallbackTimeoutMs]
  OAUTH_EXCHANGE_WINDOW_SECONDS request token must be asked for within this (default 300) [oauthExchangeWindowSeconds]
  OAUTH_TIMESTAMP_SKEW_SECONDS  allowed oauth_timestamp skew, either way (default 600)   [oauthTimestampSkewSeconds]
  OUTBOUND_ALLOWED_NETWORKS     private destinations callback URLs may reach: IP addresses, CIDR
                                ranges and host names, comma-separated (a list in the file),
                                e.g. 10.20.0.0/16,erp.internal. Default none: loopback, private,
                                link-local and unique-local addresses are refused  [outboundAllowedNetworks]
  METRICS                       GET /metrics (Prometheus): admin (default: an admin token, or an
                                integration's access token as Bearer, granted Portcullis::metrics)
                                | public (no authentication) | off (no route, nothing collected) [metrics]
  USAGE_FLUSH_SECONDS           the calls counted per integration are written this often, 1 to
                                ${MAX_USAGE_FLUSH_SECONDS} (default 5)                                        [usageFlushSeconds]
  AUDIT_RETENTION_DAYS          delete audit trail entries older than this many days, hourly; the
                                chain stays verifiable from the last one deleted (default: keep
                                them forever)                                          [auditRetentionDays]
  CREDENTIALS_MAX_AGE_DAYS      new credentials (activation, reauthorization, a rotated secret)
                                expire this many days after they are issued, unless the
                                integration's own expiry is earlier; 1 to ${MAX_CREDENTIALS_AGE_DAYS}
                                (default: only as each integration says)           [credentialsMaxAgeDays]
  (file only) signInLockout     {"maxFailures": 6, "lockSeconds": 1800}                       [signInLockout]`;

/**
 * Reads the optional JSON file, then the environment over it, and checks every value.
 * @throws ConfigError naming the setting, where it came from and what is expected
 */
export function loadServerConfig(env: NodeJS.ProcessEnv, configFile?: string): ServerConfig {
  const file = configFile ?? env.PORTCULLIS_CONFIG;
  const fromFile = file !== undefined && file !== '' ? readConfigFile(file) : {};
  const raw = (key: keyof typeof ENV_NAMES): { value: unknown; source: string } => {
    const envValue = env[ENV_NAMES[key]];
    if (envValue !== undefined && envValue !== '') return { value: envValue, source: ENV_NAMES[key] };
    return { value: fromFile[key], source: `"${key}" in ${file ?? 'the config file'}` };
  };
  const text = (key: keyof typeof ENV_NAMES): string | undefined => {
    const { value, source } = raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new ConfigError(`${source} must be text.`);
    // Blank means unset, in the file as in the environment.
    return value.trim() === '' ? undefined : value.trim();
  };
  const integer = (key: keyof typeof ENV_NAMES, min: number, max: number): number | undefined => {
    const { value, source } = raw(key);
    if (value === undefined) return undefined;
    const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
      throw new ConfigError(`${source} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}.`);
    }
    return number;
  };
  const boolean = (key: keyof typeof ENV_NAMES): boolean | undefined => {
    const { value, source } = raw(key);
    if (value === undefined || typeof value === 'boolean') return value;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    throw new ConfigError(`${source} must be true or false, not ${JSON.stringify(value)}.`);
  };

  const pathList = (key: keyof typeof ENV_NAMES): string[] | undefined => {
    const { value, source } = raw(key);
    if (value === undefined) return undefined;
    const items = typeof value === 'string' ? splitList(value) : Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value) : null;
    if (items === null) throw new ConfigError(`${source} must be a list of file paths (comma-separated in the environment).`);
    const paths = items.map((item) => item.trim()).filter((item) => item !== '');
    return paths.length === 0 ? undefined : paths.map((path) => resolve(path));
  };

  const networkList = (key: 'outboundAllowedNetworks'): string[] | undefined => {
    const { value, source } = raw(key);
    if (value === undefined) return undefined;
    const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : null;
    if (items === null) throw new ConfigError(`${source} must be a list of IP addresses, CIDR ranges or host names (comma-separated in the environment).`);
    const entries = items.map((item) => item.trim()).filter((item) => item !== '');
    try {
      OutboundAddressPolicy.allowing(entries);
    } catch (error) {
      if (error instanceof InvalidAllowedNetworkError) throw new ConfigError(`${source}: ${error.message}.`);
      throw error;
    }
    return entries.length === 0 ? undefined : entries;
  };

  const logLevel = text('logLevel') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`${raw('logLevel').source} must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}".`);
  }
  const publicBaseUrl = text('publicBaseUrl');
  if (publicBaseUrl !== undefined && !isHttpUrl(publicBaseUrl)) {
    throw new ConfigError(`${raw('publicBaseUrl').source} must be an http:// or https:// URL, not "${publicBaseUrl}".`);
  }
  if (publicBaseUrl !== undefined && !isOrigin(publicBaseUrl.replace(/\/+$/, ''))) {
    throw new ConfigError(
      `${raw('publicBaseUrl').source} must be scheme://host[:port] with no path, query or user info (OAuth signatures are checked against it), not "${publicBaseUrl}".`,
    );
  }
  const databaseUrl = text('databaseUrl');
  const redisUrl = text('redisUrl');
  if (redisUrl !== undefined) checkRedisUrl(redisUrl, raw('redisUrl').source);
  const redisKeyPrefix = text('redisKeyPrefix');
  if (redisKeyPrefix !== undefined) checkRedisKeyPrefix(redisKeyPrefix, raw('redisKeyPrefix').source);
  const secretKey = text('secretKey');
  const lifetime = integer('adminTokenLifetimeSeconds', 60, 365 * 24 * 3600);
  const lockout = lockoutFrom(fromFile.signInLockout, file);
  const allowIntegrationBearer = boolean('allowIntegrationBearer');
  const webapiXml = pathList('webapiXml');
  const aclFiles = [...(pathList('aclFiles') ?? []), ...(pathList('aclXml') ?? [])];
  const integrationFiles = pathList('integrationFiles');
  const outboundAllowedNetworks = networkList('outboundAllowedNetworks');
  const metrics = text('metrics');
  if (metrics !== undefined && !(METRICS_MODES as readonly string[]).includes(metrics)) {
    throw new ConfigError(`${raw('metrics').source} must be one of ${METRICS_MODES.join(', ')}, not "${metrics}".`);
  }
  const usageFlushSeconds = integer('usageFlushSeconds', 1, MAX_USAGE_FLUSH_SECONDS);
  const auditRetentionDays = integer('auditRetentionDays', 1, MAX_AUDIT_RETENTION_DAYS);
  const credentialsMaxAgeDays = integer('credentialsMaxAgeDays', 1, MAX_CREDENTIALS_AGE_DAYS);
  const oauth = definedOnly({
    allowSha1: boolean('oauthAllowSha1'),
    callbackTimeoutMs: integer('oauthCallbackTimeoutMs', 100, 120_000),
    exchangeWindowSeconds: integer('oauthExchangeWindowSeconds', 10, 86_400),
    timestampSkewSeconds: integer('oauthTimestampSkewSeconds', 10, 86_400),
  });
  return {
    port: integer('port', 0, 65535) ?? DEFAULT_PORT,
    host: text('host') || DEFAULT_HOST,
    ...(publicBaseUrl !== undefined ? { publicBaseUrl: publicBaseUrl.replace(/\/+$/, '') } : {}),
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
    ...(redisUrl !== undefined ? { redisUrl } : {}),
    ...(redisKeyPrefix !== undefined ? { redisKeyPrefix } : {}),
    dataDir: resolve(text('dataDir') || DEFAULT_DATA_DIR),
    ...(secretKey !== undefined ? { secretKey } : {}),
    logLevel: logLevel as ServerConfig['logLevel'],
    trustProxy: boolean('trustProxy') ?? false,
    adminUi: boolean('adminUi') ?? true,
    ...(lifetime !== undefined ? { adminTokenLifetimeSeconds: lifetime } : {}),
    ...(lockout !== undefined ? { signInLockout: lockout } : {}),
    ...(Object.keys(oauth).length > 0 ? { oauth } : {}),
    ...(allowIntegrationBearer !== undefined ? { allowIntegrationBearer } : {}),
    ...(webapiXml !== undefined ? { webapiXml } : {}),
    ...(aclFiles.length > 0 ? { aclFiles } : {}),
    ...(integrationFiles !== undefined ? { integrationFiles } : {}),
    ...(outboundAllowedNetworks !== undefined ? { outboundAllowedNetworks } : {}),
    ...(metrics !== undefined ? { metrics: metrics as MetricsMode } : {}),
    ...(usageFlushSeconds !== undefined ? { usageFlushSeconds } : {}),
    ...(auditRetentionDays !== undefined ? { auditRetentionDays } : {}),
    ...(credentialsMaxAgeDays !== undefined ? { credentialsMaxAgeDays } : {}),
  };
}

/** Splits at commas, except those inside a glob's braces (`vendor/{A,B}/etc/acl.xml`). */
function splitList(value: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of value) {
    if (char === '{') depth += 1;
    if (char === '}') depth = Math.max(0, depth - 1);
    if (char === ',' && depth === 0) {
      items.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  return [...items, current];
}

function definedOnly<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** `scheme://host[:port]`, a trailing `/` allowed: the origin OAuth signatures are computed with. */
function isOrigin(value: string): boolean {
  const url = new URL(value);
  return url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '' && !value.includes('?') && !value.includes('#');
}

function isHttpUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the config file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`The config file ${file} must hold a JSON object.`);
  const unknown = Object.keys(parsed).filter((key) => !FILE_KEYS.has(key));
  if (unknown.length > 0) {
    throw new ConfigError(`The config file ${file} has unknown setting(s): ${unknown.join(', ')}. Known: ${[...FILE_KEYS].join(', ')}.`);
  }
  return parsed as Record<string, unknown>;
}

function lockoutFrom(value: unknown, file: string | undefined): ServerConfig['signInLockout'] {
  if (value === undefined) return undefined;
  const where = `"signInLockout" in ${file ?? 'the config file'}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${where} must be an object like {"maxFailures": 6, "lockSeconds": 1800}.`);
  const { maxFailures, lockSeconds, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw new ConfigError(`${where} has unknown key(s): ${Object.keys(rest).join(', ')}.`);
  for (const [key, number] of Object.entries({ maxFailures, lockSeconds })) {
    if (number !== undefined && (typeof number !== 'number' || !Number.isInteger(number) || number < 1)) {
      throw new ConfigError(`${where}: "${key}" must be a positive whole number.`);
    }
  }
  return { ...(maxFailures !== undefined ? { maxFailures: maxFailures as number } : {}), ...(lockSeconds !== undefined ? { lockSeconds: lockSeconds as number } : {}) };
}
