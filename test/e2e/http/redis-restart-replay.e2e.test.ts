import { describeRedis, randomKeyPrefix, startPrivateRedis, type PrivateRedis } from '../../support/redis';
import { anActiveIntegration, forwardAuthHeaders, signedHeader, timestampOf, type IntegrationCredentials } from './forward-auth-support';
import { startTestServer, type TestServer } from './server-harness';

const PUBLIC_BASE_URL = 'http://shop.test';
const ACL = 'Portcullis::acl';
/** The server's default OAUTH_TIMESTAMP_SKEW_SECONDS. */
const SKEW = 600;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A server on SQLite with its nonces in `redis`, and an active integration's credentials. */
async function serverOn(redis: PrivateRedis): Promise<{ t: TestServer; credentials: IntegrationCredentials }> {
  const t = await startTestServer('sqlite', { config: { publicBaseUrl: PUBLIC_BASE_URL, redisUrl: redis.url, redisKeyPrefix: randomKeyPrefix() } });
  const { credentials } = await anActiveIntegration(t, await t.signIn(), 'Replayed after restart', [ACL]);
  return { t, credentials };
}

/** The Authorization header of one signed call, at the server clock's second unless told. */
function signed(t: TestServer, credentials: IntegrationCredentials, nonce: string, timestamp = timestampOf(t)): string {
  return signedHeader(credentials, { publicBaseUrl: PUBLIC_BASE_URL, nonce, timestamp });
}

/** Sends the same header bytes (a captured request, when sent again) through forward-auth. */
const send = (t: TestServer, authorization: string): ReturnType<TestServer['call']> =>
  t.call('GET', '/rest/V1/authorize', { headers: forwardAuthHeaders(authorization, ACL) });

/** Waits until the server's connections to Redis are back (GET /ready answers 200). */
async function untilReady(t: TestServer): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await t.call('GET', '/ready')).statusCode !== 200) {
    if (Date.now() > deadline) throw new Error('the server did not reconnect to Redis');
    await delay(100);
  }
}

/**
 * A captured signed request must stay refused after Redis restarts: with its data (persistence, as
 * docs/scaling.md asks), the nonce is still there; without it (a restart with no persistence, a
 * failover to a lagging replica, an eviction), the store finds its epoch gone and answers every
 * call of the lost window 503 instead of accepting a replay, until the window has passed.
 */
describeRedis('Replay after a Redis restart (private redis-server)', () => {
  describe('with persistence (appendonly, fsync always)', () => {
    let redis: PrivateRedis;
    let t: TestServer;
    let credentials: IntegrationCredentials;

    beforeAll(async () => {
      redis = await startPrivateRedis({ persistent: true });
      ({ t, credentials } = await serverOn(redis));
    }, 60_000);
    afterAll(async () => {
      await t?.close();
      await redis?.dispose();
    });

    it('refuses the replay of a request spent before the restart, and serves fresh calls at once', async () => {
      const captured = signed(t, credentials, 'captured-once');
      expect((await send(t, captured)).statusCode).toBe(200);
      expect((await send(t, captured)).statusCode).toBe(401);

      await redis.kill();
      await redis.start();
      await untilReady(t);
      expect((await send(t, captured)).statusCode).toBe(401);
      expect((await send(t, signed(t, credentials, 'fresh-after-restart'))).statusCode).toBe(200);
    }, 60_000);
  });

  describe('without persistence (restarted empty)', () => {
    let redis: PrivateRedis;
    let t: TestServer;
    let credentials: IntegrationCredentials;

    beforeAll(async () => {
      redis = await startPrivateRedis();
      ({ t, credentials } = await serverOn(redis));
    }, 60_000);
    afterAll(async () => {
      await t?.close();
      await redis?.dispose();
    });

    it('answers the replay 503, never 200, and every call of the lost window, then serves calls signed after it', async () => {
      const captured = signed(t, credentials, 'captured-once');
      expect((await send(t, captured)).statusCode).toBe(200);
      expect((await send(t, captured)).statusCode).toBe(401);

      await redis.kill();
      await redis.start();
      await untilReady(t);
      const replay = await send(t, captured);
      expect(replay.statusCode).toBe(503);
      expect(replay.headers['retry-after']).toBe('5');
      // A fresh call of the window: its timestamp is one a lost nonce could have had.
      expect((await send(t, signed(t, credentials, 'fresh-in-window'))).statusCode).toBe(503);
      expect((await send(t, captured)).statusCode).toBe(503);

      // Once the window of the loss has passed, signed calls are checked as before.
      t.clock.advance(SKEW + 1);
      const fresh = signed(t, credentials, 'fresh-after-window');
      expect((await send(t, fresh)).statusCode).toBe(200);
      expect((await send(t, fresh)).statusCode).toBe(401);
      // The captured request is now refused on its timestamp, too old (400).
      expect((await send(t, captured)).statusCode).toBe(400);
    }, 60_000);
  });
});
