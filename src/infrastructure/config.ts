import { type Clock } from '../application/ports/clock.port';
import { type PasswordHasher } from '../application/ports/password-hasher.port';
import { type IdGenerator, type RandomSource } from '../application/ports/random-source.port';
import { type TokenExchange } from '../application/ports/token-exchange.port';
import { DEFAULT_ADMIN_AUTH_SETTINGS, type AdminAuthSettings } from '../application/use-cases/admin-auth/admin-auth.settings';
import { type LockoutPolicy } from '../domain/admin-session/sign-in-lockout';
import { type AclResourceDefinition, type AclResourceSource } from '../domain/acl/acl-resource-tree';

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
  /** Technical ports may be replaced (deterministic tests, an embedding host's own services). */
  readonly clock?: Clock;
  readonly random?: RandomSource;
  readonly ids?: IdGenerator;
  readonly passwordHasher?: PasswordHasher;
  readonly tokenExchange?: TokenExchange;
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

/** A configuration value Portcullis cannot start with. */
export class ConfigError extends Error {
  readonly code = 'CONFIG.INVALID';
}
