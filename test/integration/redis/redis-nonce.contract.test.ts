import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisConnections } from '../../../src/adapters/redis/redis-connections';
import { RedisNonceRepository } from '../../../src/adapters/redis/redis-nonce.repository';
import { NONCE_RETENTION_MARGIN_SECONDS } from '../../../src/application/oauth/oauth.settings';
import { FixedClock } from '../../support/deterministic-ports';
import { describeRedis, randomKeyPrefix, testRedisUrl } from '../../support/redis';

/** oauth_timestamp values, seconds since the epoch. */
const T0 = Math.floor(new Date('2026-05-01T08:00:00Z').getTime() / 1000);
const MINUTE = 60;
const SKEW = 600;
const FIRST = '7b0a3c1e-0000-4000-8000-000000000001';
const SECOND = '7b0a3c1e-0000-4000-8000-000000000002';
const MARGIN = NONCE_RETENTION_MARGIN_SECONDS;

/**
 * The NonceRepository contract (test/integration/persistence/nonce.contract.test.ts) on Redis,
 * where it differs: expiry purges (`purgeOlderThan` has nothing to do), and no unit of work or
 * integration deletion reaches it. Two clients play two server processes.
 */
describeRedis('NonceRepository contract: Redis', () => {
  let connections: RedisConnections;
  let other: RedisConnections;
  let inspect: Redis;
  let nonces: RedisNonceRepository;
  let elsewhere: RedisNonceRepository;
  let prefix: string;
  let clock: FixedClock;

  beforeAll(async () => {
    connections = await RedisConnections.open(testRedisUrl());
    other = await RedisConnections.open(testRedisUrl());
    inspect = new Redis(testRedisUrl());
  });
  beforeEach(async () => {
    clock = new FixedClock(new Date(T0 * 1000));
    prefix = randomKeyPrefix();
    nonces = await RedisNonceRepository.open(connections.commands, { keyPrefix: prefix, timestampSkewSeconds: SKEW, clock });
    elsewhere = await RedisNonceRepository.open(other.commands, { keyPrefix: prefix, timestampSkewSeconds: SKEW, clock });
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

  const keysOf = (integrationId: string): Promise<string[]> => inspect.keys(`${prefix}nonce:${integrationId}:*`);

  it('accepts the first use of a nonce and refuses it again, even with another timestamp', async () => {
    expect(await nonces.use(FIRST, 'n-1', T0)).toBe(true);
    expect(await nonces.use(FIRST, 'n-1', T0)).toBe(false);
    expect(await nonces.use(FIRST, 'n-1', T0 + MINUTE)).toBe(false);
    expect(await nonces.use(FIRST, 'n-1', T0 - MINUTE)).toBe(false);
    expect(await nonces.use(FIRST, 'n-2', T0)).toBe(true);
  });

  it('keeps nonces per consumer: the same nonce is new for another integration', async () => {
    expect(await nonces.use(FIRST, 'shared', T0)).toBe(true);
    expect(await nonces.use(SECOND, 'shared', T0)).toBe(true);
    expect(await nonces.use(SECOND, 'shared', T0)).toBe(false);
    expect(await nonces.use(FIRST, 'shared', T0)).toBe(false);
  });

  it('refuses in one process a nonce used in another', async () => {
    expect(await nonces.use(FIRST, 'across', T0)).toBe(true);
    expect(await elsewhere.use(FIRST, 'across', T0)).toBe(false);
    expect(await elsewhere.use(FIRST, 'other', T0)).toBe(true);
    expect(await nonces.use(FIRST, 'other', T0)).toBe(false);
  });

  it('compares nonces exactly: case, trailing spaces, accents and normal forms are distinct', async () => {
    for (const nonce of ['abc', 'ABC', 'aBc', 'abc ', 'abc  ', 'nönce-ä', 'nonce-a', 'caf\u0065\u0301', 'caf\u00e9']) {
      expect({ nonce, accepted: await nonces.use(FIRST, nonce, T0) }).toEqual({ nonce, accepted: true });
    }
    expect(await nonces.use(FIRST, 'ABC', T0)).toBe(false);
    expect(await nonces.use(FIRST, 'abc ', T0)).toBe(false);
  });

  it('stores long and unicode nonces under a key of fixed length', async () => {
    const list = ['x'.repeat(254) + 'y', 'ノンス', '🔐🔑', 'ü'.repeat(255), `${'🔐'.repeat(127)}!`];
    for (const nonce of list) expect(await nonces.use(FIRST, nonce, T0)).toBe(true);
    for (const nonce of list) expect(await nonces.use(FIRST, nonce, T0)).toBe(false);
    const keys = await keysOf(FIRST);
    expect(keys).toHaveLength(list.length);
    for (const key of keys) expect(key).toMatch(new RegExp(`^${prefix}nonce:${FIRST}:[0-9a-f]{64}$`));
  });

  it('accepts exactly one of 20 concurrent uses of one nonce, from two processes', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? nonces : elsewhere).use(FIRST, 'race', T0)));
    expect(results.filter((accepted) => accepted)).toHaveLength(1);
    expect(await nonces.use(FIRST, 'race', T0)).toBe(false);
    expect(await keysOf(FIRST)).toHaveLength(1);
  });

  it('keeps a nonce as long as a request with its timestamp can be accepted (timestamp + skew, judged in whole seconds), and the margin', async () => {
    await nonces.use(FIRST, 'now', T0);
    await nonces.use(FIRST, 'old', T0 - SKEW);
    await nonces.use(FIRST, 'ahead', T0 + SKEW);
    const ttl = async (nonce: string): Promise<number> => {
      const [key] = (await keysOf(FIRST)).filter((candidate) => candidate.endsWith(createHash('sha256').update(nonce).digest('hex')));
      return inspect.ttl(key ?? 'missing');
    };
    // Accepted while the clock's second is at most timestamp + skew, so kept one second beyond it,
    // and the margin for the moment between the timestamp check and the SET.
    expect(await ttl('now')).toBeGreaterThanOrEqual(SKEW + MARGIN);
    expect(await ttl('now')).toBeLessThanOrEqual(SKEW + MARGIN + 1);
    expect(await ttl('old')).toBeGreaterThanOrEqual(MARGIN);
    expect(await ttl('old')).toBeLessThanOrEqual(MARGIN + 1);
    expect(await ttl('ahead')).toBeGreaterThanOrEqual(2 * SKEW + MARGIN);
    expect(await ttl('ahead')).toBeLessThanOrEqual(2 * SKEW + MARGIN + 1);
  });

  it('keeps a nonce at least one second, even for a timestamp already out of the window and its margin', async () => {
    clock.advance(2 * SKEW + MARGIN);
    expect(await nonces.use(FIRST, 'stale', T0)).toBe(true);
    expect(await nonces.use(FIRST, 'stale', T0)).toBe(false);
    const [key] = await keysOf(FIRST);
    expect(await inspect.ttl(key ?? 'missing')).toBe(1);
  });

  it('sends the uses of one turn in one batch and answers each: one nonce accepted once, others each once', async () => {
    const results = await Promise.all(['a', 'b', 'a', 'c', 'b', 'a'].map((nonce) => nonces.use(FIRST, nonce, T0)));
    expect(results).toEqual([true, true, false, true, false, false]);
    expect(await keysOf(FIRST)).toHaveLength(3);
  });

  it('leaves purging to expiry: purgeOlderThan deletes nothing and answers 0', async () => {
    await nonces.use(FIRST, 'kept', T0 - 2 * MINUTE);
    expect(await nonces.purgeOlderThan(T0 + SKEW)).toBe(0);
    expect(await nonces.use(FIRST, 'kept', T0)).toBe(false);
  });
});
