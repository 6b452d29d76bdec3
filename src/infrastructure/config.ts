import { type Clock } from '../application/ports/clock.port';
import { type PasswordHasher } from '../application/ports/password-hasher.port';
import { type IdGenerator, type RandomSource } from '../application/ports/random-source.port';
import { type TokenExchange } from '../application/ports/token-exchange.port';
import { type AclResourceDefinition, type AclResourceSource } from '../domain/acl/acl-resource-tree';

/** Everything the composition root needs; each field has a sensible default. */
export interface PortcullisConfig {
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
