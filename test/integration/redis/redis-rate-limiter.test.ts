import { Redis } from 'ioredis';
import { RedisConnections } from '../../../src/adapters/redis/redis-connections';
import { RedisUnavailableError, isRedisUnavailable } from '../../../src/adapters/redis/redis-errors';
import { RedisRateLimiter } from '../../../src/adapters/redis/redis-rate-limiter';
import { type RateLimit, type RateLimitDecision } from '../../../src/application/ports/rate-limiter.port';
import { freePort } from '../../support/free-port';
import { describeRedis, randomKeyPrefix, startPrivateRedis, testRedisUrl } from '../../support/redis';

/** One request every 36 s: nothing refills while a test runs. */
const HUNDRED_AN_HOUR: RateLimit = { limit: 100, windowSeconds: 3600 };
const FIVE_A_MINUTE: RateLimit = { limit: 5, windowSeconds: 60 };

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The fields of a decision other than the rate, which every decision repeats. */
const outcome = ({ allowed, remaining, resetSeconds, retryAfterSeconds }: RateLimitDecision): object => ({ allowed, remaining, resetSeconds, retryAfterSeconds });

/** The answer of a take: its outcome, or 'unavailable' (RedisUnavailableError, answered 503). */
const settle = (take: Promise<RateLimitDecision>): Promise<object | string> =>
  take.then(outcome, (error: unknown) => {
    if (isRedisUnavailable(error)) return 'unavailable';
    throw error;
  });

/**
 * The Redis rate limiter: one GCRA script per take on Redis's clock, so that every process on one
 * Redis shares each bucket exactly. Two connections play two server processes.
 */
