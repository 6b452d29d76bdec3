import { injectionToken } from '../../domain/kernel/injection-token';

/** How the guard authenticates requests (docs/oauth.md §5). */
export interface GuardSettings {
  /** Accept an integration's access token as `Authorization: Bearer` (default off, as Magento 2.4.4+). */
  readonly integrationBearer: boolean;
  /** `lastUsedAt` of an integration is written at most once per this many seconds. */
  readonly lastUsedIntervalSeconds: number;
  /**
   * How long the guard reuses what it read (consumer, token, grant, admin session), in ms: the
   * bound on how late a revocation or a narrowed grant takes effect on a process. A change that
   * publishes a domain event empties the cache of the process that commits it at once
   * (guard-cache-invalidation.ts), an admin's sign-out included. 0: no cache.
   */
  readonly cacheTtlMs: number;
  /**
   * The calls counted per integration (allowed, refused by reason) are written at most this often,
   * in seconds: one write per integration per flush, never one per request (UsageCounter).
   */
  readonly usageFlushSeconds: number;
}

export const DEFAULT_GUARD_SETTINGS: GuardSettings = Object.freeze({ integrationBearer: false, lastUsedIntervalSeconds: 60, cacheTtlMs: 1000, usageFlushSeconds: 5 });

export const GUARD_SETTINGS = injectionToken<GuardSettings>('GuardSettings');
