import { ContainerModule } from 'inversify';
import { InProcessDomainEvents } from '../../adapters/events/in-process-domain-events';
import { type RedisCacheInvalidation } from '../../adapters/redis/redis-cache-invalidation';
import { RedisNonceRepository } from '../../adapters/redis/redis-nonce.repository';
import { guardCacheInvalidation } from '../../application/guard/guard-cache-invalidation';
import { CLOCK, type Clock } from '../../application/ports/clock.port';
import { OAUTH_SETTINGS, type OAuthSettings } from '../../application/oauth/oauth.settings';
import { NONCE_REPOSITORY } from '../../domain/oauth/nonce.repository';
import { type RedisConnections } from '../../adapters/redis/redis-connections';

/**
 * With Redis (`redisUrl`), loaded after the storage module: nonces go to Redis instead of the
 * database, and the guard's cache invalidations are published to the other processes, by the same
 * subscriber (and classification) that empties this process's cache, subscribed after it.
 */
export function redisModule(connections: RedisConnections, invalidation: RedisCacheInvalidation, keyPrefix: string): ContainerModule {
  return new ContainerModule(({ rebindSync, onActivation }) => {
    rebindSync(NONCE_REPOSITORY)
      .toDynamicValue(
        (context) =>
          new RedisNonceRepository(connections.commands, {
            keyPrefix,
            timestampSkewSeconds: context.get<OAuthSettings>(OAUTH_SETTINGS).timestampSkewSeconds,
            clock: context.get<Clock>(CLOCK),
          }),
      )
      .inSingletonScope();
    onActivation(InProcessDomainEvents, (_context, events: InProcessDomainEvents) => {
      events.subscribe(guardCacheInvalidation(invalidation));
      return events;
    });
  });
}