describeRedis('RedisRateLimiter', () => {
  let connections: RedisConnections;
  let other: RedisConnections;
  let inspect: Redis;
  let prefix: string;
  let limiter: RedisRateLimiter;
  let elsewhere: RedisRateLimiter;

  beforeAll(async () => {
    connections = await RedisConnections.open(testRedisUrl());
    other = await RedisConnections.open(testRedisUrl());
    inspect = new Redis(testRedisUrl());
  });
  beforeEach(() => {
    prefix = randomKeyPrefix();
    limiter = new RedisRateLimiter(connections.commands, { keyPrefix: prefix });
    elsewhere = new RedisRateLimiter(other.commands, { keyPrefix: prefix });
  });
  afterEach(async () => {
    const keys = await inspect.keys(`${prefix}*`);
    if (keys.length > 0) await inspect.del(...keys);
  });
  afterAll(async () => {
    await connections?.close();
    await other?.close();
    inspect?.disconnect();
  });

  it('allows exactly `limit` requests at once, with exact remaining, reset and retry-after, then refuses', async () => {
    const decisions: object[] = [];
    for (let i = 0; i < 6; i++) decisions.push(outcome(await limiter.take('c-1', FIVE_A_MINUTE, Date.now())));
    expect(decisions).toEqual([
      { allowed: true, remaining: 4, resetSeconds: 12, retryAfterSeconds: 0 },
      { allowed: true, remaining: 3, resetSeconds: 24, retryAfterSeconds: 0 },
      { allowed: true, remaining: 2, resetSeconds: 36, retryAfterSeconds: 0 },
      { allowed: true, remaining: 1, resetSeconds: 48, retryAfterSeconds: 0 },
      { allowed: true, remaining: 0, resetSeconds: 60, retryAfterSeconds: 0 },
      { allowed: false, remaining: 0, resetSeconds: 60, retryAfterSeconds: 12 },
    ]);
    expect(await limiter.take('c-1', FIVE_A_MINUTE, Date.now())).toMatchObject({ allowed: false, limit: 5, windowSeconds: 60 });
  });

  it('shares one bucket between processes: of 200 concurrent takes from two connections, exactly 100 are allowed', async () => {
    const takes = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? limiter : elsewhere).take('c-1', HUNDRED_AN_HOUR, Date.now()));
    const decisions = await Promise.all(takes);
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(100);
    // Each allowed take saw the bucket one request emptier: every count from 99 down to 0, once.
    expect(decisions.filter((decision) => decision.allowed).map((decision) => decision.remaining).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(await elsewhere.take('c-1', HUNDRED_AN_HOUR, Date.now())).toMatchObject({ allowed: false, retryAfterSeconds: 36 });
  });

  it("judges by Redis's clock: the `now` each process passes is ignored", async () => {
    const skewed = [0, Date.now() + 86_400_000, Date.now() - 86_400_000, Number.NaN, 42, Date.now()];
    const decisions = await Promise.all(skewed.map((now, i) => (i % 2 === 0 ? limiter : elsewhere).take('c-1', FIVE_A_MINUTE, now)));
    expect(decisions.map((decision) => decision.allowed).sort()).toEqual([false, true, true, true, true, true]);
  });

  it('keeps one bucket per key, under <prefix>ratelimit:<key>, and only as long as it is not full', async () => {
    await limiter.take('c-1', FIVE_A_MINUTE, Date.now());
    for (let i = 0; i < 5; i++) await limiter.take('c-2', FIVE_A_MINUTE, Date.now());
    expect(outcome(await elsewhere.take('c-1', FIVE_A_MINUTE, Date.now()))).toEqual({ allowed: true, remaining: 3, resetSeconds: 24, retryAfterSeconds: 0 });
    expect((await inspect.keys(`${prefix}*`)).sort()).toEqual([`${prefix}ratelimit:c-1`, `${prefix}ratelimit:c-2`]);
    // Full again within 24 s (two takes), or 60 s (five): the key expires then.
    const ttl = await inspect.pttl(`${prefix}ratelimit:c-1`);
    expect(ttl).toBeGreaterThan(23_000);
    expect(ttl).toBeLessThanOrEqual(24_001);
    expect(await inspect.pttl(`${prefix}ratelimit:c-2`)).toBeGreaterThan(59_000);
  });

  it('lets an idle key vanish, the bucket being full again', async () => {
    const onePerSecond: RateLimit = { limit: 1, windowSeconds: 1 };
    expect((await limiter.take('c-1', onePerSecond, Date.now())).allowed).toBe(true);
    expect((await elsewhere.take('c-1', onePerSecond, Date.now())).allowed).toBe(false);
    await delay(1100);
    expect(await inspect.exists(`${prefix}ratelimit:c-1`)).toBe(0);
    expect(outcome(await elsewhere.take('c-1', onePerSecond, Date.now()))).toEqual({ allowed: true, remaining: 0, resetSeconds: 1, retryAfterSeconds: 0 });
  });

  it('forgets a bucket for every process', async () => {
    for (let i = 0; i < 5; i++) await limiter.take('c-1', FIVE_A_MINUTE, Date.now());
    await elsewhere.forget('c-1');
    expect(await inspect.exists(`${prefix}ratelimit:c-1`)).toBe(0);
    expect(outcome(await limiter.take('c-1', FIVE_A_MINUTE, Date.now()))).toEqual({ allowed: true, remaining: 4, resetSeconds: 12, retryAfterSeconds: 0 });
  });

  it('refuses a rate that is not a positive whole limit per whole seconds, before asking Redis', async () => {
    await expect(limiter.take('c-1', { limit: 0, windowSeconds: 60 }, Date.now())).rejects.toThrow(RangeError);
    await expect(limiter.take('c-1', { limit: 10, windowSeconds: 1.5 }, Date.now())).rejects.toThrow(RangeError);
  });

  it('rejects with RedisUnavailableError, neither allowing nor refusing, when Redis does not answer', async () => {
    const closed = new Redis({
      host: '127.0.0.1',
      port: await freePort(),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 200,
      retryStrategy: () => null,
    });
    closed.on('error', () => undefined);
    try {
      const away = new RedisRateLimiter(closed, { keyPrefix: prefix });
      const error: unknown = await away.take('c-1', FIVE_A_MINUTE, Date.now()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RedisUnavailableError);
      expect(error).toMatchObject({ code: 'REDIS_UNAVAILABLE' });
      await expect(away.forget('c-1')).rejects.toBeInstanceOf(RedisUnavailableError);
    } finally {
      closed.disconnect();
    }
  });

  it('answers unavailable while its Redis is down, and takes again once it is back (the script loaded anew)', async () => {
    const redis = await startPrivateRedis();
    const there = await RedisConnections.open(redis.url);
    try {
      const away = new RedisRateLimiter(there.commands, { keyPrefix: prefix });
      expect(await settle(away.take('c-1', FIVE_A_MINUTE, Date.now()))).toMatchObject({ allowed: true, remaining: 4 });
      await redis.kill();
      expect(await settle(away.take('c-1', FIVE_A_MINUTE, Date.now()))).toBe('unavailable');
      expect(await settle(away.take('c-1', FIVE_A_MINUTE, Date.now()))).toBe('unavailable');

      // Restarted empty: no bucket, no script; the client sends the script again on its new connection.
      await redis.start();
      const deadline = Date.now() + 15_000;
      let answer = await settle(away.take('c-1', FIVE_A_MINUTE, Date.now()));
      while (answer === 'unavailable' && Date.now() < deadline) {
        await delay(100);
        answer = await settle(away.take('c-1', FIVE_A_MINUTE, Date.now()));
      }
      expect(answer).toEqual({ allowed: true, remaining: 4, resetSeconds: 12, retryAfterSeconds: 0 });
    } finally {
      await there.close();
      await redis.dispose();
    }
  }, 30_000);
});
