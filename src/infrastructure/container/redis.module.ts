import { ContainerModule } from 'inversify';
import { InProcessDomainEvents } from '../../adapters/events/in-process-domain-events';
import { type RedisCacheInvalidation } from '../../adapters/redis/redis-cache-invalidation';
import { type RedisNonceRepository } from '../../adapters/redis/redis-nonce.repository';
import { guardCacheInvalidation } from '../../application/guard/guard-cache-invalidation';
import { RATE_LIMITER, type RateLimiter } from '../../application/ports/rate-limiter.port';
import { STORAGE_OUTAGES, type StorageOutages } from '../../application/ports/storage-outages.port';
import { NONCE_REPOSITORY } from '../../domain/oauth/nonce.repository';

/**
 * With Redis (`redisUrl`), loaded after the storage module: nonces go to the Redis store (opened
 * by `withRedis` on the container's clock and OAuth settings) instead of the database, rate-limit
 * buckets are shared by every process (instead of one per process), and the
 * guard's cache invalidations are published to the other processes, by the same subscriber (and
 * classification) that empties this process's cache, subscribed after it. `outages` recognises
 * the storage's outages and Redis's.
 */
export function redisModule(nonces: RedisNonceRepository, invalidation: RedisCacheInvalidation, rateLimiter: RateLimiter, outages: StorageOutages): ContainerModule {
  return new ContainerModule(({ rebindSync, onActivation }) => {
    rebindSync(NONCE_REPOSITORY).toConstantValue(nonces);
    rebindSync(RATE_LIMITER).toConstantValue(rateLimiter);
    rebindSync(STORAGE_OUTAGES).toConstantValue(outages);
    onActivation(InProcessDomainEvents, (_context, events: InProcessDomainEvents) => {
      events.subscribe(guardCacheInvalidation(invalidation));
      return events;
    });
  });
}
