import { Redis } from 'ioredis';
import { RedisConnections } from '../../../src/adapters/redis/redis-connections';
import { isRedisUnavailable } from '../../../src/adapters/redis/redis-errors';
import { RedisNonceRepository } from '../../../src/adapters/redis/redis-nonce.repository';
import { FixedClock } from '../../support/deterministic-ports';
import { describeRedis, randomKeyPrefix, startPrivateRedis, testRedisUrl } from '../../support/redis';

/** oauth_timestamp values, seconds since the epoch. */
const T0 = Math.floor(new Date('2026-05-01T08:00:00Z').getTime() / 1000);
const SKEW = 600;
const FIRST = '7b0a3c1e-0000-4000-8000-000000000001';

interface Warning {
  readonly message: string;
  readonly code: unknown;
}

/** Runs `body` with process warnings recorded instead of printed. */
async function recordingWarnings(body: (warnings: Warning[]) => Promise<void>): Promise<void> {
  const warnings: Warning[] = [];
  const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation((warning, options) => {
    warnings.push({ message: String(warning), code: (options as { code?: unknown } | undefined)?.code });
  });
  try {
    await body(warnings);
  } finally {
    emitWarning.mockRestore();
  }
}

/** The answer of a use: accepted, refused, or unavailable (RedisUnavailableError, answered 503). */
const outcome = (use: Promise<boolean>): Promise<string> =>
  use.then(
    (accepted) => (accepted ? 'accepted' : 'refused'),
    (error: unknown) => {
      if (isRedisUnavailable(error)) return 'unavailable';
      throw error;
    },
  );

/**
 * Redis forgets nonces when it restarts without its data, fails over or evicts keys. The store's
 * epoch key shows it: a missing or changed epoch makes every use whose timestamp a lost nonce could
 * have had answered unavailable (503), for one timestamp window. A deleted epoch plays the loss
 * here; test/e2e/http/redis-restart-replay.e2e.test.ts restarts a real redis-server.
 */
