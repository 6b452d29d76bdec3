import { type AdminTokenRepository } from '../../../domain/admin-session/admin-token.repository';
import { type SignInFailureRepository } from '../../../domain/admin-session/sign-in-failure.repository';
import { type AdminUserRepository } from '../../../domain/admin-user/admin-user.repository';
import { type RoleRepository } from '../../../domain/role/role.repository';
import { type Clock } from '../../ports/clock.port';
import { type DomainEventRecorder } from '../../ports/domain-events.port';
import { type PasswordHasher } from '../../ports/password-hasher.port';
import { type IdGenerator, type RandomSource } from '../../ports/random-source.port';
import { type UnitOfWork } from '../../ports/unit-of-work.port';
import { type AdminUserAccess } from '../admin-users/admin-user-access';
import { type AdminAuthSettings } from './admin-auth.settings';

/**
 * What the admin-user and admin sign-in use cases draw on, each under the one name they all use;
 * a use case's dependencies are the `Pick` of what it needs. (`PasswordCheck`, itself drawing on
 * them, is added by its users.)
 */
export interface AdminServices {
  readonly adminUsers: AdminUserRepository;
  readonly roles: RoleRepository;
  /** Admin bearer tokens: deactivating a user signs them out everywhere (as Magento does). */
  readonly tokens: AdminTokenRepository;
  readonly failures: SignInFailureRepository;
  readonly access: AdminUserAccess;
  readonly hasher: PasswordHasher;
  readonly settings: AdminAuthSettings;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly ids: IdGenerator;
  /** Sign-in facts and locks have no aggregate to save: they are recorded here. */
  readonly events: DomainEventRecorder;
  /** A change and the events that report it, written together (the audit trail journals them in it). */
  readonly unitOfWork: UnitOfWork;
}
