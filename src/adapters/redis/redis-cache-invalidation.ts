import { randomUUID } from 'node:crypto';
import { type Redis } from 'ioredis';
import { type ClearableCache } from '../../application/guard/guard-cache-invalidation';
import { redisCommand } from './redis-errors';

/**
 * The guard's cache invalidations between processes, over Redis pub/sub on one channel. As a
 * `ClearableCache` given to `guardCacheInvalidation`, `clear()` publishes: the change committed
 * here reaches every other process listening, which empties its cache on receipt. A process
 * ignores its own messages (it cleared its cache itself, before publishing).
 *
 * Pub/sub delivers to whoever is subscribed at the time: a process whose subscription was down
 * empties its cache when it subscribes again, and meanwhile the cache's TTL bounds what it may
 * miss (GuardSettings.cacheTtlMs).
 */
export class RedisCacheInvalidation implements ClearableCache {
  /** Tells this process's messages from the others'. */
  private readonly origin = randomUUID();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
  ) {}

  /**
   * Publishes an invalidation to the other processes; resolves once Redis has delivered it.
   * @throws RedisUnavailableError when it cannot be published (the others then see the change within the cache's TTL)
   */
  async clear(): Promise<void> {
    await redisCommand('PUBLISH', () => this.publisher.publish(this.channel, this.origin));
  }

  /**
   * Calls `onInvalidation` for every invalidation another process publishes, and each time the
   * subscription is made again after a lost connection.
   * @throws RedisUnavailableError when the first subscription fails
   */
  async listen(onInvalidation: () => void): Promise<void> {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel && message !== this.origin) onInvalidation();
    });
    await redisCommand('SUBSCRIBE', () => this.subscriber.subscribe(this.channel));
    this.subscriber.on('ready', () => {
      this.subscriber.subscribe(this.channel).then(
        () => onInvalidation(),
        // Not subscribed on a live connection: drop it, so that the next connection tries again.
        () => this.subscriber.disconnect(true),
      );
    });
  }
}