describeRedis('Redis nonce store: the epoch that detects lost nonces', () => {
  let connections: RedisConnections;
  let other: RedisConnections;
  let inspect: Redis;
  let prefix: string;
  let clock: FixedClock;

  beforeAll(async () => {
    connections = await RedisConnections.open(testRedisUrl());
    other = await RedisConnections.open(testRedisUrl());
    inspect = new Redis(testRedisUrl());
  });
  beforeEach(() => {
    clock = new FixedClock(new Date(T0 * 1000));
    prefix = randomKeyPrefix();
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

  const open = (on: RedisConnections = connections): Promise<RedisNonceRepository> =>
    RedisNonceRepository.open(on.commands, { keyPrefix: prefix, timestampSkewSeconds: SKEW, clock });
  const epochKey = (): string => `${prefix}nonce-epoch`;

  it('sets one epoch, without expiry, that every process opening the store shares', async () => {
    const [a, b] = await Promise.all([open(), open(other)]);
    const epoch = await inspect.get(epochKey());
    expect(epoch).toMatch(/^[0-9a-f]{32}$/);
    expect(await inspect.ttl(epochKey())).toBe(-1);
    expect(await a.use(FIRST, 'shared', T0)).toBe(true);
    expect(await b.use(FIRST, 'shared', T0)).toBe(false);
    expect(await inspect.get(epochKey())).toBe(epoch);
  });

  it('answers unavailable, once the epoch is lost, every use whose timestamp is up to then + skew; later ones as before', async () => {
    await recordingWarnings(async (warnings) => {
      const nonces = await open();
      const epoch = await inspect.get(epochKey());
      expect(await nonces.use(FIRST, 'before', T0)).toBe(true);
      // Redis loses everything: the nonce and the epoch.
      await inspect.del(...(await inspect.keys(`${prefix}*`)));

      // The batch that finds the loss: its uses too.
      expect(await Promise.all([outcome(nonces.use(FIRST, 'before', T0)), outcome(nonces.use(FIRST, 'fresh', T0))])).toEqual(['unavailable', 'unavailable']);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.code).toBe('PORTCULLIS_REDIS_NONCES_LOST');
      expect(warnings[0]?.message).toContain(new Date((T0 + SKEW) * 1000).toISOString());

      // The window of the loss stays closed, whatever the clock; the epoch is set again, anew.
      expect(await outcome(nonces.use(FIRST, 'before', T0))).toBe('unavailable');
      clock.advance(SKEW);
      expect(await outcome(nonces.use(FIRST, 'late', T0 + SKEW))).toBe('unavailable');
      const renewed = await inspect.get(epochKey());
      expect(renewed).toMatch(/^[0-9a-f]{32}$/);
      expect(renewed).not.toBe(epoch);

      // A timestamp beyond the loss + skew cannot be a lost nonce's: checked as before.
      expect(await outcome(nonces.use(FIRST, 'after', T0 + SKEW + 1))).toBe('accepted');
      expect(await outcome(nonces.use(FIRST, 'after', T0 + SKEW + 1))).toBe('refused');
      clock.advance(SKEW + 1);
      expect(await outcome(nonces.use(FIRST, 'later', T0 + 2 * SKEW + 1))).toBe('accepted');
      expect(await inspect.get(epochKey())).toBe(renewed);
      expect(warnings).toHaveLength(1);
    });
  });

  it('makes every process find the loss: the one that did not set the epoch again sees it changed', async () => {
    await recordingWarnings(async (warnings) => {
      const here = await open();
      const elsewhere = await open(other);
      await inspect.del(epochKey());

      expect(await outcome(here.use(FIRST, 'a', T0))).toBe('unavailable');
      // A use in the window waits for the epoch to be set again, then is answered unavailable.
      expect(await outcome(here.use(FIRST, 'b', T0))).toBe('unavailable');
      const renewed = await inspect.get(epochKey());
      expect(renewed).toMatch(/^[0-9a-f]{32}$/);
      // The other process remembered the old value: it finds the loss too, and keeps the new epoch.
      expect(await outcome(elsewhere.use(FIRST, 'c', T0))).toBe('unavailable');
      expect(await outcome(elsewhere.use(FIRST, 'd', T0))).toBe('unavailable');
      expect(await inspect.get(epochKey())).toBe(renewed);
      expect(warnings.map((warning) => warning.code)).toEqual(['PORTCULLIS_REDIS_NONCES_LOST', 'PORTCULLIS_REDIS_NONCES_LOST']);

      clock.advance(SKEW + 1);
      expect(await outcome(here.use(FIRST, 'e', T0 + SKEW + 1))).toBe('accepted');
      expect(await outcome(elsewhere.use(FIRST, 'e', T0 + SKEW + 1))).toBe('refused');
      expect(await outcome(elsewhere.use(FIRST, 'f', T0 + SKEW + 1))).toBe('accepted');
    });
  });

  it('warns at open when Redis may evict keys (maxmemory-policy), and not under noeviction', async () => {
    const evicting = await startPrivateRedis({ maxmemoryPolicy: 'allkeys-lru' });
    try {
      await recordingWarnings(async (warnings) => {
        const there = await RedisConnections.open(evicting.url);
        try {
          await RedisNonceRepository.open(there.commands, { keyPrefix: prefix, timestampSkewSeconds: SKEW, clock });
        } finally {
          await there.close();
        }
        expect(warnings).toEqual([
          {
            message:
              'Redis evicts keys under memory pressure (maxmemory-policy allkeys-lru): nonce keys may be evicted and their requests replayed; set maxmemory-policy noeviction.',
            code: 'PORTCULLIS_REDIS_EVICTION',
          },
        ]);
      });
    } finally {
      await evicting.dispose();
    }
    const policy = (await inspect.config('GET', 'maxmemory-policy')) as string[];
    await recordingWarnings(async (warnings) => {
      await open();
      expect(warnings.filter((warning) => warning.code === 'PORTCULLIS_REDIS_EVICTION')).toHaveLength(policy[1] === 'noeviction' ? 0 : 1);
    });
  });
});
