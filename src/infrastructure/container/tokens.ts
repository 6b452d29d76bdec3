/** DI tokens of the composition root's own values (ports have theirs beside their interfaces). */
export const IN_MEMORY_DATABASE = Symbol.for('portcullis.InMemoryDatabase');
/** The guard's read caches, emptied together (a `CacheClearing`). */
export const GUARD_CACHE_CLEARING = Symbol.for('portcullis.GuardCacheClearing');
