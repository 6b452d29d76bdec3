import { type IntegrationRepository } from '../../../domain/integration/integration.repository';
import { type RoleRepository } from '../../../domain/role/role.repository';
import { type OAuthTokenRepository } from '../../../domain/token/oauth-token.repository';
import { type AccessPolicy } from '../../access/access-policy';
import { type AclTreeProvider } from '../../ports/acl-tree.port';
import { type Clock } from '../../ports/clock.port';
import { type DomainEventRecorder } from '../../ports/domain-events.port';
import { type IdGenerator, type RandomSource } from '../../ports/random-source.port';
import { type TokenExchange } from '../../ports/token-exchange.port';
import { type TransactionLock } from '../../ports/transaction-lock.port';
import { type UnitOfWork } from '../../ports/unit-of-work.port';
import { type CredentialSettings } from '../../credentials/credential.settings';
import { type IntegrationAccess } from './integration-access';

/**
 * What the integration use cases (and the config-file sync) draw on, each under the one name they
 * all use; a use case's dependencies are the `Pick` of what it needs, and the composition root
 * binds them under these names. (The activator, itself drawing on them, is added by its users.)
 */
export interface IntegrationServices {
  readonly integrations: IntegrationRepository;
  readonly roles: RoleRepository;
  readonly tokens: OAuthTokenRepository;
  readonly unitOfWork: UnitOfWork;
  readonly policy: AccessPolicy;
  readonly access: IntegrationAccess;
  readonly exchange: TokenExchange;
  readonly aclTree: AclTreeProvider;
  /** Serialises config-file syncs across the processes sharing the database. */
  readonly lock: TransactionLock;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly ids: IdGenerator;
  /** Where a change that saves no aggregate (a deletion, an undone handshake) hands its events. */
  readonly events: DomainEventRecorder;
  /** How credentials are issued (their maximum age). */
  readonly credentialSettings: CredentialSettings;
}
