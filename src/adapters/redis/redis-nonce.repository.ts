import { createHash, randomBytes } from 'node:crypto';
import { type Redis } from 'ioredis';
import { type Clock } from '../../application/ports/clock.port';
import { NONCE_RETENTION_MARGIN_SECONDS } from '../../application/oauth/oauth.settings';
import { type NonceRepository } from '../../domain/oauth/nonce.repository';
import { RedisUnavailableError, redisCommand } from './redis-errors';

export interface RedisNonceOptions {
  /** Put before every key, e.g. `portcullis:`. */
  readonly keyPrefix: string;
  /** OAuthSettings.timestampSkewSeconds: how far an oauth_timestamp may lie from the clock, either way. */
  readonly timestampSkewSeconds: number;
  readonly clock: Clock;
}

/** One `use` waiting for the batch of its event-loop turn. */
interface PendingUse {
  readonly key: string;
  readonly seconds: number;
  readonly timestamp: number;
  readonly resolve: (accepted: boolean) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Used OAuth nonces in Redis: `use` is one `SET key 1 NX EX <seconds>`, so Redis decides which of
 * several concurrent callers, in this process or another, records the nonce first; there is no
 * read before the write.
 *
 * The key is `<prefix>nonce:<integration id>:<SHA-256 of the nonce, hex>`: exact comparison of any
 * nonce, of a bounded length. It expires once no request with that oauth_timestamp can be accepted
 * any more (timestamp + skew, judged like the guard judges it: in whole seconds of the clock), plus
 * NONCE_RETENTION_MARGIN_SECONDS, so Redis purges by itself and `purgeOlderThan` has nothing to do.
 * The servers' clocks must agree, as they must for the timestamp check itself.
 *
 * Redis forgets nonces when it restarts without its data, or evicts keys: a captured request of the
 * window would then be accepted again. So the store keeps a key without expiry, the epoch
 * (`<prefix>nonce-epoch`, a random value set once by whichever process comes first), and each
 * process remembers its value. The uses of one event-loop turn go in one batch, `GET epoch` then
 * their `SET NX`s, issued together on the one connection so Redis runs them in that order (in one
 * round trip, the client's auto-pipelining). An epoch missing or changed means nonces may be lost
 * since the last batch: the store sets the epoch again and, failing closed, answers every use with
 * an oauth_timestamp up to that moment + skew as unavailable (any nonce stored before the loss has
 * such a timestamp); later timestamps are checked as before.
 */
export class RedisNonceRepository implements NonceRepository {
  private readonly epochKey: string;
  private pending: PendingUse[] = [];
  /** Uses with an oauth_timestamp up to this (seconds) are unavailable: their nonces may be lost. */
  private lostUpTo = Number.NEGATIVE_INFINITY;
  /** The epoch being set again after a loss, while it is. */
  private renewing: Promise<void> | null = null;

  private constructor(
    private readonly redis: Redis,
    private readonly options: RedisNonceOptions,
    private epoch: string,
  ) {
    this.epochKey = epochKeyOf(options.keyPrefix);
  }

  /**
   * Sets the epoch unless another process did, and remembers its value. Warns (a process warning)
   * when Redis may evict keys: its `maxmemory-policy` is not `noeviction` (not checked where Redis
   * forbids `CONFIG`).
   * @throws RedisUnavailableError when Redis does not answer
   */
  static async open(redis: Redis, options: RedisNonceOptions): Promise<RedisNonceRepository> {
    const epoch = await establishEpoch(redis, epochKeyOf(options.keyPrefix));
    await warnUnlessNoEviction(redis);
    return new RedisNonceRepository(redis, options, epoch);
  }

  /**
   * @throws RedisUnavailableError when Redis cannot answer (whether the nonce was recorded is then
   *   unknown), or when Redis lost nonces that a request with this timestamp could replay
   */
  use(integrationId: string, nonce: string, timestamp: number): Promise<boolean> {
    const key = `${this.options.keyPrefix}nonce:${integrationId}:${createHash('sha256').update(nonce, 'utf8').digest('hex')}`;
    // Accepted up to the last second of timestamp + skew; kept one second beyond it, and the margin.
    const seconds = Math.max(1, timestamp + this.options.timestampSkewSeconds - this.nowSeconds() + 1 + NONCE_RETENTION_MARGIN_SECONDS);
    return new Promise((resolve, reject) => {
      this.pending.push({ key, seconds, timestamp, resolve, reject });
      if (this.pending.length === 1) process.nextTick(() => void this.flush());
    });
  }

  /** Expiry purges: nothing is left for this to delete. */
  purgeOlderThan(_before: number): Promise<number> {
    return Promise.resolve(0);
  }

  /** Sends the waiting uses as one batch behind `GET epoch`, and answers each. Never rejects. */
  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (this.renewing !== null) await this.renewing;
    const uses = batch.filter((use) => {
      if (use.timestamp > this.lostUpTo) return true;
      use.reject(this.lostError());
      return false;
    });
    if (uses.length === 0) return;
    const expected = this.epoch;
    // One synchronous section: the GET goes before the SETs, on the same connection.
    const epoch = redisCommand('GET nonce epoch', () => this.redis.get(this.epochKey));
    const sets = uses.map((use) => redisCommand('SET NX', () => this.redis.set(use.key, '1', 'EX', use.seconds, 'NX')));
    const [found, ...answers] = await Promise.allSettled([epoch, ...sets]);
    if (found?.status === 'rejected') {
      for (const use of uses) use.reject(found.reason);
      return;
    }
    if (found?.value !== expected) {
      this.lost(expected);
      for (const use of uses) use.reject(this.lostError());
      return;
    }
    uses.forEach((use, i) => {
      const answer = answers[i];
      if (answer?.status === 'fulfilled') use.resolve(answer.value === 'OK');
      else use.reject(answer?.reason);
    });
  }

  /**
   * The epoch was missing or changed: every nonce stored before now may be lost, and each had a
   * timestamp up to now + skew. Sets the epoch again, once for a loss seen by several batches.
   */
  private lost(expected: string): void {
    this.lostUpTo = Math.max(this.lostUpTo, this.nowSeconds() + this.options.timestampSkewSeconds);
    if (this.renewing !== null || this.epoch !== expected) return;
    process.emitWarning(
      `Redis lost the nonce store's epoch (a restart without persistence, a failover or an eviction): nonces may be lost, so signed calls with an oauth_timestamp up to ${new Date(this.lostUpTo * 1000).toISOString()} are answered 503.`,
      { code: 'PORTCULLIS_REDIS_NONCES_LOST' },
    );
    this.renewing = establishEpoch(this.redis, this.epochKey)
      .then((epoch) => {
        this.epoch = epoch;
      })
      // Redis went away again: the next batch finds the epoch still changed, and tries again.
      .catch(() => undefined)
      .finally(() => {
        this.renewing = null;
      });
  }

  private lostError(): RedisUnavailableError {
    return new RedisUnavailableError('nonce store', new Error(`nonces may have been lost; timestamps up to ${this.lostUpTo} are not accepted`));
  }

  private nowSeconds(): number {
    return Math.floor(this.options.clock.now().getTime() / 1000);
  }
}

const epochKeyOf = (keyPrefix: string): string => `${keyPrefix}nonce-epoch`;

/**
 * `SET epoch <random> NX`, then reads it back (another process may have set it first).
 * @throws RedisUnavailableError when Redis does not answer
 */
async function establishEpoch(redis: Redis, key: string): Promise<string> {
  const candidate = randomBytes(16).toString('hex');
  const set = redisCommand('SET NX nonce epoch', () => redis.set(key, candidate, 'NX'));
  const get = redisCommand('GET nonce epoch', () => redis.get(key));
  const [, epoch] = await Promise.all([set, get]);
  if (epoch === null) throw new RedisUnavailableError('GET nonce epoch', new Error('the epoch vanished as it was set'));
  return epoch;
}

/** A process warning unless Redis answers `CONFIG GET maxmemory-policy` with `noeviction`. */
async function warnUnlessNoEviction(redis: Redis): Promise<void> {
  let policy: unknown;
  try {
    policy = ((await redis.config('GET', 'maxmemory-policy')) as unknown[])[1];
  } catch {
    return; // managed Redis may forbid CONFIG
  }
  if (typeof policy !== 'string' || policy === 'noeviction') return;
  process.emitWarning(
    `Redis evicts keys under memory pressure (maxmemory-policy ${policy}): nonce keys may be evicted and their requests replayed; set maxmemory-policy noeviction.`,
    { code: 'PORTCULLIS_REDIS_EVICTION' },
  );
}
