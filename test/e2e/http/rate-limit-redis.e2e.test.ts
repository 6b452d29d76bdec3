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
 * An integration's rate limit across two server processes on one MariaDB. Server A runs in this
 * process, server B in a second OS process; a burst of signed forward-auth calls alternates
 * between them, in a few concurrent lanes. With REDIS_URL (same Redis, same key prefix) the bucket
 * is shared: both together allow the limit, plus what the bucket refills during the burst. Without
 * it each process keeps its own bucket in memory, and each allows the limit.
 */
const ROOT = join(__dirname, '..', '..', '..');
const DATABASE = 'portcullis_test_e2e_rate_limit_redis';
const PUBLIC_BASE_URL = 'http://shop.test';
const ACL = 'Portcullis::acl';
const RATE_LIMIT = { limit: 100, windowSeconds: 60 };
const CALLS = 300;
const LANES = 6;
/** How far the allowed count may stray from the bucket's content. */
const TOLERANCE = 0.05;

const describeBoth: jest.Describe = describeMysql === describe.skip ? describe.skip : describeRedis;

interface Answer {
  readonly server: 'A' | 'B';
  readonly status: number;
  readonly code: string | undefined;
  readonly retryAfter: string | undefined;
}

interface Burst {
  readonly answers: readonly Answer[];
  /** From the first call sent to the last answer. */
  readonly seconds: number;
}

/** The two servers on one database, and what the tests ask them. */
interface Pair {
  readonly a: TestServer;
  readonly b: ChildServer;
  readonly admin: string;
}

function databaseUrl(): string {
  const base = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_test';
  return base.replace(/\/[^/]*$/, `/${DATABASE}`);
}

/**
 * Server A here and server B in its own process, on a fresh database, with `redis` (URL and key
 * prefix) or without it (B is told no REDIS_URL, whatever this process's environment says).
 */
async function startPair(secretKey: string, dataDirB: string, redis?: { url: string; keyPrefix: string }): Promise<Pair> {
  const url = databaseUrl();
  await recreateMysqlDatabase(url);
  const a = await startTestServer('mysql', {
    externalDatabaseUrl: url,
    config: { port: await freePort(), host: '127.0.0.1', secretKey, publicBaseUrl: PUBLIC_BASE_URL, ...(redis !== undefined ? { redisUrl: redis.url, redisKeyPrefix: redis.keyPrefix } : {}) },
  });
  try {
    const b = await spawnServer(
      ROOT,
      { DATABASE_URL: url, PORTCULLIS_SECRET_KEY: secretKey, PUBLIC_BASE_URL, REDIS_URL: redis?.url ?? '', REDIS_KEY_PREFIX: redis?.keyPrefix ?? '' },
      dataDirB,
    );
    return { a, b, admin: await a.signIn() };
  } catch (error) {
    await a.close();
    throw error;
  }
}

/** An active integration allowed ACL, given RATE_LIMIT through the REST update. */
async function aRateLimitedIntegration(pair: Pair, name: string): Promise<IntegrationCredentials> {
  const { id, credentials } = await anActiveIntegration(pair.a, pair.admin, name, [ACL]);
  const updated = await pair.a.call('PUT', `/rest/V1/integrations/${id}`, { token: pair.admin, body: { policy: { rateLimit: RATE_LIMIT }, currentPassword: pair.a.adminPassword } });
  expect(updated.statusCode).toBe(200);
  expect(updated.json<{ integration: { policy: { rateLimit: unknown } } }>().integration.policy.rateLimit).toEqual(RATE_LIMIT);
  return credentials;
}

/** CALLS signed forward-auth questions, call i to A when i is even and to B when odd, in LANES concurrent lanes. */
async function burst(pair: Pair, credentials: IntegrationCredentials): Promise<Burst> {
  const ask = async (i: number): Promise<Answer> => {
    const headers = forwardAuthHeaders(signedHeader(credentials, { publicBaseUrl: PUBLIC_BASE_URL }), ACL);
    if (i % 2 === 0) {
      const response = await pair.a.call('GET', '/rest/V1/authorize', { headers });
      const retryAfter = response.headers['retry-after'];
      return { server: 'A', status: response.statusCode, code: response.json<{ code?: string }>().code, retryAfter: retryAfter === undefined ? undefined : String(retryAfter) };
    }
    const response = await fetch(`${pair.b.origin}/rest/V1/authorize`, { headers });
    return { server: 'B', status: response.status, code: ((await response.json()) as { code?: string }).code, retryAfter: response.headers.get('retry-after') ?? undefined };
  };
  const answers: Answer[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: LANES }, async (_, lane) => {
      for (let i = lane; i < CALLS; i += LANES) answers.push(await ask(i));
    }),
  );
  return { answers, seconds: (performance.now() - started) / 1000 };
}

