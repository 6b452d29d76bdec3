import { type CacheClearing } from '../../adapters/cache/read-through-cache';
import { type InMemoryDatabase } from '../../adapters/in-memory/in-memory-database';
import { injectionToken } from '../../domain/kernel/injection-token';

/** DI tokens of the composition root's own values (ports have theirs beside their interfaces). */
export const IN_MEMORY_DATABASE = injectionToken<InMemoryDatabase>('InMemoryDatabase');
/** The guard's read caches, emptied together. */
export const GUARD_CACHE_CLEARING = injectionToken<CacheClearing>('GuardCacheClearing');
