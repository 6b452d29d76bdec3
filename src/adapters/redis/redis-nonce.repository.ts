import { createHash } from 'node:crypto';
import { type Redis } from 'ioredis';
import { type Clock } from '../../application/ports/clock.port';
import { type NonceRepository } from '../../domain/oauth/nonce.repository';
import { redisCommand } from './redis-errors';

export interface RedisNonceOptions {
  /** Put before every key, e.g. `portcullis:`. */
  readonly keyPrefix: string;
  /** OAuthSettings.timestampSkewSeconds: how far an oauth_timestamp may lie from the clock, either way. */
  readonly timestampSkewSeconds: number;
  readonly clock: Clock;
}

/**
 * Used OAuth nonces in Redis: `use` is one `SET key 1 NX EX <seconds>`, so Redis decides which of
 * several concurrent callers, in this process or another, records the nonce first; there is no
 * read before the write. Commands issued in one event-loop turn go in one round trip (the client's
 * auto-pipelining).
 *
 * The key is `<prefix>nonce:<integration id>:<SHA-256 of the nonce, hex>`: exact comparison of any
 * nonce, of a bounded length. It expires once no request with that oauth_timestamp can be accepted
 * any more (timestamp + skew, judged like the guard judges it: in whole seconds of the clock), so
 * Redis purges by itself and `purgeOlderThan` has nothing to do. The servers' clocks must agree, as
 * they must for the timestamp check itself.
 */
export class RedisNonceRepository implements NonceRepository {
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisNonceOptions,
  ) {}

  /** @throws RedisUnavailableError when Redis cannot answer (whether the nonce was recorded is then unknown) */
  async use(integrationId: string, nonce: string, timestamp: number): Promise<boolean> {
    const key = `${this.options.keyPrefix}nonce:${integrationId}:${createHash('sha256').update(nonce, 'utf8').digest('hex')}`;
    const now = Math.floor(this.options.clock.now().getTime() / 1000);
    // Accepted up to the last second of timestamp + skew, so kept one second beyond it.
    const seconds = Math.max(1, timestamp + this.options.timestampSkewSeconds - now + 1);
    const answer = await redisCommand('SET NX', () => this.redis.set(key, '1', 'EX', seconds, 'NX'));
    return answer === 'OK';
  }

  /** Expiry purges: nothing is left for this to delete. */
  purgeOlderThan(_before: number): Promise<number> {
    return Promise.resolve(0);
  }
}
