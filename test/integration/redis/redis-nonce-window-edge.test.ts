import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisConnections } from '../../../src/adapters/redis/redis-connections';
import { RedisNonceRepository } from '../../../src/adapters/redis/redis-nonce.repository';
import { NONCE_RETENTION_MARGIN_SECONDS } from '../../../src/application/oauth/oauth.settings';
import { FixedClock } from '../../support/deterministic-ports';
import { describeRedis, randomKeyPrefix, testRedisUrl } from '../../support/redis';

const SKEW = 600;
const INTEGRATION = '7b0a3c1e-0000-4000-8000-0000000000aa';

/**
 * ConsumerRequestChecks judges oauth_timestamp in identify() and spends the nonce later, in
 * authenticate(), after the integration and token lookups. A replay whose timestamp check ran in
 * the window's last second (still accepted) spends its nonce a moment after the window closed: the
 * first use must still be there then. Without a margin, a nonce spent in that last second lived 1 s
 * in Redis, and the replay's SET a few ms later found it expired and was accepted (a review's
 * reproduction, which waited for the expiry).
 */
describeRedis('Redis nonce at the edge of the timestamp window', () => {
  let connections: RedisConnections;
  let inspect: Redis;

  beforeAll(async () => {
    connections = await RedisConnections.open(testRedisUrl());
    inspect = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    await connections?.close();
    inspect?.disconnect();
  });

  it('keeps a nonce spent in the window’s last second for the margin, and refuses a replay spent after the window closed', async () => {
    const prefix = randomKeyPrefix();
    const T = Math.floor(Date.now() / 1000) - SKEW;
    // The original request, spent exactly at second T + SKEW (the last accepted second).
    const clock = new FixedClock(new Date((T + SKEW) * 1000));
    const nonces = await RedisNonceRepository.open(connections.commands, { keyPrefix: prefix, timestampSkewSeconds: SKEW, clock });
    expect(await nonces.use(INTEGRATION, 'edge', T)).toBe(true);

    const key = `${prefix}nonce:${INTEGRATION}:${createHash('sha256').update('edge', 'utf8').digest('hex')}`;
    // Redis keeps it beyond the window's last second by the margin (TTL rounds down).
    expect(await inspect.ttl(key)).toBeGreaterThanOrEqual(NONCE_RETENTION_MARGIN_SECONDS);

    // The replay: identify() at T + SKEW + 0.999 s accepts the timestamp (floor(now) - T === SKEW)...
    const identifyAt = T + SKEW + 0.999;
    expect(Math.abs(T - Math.floor(identifyAt))).toBeLessThanOrEqual(SKEW);
    // ...and its SET NX runs after the window closed.
    clock.advance(1);
    expect(await nonces.use(INTEGRATION, 'edge', T)).toBe(false);
    await inspect.del(key, `${prefix}nonce-epoch`);
  });
});
