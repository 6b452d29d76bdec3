import { describeRedis, randomKeyPrefix, startPrivateRedis, type PrivateRedis } from '../../support/redis';
import { anActiveIntegration, forwardAuthHeaders, signedHeader, type IntegrationCredentials } from './forward-auth-support';
import { startTestServer, type TestServer } from './server-harness';

const PUBLIC_BASE_URL = 'http://shop.test';
const ACL = 'Portcullis::acl';
const UNAVAILABLE = { message: 'The database is unavailable. Try again shortly.', code: 'SERVICE.DATABASE_UNAVAILABLE' };

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * With REDIS_URL the nonce of every signed call is spent in Redis: while Redis is away, the guard
 * must answer 503 with Retry-After at once (never 200 without the nonce check, never 401), and
 * serve again by itself when Redis is back. The server runs on SQLite and a redis-server of the
 * test's own with persistence, as docs/scaling.md asks, killed and restarted on the same port with
 * its data (a restart without it: redis-restart-replay.e2e.test.ts).
 */
describeRedis('Redis outage and recovery (private redis-server)', () => {
  let redis: PrivateRedis;
  let t: TestServer;
  let admin: string;
  let credentials: IntegrationCredentials;

  beforeAll(async () => {
    redis = await startPrivateRedis({ persistent: true });
    t = await startTestServer('sqlite', { config: { publicBaseUrl: PUBLIC_BASE_URL, redisUrl: redis.url, redisKeyPrefix: randomKeyPrefix() } });
    admin = await t.signIn();
    ({ credentials } = await anActiveIntegration(t, admin, 'Signs through the outage', [ACL]));
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await redis?.dispose();
  });

  /** A signed call of the host's API, asked through forward-auth. */
  const signedCall = (nonce?: string): ReturnType<TestServer['call']> =>
    t.call('GET', '/rest/V1/authorize', {
      headers: forwardAuthHeaders(signedHeader(credentials, { publicBaseUrl: PUBLIC_BASE_URL, ...(nonce !== undefined ? { nonce } : {}) }), ACL),
    });

  it('answers signed calls 503 with Retry-After while Redis is down, and 200 again once it is back', async () => {
    expect((await signedCall()).statusCode).toBe(200);
    expect((await signedCall('spent-before-the-outage')).statusCode).toBe(200);

    await redis.kill();
    for (let i = 0; i < 3; i++) {
      const refused = await signedCall();
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toEqual(UNAVAILABLE);
      expect(refused.headers['retry-after']).toBe('5');
    }
    // Readiness says so too; the database keeps everything else: the admin API still answers.
    expect((await t.call('GET', '/ready')).statusCode).toBe(503);
    expect((await t.call('GET', '/rest/V1/integrations', { token: admin })).statusCode).toBe(200);

    await redis.start();
    const deadline = Date.now() + 20_000;
    let status = (await signedCall()).statusCode;
    while (status !== 200 && Date.now() < deadline) {
      expect(status).toBe(503);
      await delay(100);
      status = (await signedCall()).statusCode;
    }
    expect(status).toBe(200);
    expect((await t.call('GET', '/ready')).statusCode).toBe(200);
  }, 60_000);

  it('refuses a replayed nonce after the recovery, and a nonce is spent only once', async () => {
    expect((await signedCall('spent-before-the-outage')).statusCode).toBe(401);
    expect((await signedCall('once-after-recovery')).statusCode).toBe(200);
    expect((await signedCall('once-after-recovery')).statusCode).toBe(401);
  });
});
