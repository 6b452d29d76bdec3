import { type DomainEventSubscriber, type PortcullisEventName } from '../ports/domain-events.port';

/** The guard's read cache, as far as invalidation needs it. */
export interface ClearableCache {
  /**
   * Forgets every value read, so the next read of each key goes to the store. It may resolve
   * later (the cache of other processes, told over the network); its failure is reported like
   * any subscriber's.
   */
  clear(): void | Promise<void>;
}

/**
 * Whether an event changes something the guard reads on a request (an integration's status or
 * consumer, its tokens, a grant, an admin user or their sessions). Keyed by every event name, so
 * that a new event does not compile until it is classified here.
 */
const CHANGES_WHAT_THE_GUARD_READS: Readonly<Record<PortcullisEventName, boolean>> = {
  IntegrationCreated: true,
  IntegrationDetailsChanged: true,
  IntegrationActivated: true,
  IntegrationReauthorized: true,
  IntegrationTokenExchangeStarted: true,
  IntegrationTokenExchangeFailed: true,
  // Reading credentials changes nothing.
  IntegrationCredentialsViewed: false,
  IntegrationDeactivated: true,
  IntegrationResetByConfiguration: true,
  IntegrationOrphaned: true,
  IntegrationDeleted: true,
  IntegrationPolicyChanged: true,
  IntegrationConsumerSecretRotated: true,
  AccessTokenIssued: true,
  AccessTokenRevoked: true,
  RoleCreated: true,
  RoleGrantChanged: true,
  RoleRenamed: true,
  RoleReadOnlyChanged: true,
  RoleDeleted: true,
  AdminUserCreated: true,
  AdminUserProfileChanged: true,
  AdminUserRoleChanged: true,
  AdminUserPasswordChanged: true,
  AdminUserActivated: true,
  AdminUserDeactivated: true,
  AdminUserDeleted: true,
  // A new admin token is not cached before it is used; and anyone may fail a sign-in, which must
  // not let them empty the guard's cache at will.
  AdminSignInSucceeded: false,
  AdminSignInFailed: false,
  // The lock signs the user out everywhere.
  AdminSignInLocked: true,
  // The guard never reads the lock-out itself: a lock revoked the user's tokens (AdminSignInLocked).
  AdminSignInUnlocked: false,
  AdminSignedOut: true,
  // Each change a sync made is an event of its own.
  ConfigSyncRan: false,
};

/**
 * Empties the guard's cache when a change it may hold an older value of is committed, so that
 * in the process that made the change a revocation or a narrowed grant applies to the very next
 * request. Other processes see it within the cache's TTL (GuardSettings.cacheTtlMs), or as soon
 * as they are told when `cache` is one that tells them (with Redis: RedisCacheInvalidation,
 * subscribed beside the local one).
 */
export function guardCacheInvalidation(cache: ClearableCache): DomainEventSubscriber {
  return (event) => (CHANGES_WHAT_THE_GUARD_READS[event.name] ? cache.clear() : undefined);
}
