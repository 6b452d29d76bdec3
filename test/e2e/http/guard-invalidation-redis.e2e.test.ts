import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AesGcmSecretCipher } from '../../../src/adapters/crypto/aes-gcm-secret-cipher';
import { recreateMysqlDatabase } from '../../../src/infrastructure/tools/migration-tool';
import { describeMysql } from '../../integration/persistence/backends';
import { spawnServer, type ChildServer } from '../../support/child-server';
import { freePort } from '../../support/free-port';
import { describeRedis, randomKeyPrefix, testRedisUrl } from '../../support/redis';
import { anActiveIntegration, forwardAuthHeaders, signedHeader, type IntegrationCredentials } from './forward-auth-support';
import { startTestServer, type TestServer } from './server-harness';

/**
 * With REDIS_URL, a change committed by one server process reaches the guard's cache of every
 * other at once over pub/sub, instead of within the cache's 1 s TTL (guard-staleness.e2e.test.ts).
 * Server A (this process) makes the change; server B (a second OS process on the same MariaDB and
 * Redis) is asked through forward-auth right after the change returns, every 2 ms, until it
 * refuses. The delay is printed; it must be well under the TTL. Nonces live in Redis: one spent
 * on A is refused on B.
 */
const ROOT = join(__dirname, '..', '..', '..');
const DATABASE = 'portcullis_test_e2e_guard_redis';
const PUBLIC_BASE_URL = 'http://shop.test';
const ACL = 'Portcullis::acl';
const INTEGRATIONS = 'Portcullis::integrations';
/** Far below the cache's TTL (1000 ms): only an invalidation explains a refusal this soon. */
const WELL_BEFORE_TTL_MS = 500;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const describeBoth: jest.Describe = describeMysql === describe.skip ? describe.skip : describeRedis;

