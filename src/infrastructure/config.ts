import { type Clock } from '../application/ports/clock.port';
import { type PasswordHasher } from '../application/ports/password-hasher.port';
import { type IdGenerator, type RandomSource } from '../application/ports/random-source.port';
import { type TokenExchange } from '../application/ports/token-exchange.port';
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