/** The most a bucket of RATE_LIMIT refills in `seconds`. */
const refillIn = (seconds: number): number => (RATE_LIMIT.limit * seconds) / RATE_LIMIT.windowSeconds;

/** Every answer is an allowance, or a 429 GUARD.RATE_LIMITED saying when to retry. */
function expectAllowedOrRateLimited(answers: readonly Answer[]): void {
  for (const answer of answers) {
    if (answer.status === 200) continue;
    expect(answer).toEqual({ server: answer.server, status: 429, code: 'GUARD.RATE_LIMITED', retryAfter: expect.stringMatching(/^[1-9][0-9]*$/) as unknown });
  }
}

/** `allowed` lies within TOLERANCE of the bucket's content: the limit, up to the limit plus the refill in `seconds`. */
function expectBucketAllowed(allowed: number, seconds: number): void {
  expect(allowed).toBeGreaterThanOrEqual(Math.floor(RATE_LIMIT.limit * (1 - TOLERANCE)));
  expect(allowed).toBeLessThanOrEqual(Math.ceil((RATE_LIMIT.limit + refillIn(seconds)) * (1 + TOLERANCE)));
}

const allowedOf = (answers: readonly Answer[], server?: 'A' | 'B'): number => answers.filter((answer) => answer.status === 200 && (server === undefined || answer.server === server)).length;

describeBoth('rate limit shared by two server processes over Redis', () => {
  const secretKey = AesGcmSecretCipher.generateKey().toString('hex');
  const keyPrefix = randomKeyPrefix();
  let pair: Pair | undefined;
  let dataDirB: string;

  beforeAll(async () => {
    dataDirB = mkdtempSync(join(tmpdir(), 'portcullis-e2e-rate-limit-b-'));
    pair = await startPair(secretKey, dataDirB, { url: testRedisUrl(), keyPrefix });
  }, 90_000);
  afterAll(async () => {
    await pair?.b.stop();
    await pair?.a.close();
    rmSync(dataDirB, { recursive: true, force: true });
  });

  it('allows the limit once across both processes, plus at most the refill during the burst, and refuses the rest with 429', async () => {
    if (pair === undefined) throw new Error('the servers did not start');
    const credentials = await aRateLimitedIntegration(pair, 'Rate limited over Redis');

    const { answers, seconds } = await burst(pair, credentials);
    const allowed = allowedOf(answers);
    process.stdout.write(
      `\nrate limit ${RATE_LIMIT.limit}/${RATE_LIMIT.windowSeconds} s over Redis: ${CALLS} calls in ${seconds.toFixed(2)} s allowed ${allowed} (A ${allowedOf(answers, 'A')}, B ${allowedOf(answers, 'B')}); refill at most ${refillIn(seconds).toFixed(1)}\n`,
    );

    expect(answers).toHaveLength(CALLS);
    expectAllowedOrRateLimited(answers);
    expectBucketAllowed(allowed, seconds);
    // Both processes took from the one bucket, and both refused once it was empty.
    expect(allowedOf(answers, 'A')).toBeGreaterThan(0);
    expect(allowedOf(answers, 'B')).toBeGreaterThan(0);
    expect(answers.filter((answer) => answer.status === 429).map((answer) => answer.server)).toEqual(expect.arrayContaining(['A', 'B']));
  });
});

describeMysql('rate limit of two server processes without Redis: a bucket per process', () => {
  const secretKey = AesGcmSecretCipher.generateKey().toString('hex');
  let pair: Pair | undefined;
  let dataDirB: string;

  beforeAll(async () => {
    dataDirB = mkdtempSync(join(tmpdir(), 'portcullis-e2e-rate-limit-b-'));
    pair = await startPair(secretKey, dataDirB);
  }, 90_000);
  afterAll(async () => {
    await pair?.b.stop();
    await pair?.a.close();
    rmSync(dataDirB, { recursive: true, force: true });
  });

  it('allows the limit in each process: twice the limit across the two', async () => {
    if (pair === undefined) throw new Error('the servers did not start');
    const credentials = await aRateLimitedIntegration(pair, 'Rate limited per process');

    const { answers, seconds } = await burst(pair, credentials);
    process.stdout.write(
      `\nrate limit ${RATE_LIMIT.limit}/${RATE_LIMIT.windowSeconds} s without Redis: ${CALLS} calls in ${seconds.toFixed(2)} s allowed A ${allowedOf(answers, 'A')}, B ${allowedOf(answers, 'B')}\n`,
    );

    expect(answers).toHaveLength(CALLS);
    expectAllowedOrRateLimited(answers);
    // A's clock stands still (the test server's FixedClock): its bucket never refills.
    expect(allowedOf(answers, 'A')).toBe(RATE_LIMIT.limit);
    expectBucketAllowed(allowedOf(answers, 'B'), seconds);
  });
});