describeBoth('guard invalidation across two server processes over Redis pub/sub', () => {
  const secretKey = AesGcmSecretCipher.generateKey().toString('hex');
  const keyPrefix = randomKeyPrefix();
  const measured: string[] = [];
  let a: TestServer;
  let b: ChildServer | undefined;
  let dataDirB: string;
  let admin: string;
  let counter = 0;

  beforeAll(async () => {
    const base = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_test';
    const databaseUrl = base.replace(/\/[^/]*$/, `/${DATABASE}`);
    await recreateMysqlDatabase(databaseUrl);
    const redisUrl = testRedisUrl();
    a = await startTestServer('mysql', {
      externalDatabaseUrl: databaseUrl,
      config: { port: await freePort(), host: '127.0.0.1', secretKey, publicBaseUrl: PUBLIC_BASE_URL, redisUrl, redisKeyPrefix: keyPrefix },
    });
    dataDirB = mkdtempSync(join(tmpdir(), 'portcullis-e2e-redis-b-'));
    b = await spawnServer(ROOT, { DATABASE_URL: databaseUrl, PORTCULLIS_SECRET_KEY: secretKey, PUBLIC_BASE_URL, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix }, dataDirB);
    admin = await a.signIn();
  }, 90_000);
  afterAll(async () => {
    await b?.stop();
    await a?.close();
    rmSync(dataDirB, { recursive: true, force: true });
    if (measured.length > 0) process.stdout.write(`\nguard invalidation over Redis, A's change returned -> B refuses: ${measured.join(', ')}\n`);
  });

  const anIntegration = (resources: readonly string[]): Promise<{ id: string; credentials: IntegrationCredentials }> => anActiveIntegration(a, admin, `Invalidated ${++counter}`, resources);
  /** Asks server B whether a request to the host's API may pass. */
  const askB = async (required: string, authorization: string): Promise<number> =>
    (await fetch(`${b?.origin ?? ''}/rest/V1/authorize`, { headers: forwardAuthHeaders(authorization, required) })).status;
  const signed = (credentials: IntegrationCredentials, nonce?: string): string =>
    signedHeader(credentials, { publicBaseUrl: PUBLIC_BASE_URL, ...(nonce !== undefined ? { nonce } : {}) });
  /**
   * Makes the change on A, then asks B every 2 ms until it answers `refused`; records and returns
   * the milliseconds from A's answer to B's refusal (polling stops after 2 s).
   */
  const untilBRefuses = async (what: string, change: () => Promise<void>, ask: () => Promise<number>, refused: number): Promise<number> => {
    await change();
    const changed = performance.now();
    let status = await ask();
    while (status !== refused && performance.now() - changed < 2000) {
      await delay(2);
      status = await ask();
    }
    const elapsed = performance.now() - changed;
    expect(status).toBe(refused);
    measured.push(`${what} ${elapsed.toFixed(1)} ms`);
    return elapsed;
  };

  it('a token revoked on A is refused by B at once', async () => {
    const { id, credentials } = await anIntegration([ACL]);
    expect(await askB(ACL, signed(credentials))).toBe(200);

    const elapsed = await untilBRefuses(
      'revoke',
      async () => expect((await a.call('POST', `/rest/V1/integrations/${id}/revoke`, { token: admin })).statusCode).toBe(200),
      () => askB(ACL, signed(credentials)),
      401,
    );
    expect(elapsed).toBeLessThan(WELL_BEFORE_TTL_MS);
  });

  it('a grant narrowed on A is applied by B at once', async () => {
    const { id, credentials } = await anIntegration([ACL, INTEGRATIONS]);
    expect(await askB(INTEGRATIONS, signed(credentials))).toBe(200);

    const elapsed = await untilBRefuses(
      'narrowed grant',
      async () => {
        const narrowed = await a.call('PUT', `/rest/V1/integrations/${id}`, { token: admin, body: { resourceAccess: 'custom', resources: [ACL], currentPassword: a.adminPassword } });
        expect(narrowed.statusCode).toBe(200);
      },
      () => askB(INTEGRATIONS, signed(credentials)),
      403,
    );
    expect(elapsed).toBeLessThan(WELL_BEFORE_TTL_MS);
    expect(await askB(ACL, signed(credentials))).toBe(200);
  });

  it('an integration deleted on A is refused by B at once', async () => {
    const { id, credentials } = await anIntegration([ACL]);
    expect(await askB(ACL, signed(credentials))).toBe(200);

    const elapsed = await untilBRefuses(
      'deleted integration',
      async () => expect((await a.call('DELETE', `/rest/V1/integrations/${id}`, { token: admin })).statusCode).toBe(200),
      () => askB(ACL, signed(credentials)),
      401,
    );
    expect(elapsed).toBeLessThan(WELL_BEFORE_TTL_MS);
  });

  it('an admin token signed out on A is refused by B at once', async () => {
    const token = await a.signIn();
    expect(await askB(ACL, `Bearer ${token}`)).toBe(200);

    const elapsed = await untilBRefuses(
      'sign-out',
      async () => expect((await a.call('DELETE', '/rest/V1/integration/admin/token', { token })).statusCode).toBe(200),
      () => askB(ACL, `Bearer ${token}`),
      401,
    );
    expect(elapsed).toBeLessThan(WELL_BEFORE_TTL_MS);
  });

  it('a nonce used on A is refused on B, and one used on B is refused on A', async () => {
    const { credentials } = await anIntegration([ACL]);
    const onA = signed(credentials, 'spent-on-a');
    expect((await a.call('GET', '/rest/V1/authorize', { headers: forwardAuthHeaders(onA, ACL) })).statusCode).toBe(200);
    expect(await askB(ACL, onA)).toBe(401);

    const onB = signed(credentials, 'spent-on-b');
    expect(await askB(ACL, onB)).toBe(200);
    expect((await a.call('GET', '/rest/V1/authorize', { headers: forwardAuthHeaders(onB, ACL) })).statusCode).toBe(401);
  });
});
