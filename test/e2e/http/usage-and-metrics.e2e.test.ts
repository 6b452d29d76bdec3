import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AesGcmSecretCipher } from '../../../src/adapters/crypto/aes-gcm-secret-cipher';
import { describeMysql, siblingMysqlDatabase } from '../../integration/persistence/backends';
import { R, SHOP_ACL } from '../../support/acl-fixtures';
import { startPrivateMariaDb, type PrivateMariaDb } from '../../support/private-mariadb';
import { jsonOf, runCli } from '../cli/cli-harness';
import { anActiveIntegration, forwardAuthHeaders, signedHeader, timestampOf, type IntegrationCredentials } from './forward-auth-support';
import { startTestServer, type BackendKind, type TestServer } from './server-harness';
import { oauth1aHeader } from '../../support/oauth-clients';

/**
 * Usage per integration and the metrics on the standalone server (issue 20): calls made through
 * forward-auth and the admin API's own routes, by a real OAuth 1.0a client, counted per hour and
 * outcome, flushed, and read back through the REST API and the CLI; GET /metrics in each mode.
 */
const PUBLIC = 'https://shop.test';
const INTEGRATIONS = 'Portcullis::integrations';
const METRICS = 'Portcullis::metrics';
const START_TIMEOUT = 90_000;
const HOUR_MS = 3_600_000;

const hourOf = (time: Date): Date => new Date(Math.floor(time.getTime() / HOUR_MS) * HOUR_MS);

interface UsageDocument {
  integrationId: string;
  from: string;
  to: string;
  hours: Array<{ hour: string; allowed: number; refused: Record<string, number> }>;
  totals: { allowed: number; refused: Record<string, number> };
}

/** The value of one sample line of Prometheus's text format, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const decisions = (text: string, outcome: string, reason: string): number => sample(text, `portcullis_guard_decisions_total{outcome="${outcome}",reason="${reason}"}`) ?? NaN;

/** What a test needs of a server on one backend: it, an admin token, and the settings the CLI opens the same database with. */
interface World {
  readonly t: TestServer;
  readonly admin: string;
  readonly cliEnv: Record<string, string>;
}

async function openWorld(kind: BackendKind, config: Parameters<typeof startTestServer>[1] = {}): Promise<World> {
  const secretKey = AesGcmSecretCipher.generateKey().toString('hex');
  const mysqlDatabase = siblingMysqlDatabase('e2e_usage');
  const t = await startTestServer(kind, {
    mysqlDatabase,
    ...config,
    config: { publicBaseUrl: PUBLIC, secretKey, ...config.config },
    overrides: { aclResources: [SHOP_ACL], ...config.overrides },
  });
  const base = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_test';
  const databaseUrl = kind === 'sqlite' ? `sqlite:${join(t.dataDir, 'portcullis.sqlite')}` : base.replace(/\/[^/]*$/, `/${mysqlDatabase}`);
  return { t, admin: await t.signIn(), cliEnv: { DATABASE_URL: config.externalDatabaseUrl ?? databaseUrl, PORTCULLIS_SECRET_KEY: secretKey, PORTCULLIS_DATA_DIR: t.dataDir } };
}

/** Forward-auth's answer to a request with this Authorization, needing `required` (default Orders). */
async function forwardAuth(t: TestServer, authorization: string | undefined, required: string = R.orders): Promise<number> {
  return (await t.call('GET', '/rest/V1/authorize', { headers: forwardAuthHeaders(authorization, required) })).statusCode;
}

const signed = (t: TestServer, credentials: IntegrationCredentials, extra: { nonce?: string; timestamp?: number; uri?: string; method?: string } = {}): string =>
  signedHeader(credentials, { publicBaseUrl: PUBLIC, timestamp: timestampOf(t), ...extra });

/** An admin API call signed by the integration (the routes integrations may call). */
function signedAdminCall(t: TestServer, credentials: IntegrationCredentials, path: string): Promise<{ statusCode: number }> {
  const authorization = oauth1aHeader({
    method: 'GET',
    url: `${PUBLIC}${path}`,
    consumerKey: credentials.consumerKey,
    consumerSecret: credentials.consumerSecret,
    token: credentials.accessToken,
    tokenSecret: credentials.accessTokenSecret,
    timestamp: timestampOf(t),
  });
  return t.call('GET', path, { headers: { authorization } });
}

function usageSuite(kind: BackendKind): void {
  let world: World;
  let counter = 0;
  beforeAll(async () => {
    world = await openWorld(kind);
  }, START_TIMEOUT);
  afterAll(() => world?.t.close());

  const anIntegration = (resources: readonly string[]): Promise<{ id: string; credentials: IntegrationCredentials }> =>
    anActiveIntegration(world.t, world.admin, `Usage ${kind} ${++counter}`, resources);

  it('counts the calls made through forward-auth and the admin API exactly, and the REST API and the CLI answer them alike', async () => {
    const { t, admin } = world;
    const { id, credentials } = await anIntegration([R.orders, INTEGRATIONS]);
    const bystander = await anIntegration([R.orders]);

    for (let i = 0; i < 4; i++) expect(await forwardAuth(t, signed(t, credentials))).toBe(200);
    expect(await forwardAuth(t, signed(t, bystander.credentials))).toBe(200);
    expect(await forwardAuth(t, signed(t, { ...credentials, consumerSecret: 's'.repeat(32) }))).toBe(401);
    const replayed = signed(t, credentials, { nonce: `replay-${kind}` });
    expect(await forwardAuth(t, replayed)).toBe(200);
    expect(await forwardAuth(t, replayed)).toBe(401);
    expect(await forwardAuth(t, signed(t, credentials, { timestamp: timestampOf(t) - 3600 }))).toBe(400);
    expect(await forwardAuth(t, signed(t, credentials), R.customers)).toBe(403);
    for (let i = 0; i < 2; i++) expect((await signedAdminCall(t, credentials, '/rest/V1/integrations')).statusCode).toBe(200);
    expect((await t.call('POST', `/rest/V1/integrations/${id}/revoke`, { token: admin })).statusCode).toBe(200);
    expect(await forwardAuth(t, signed(t, credentials))).toBe(401);

    expect(await t.server.flushUsage()).toMatchObject({ failed: 0 });
    const hour = hourOf(t.clock.now());
    const from = new Date(hour.getTime() - HOUR_MS).toISOString();
    const to = new Date(hour.getTime() + HOUR_MS).toISOString();
    const expected: UsageDocument = {
      integrationId: id,
      from,
      to,
      hours: [{ hour: hour.toISOString(), allowed: 7, refused: { signature: 1, nonce: 1, timestamp: 1, forbidden: 1, revoked: 1 } }],
      totals: { allowed: 7, refused: { signature: 1, nonce: 1, timestamp: 1, forbidden: 1, revoked: 1 } },
    };
    const rest = await t.call('GET', `/rest/V1/integrations/${id}/usage?from=${from}&to=${to}`, { token: admin });
    expect(rest.statusCode).toBe(200);
    expect(rest.json()).toEqual(expected);

    const cli = await runCli(['integration:usage', id, '--from', from, '--to', to, '--json'], world.cliEnv);
    expect(jsonOf(cli)).toEqual(expected);
    const table = await runCli(['integration:usage', id, '--from', from, '--to', to], world.cliEnv);
    expect(table.code).toBe(0);
    const label = `${hour.toISOString().slice(0, 10)} ${hour.toISOString().slice(11, 16)}`;
    expect(table.stdout.split('\n').find((line) => line.startsWith(label))?.split(/\s{2,}/)).toEqual([label, '7', '5', 'signature 1, nonce 1, timestamp 1, revoked 1, forbidden 1']);

    const listed = (await t.call('GET', '/rest/V1/integrations?pageSize=200', { token: admin })).json<{ items: Array<{ id: string; calls24h: number }> }>();
    expect(listed.items.find((item) => item.id === id)?.calls24h).toBe(7);
    expect(listed.items.find((item) => item.id === bystander.id)?.calls24h).toBe(1);
  });

  it('answers 404 for an unknown integration and 400 for a span it cannot answer', async () => {
    const { t, admin } = world;
    expect((await t.call('GET', '/rest/V1/integrations/nope/usage', { token: admin })).json()).toMatchObject({ code: 'INTEGRATION.NOT_FOUND' });
    const { id } = await anIntegration([R.orders]);
    const backwards = await t.call('GET', `/rest/V1/integrations/${id}/usage?from=2026-12-05&to=2026-12-04`, { token: admin });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ code: 'VALIDATION.RANGE_INVALID' });
    const local = await t.call('GET', `/rest/V1/integrations/${id}/usage?from=2026-12-04T10:00`, { token: admin });
    expect(local.statusCode).toBe(400);
    expect(local.json()).toMatchObject({ errors: [{ field: 'from' }] });
    expect((await t.call('GET', `/rest/V1/integrations/${id}/usage?from=2026-02-30`, { token: admin })).statusCode).toBe(400);
  });

  it('adds up the counts of two servers flushing to one database', async () => {
    const { t, admin } = world;
    const second = await startTestServer(kind, {
      externalDatabaseUrl: world.cliEnv.DATABASE_URL ?? '',
      config: { publicBaseUrl: PUBLIC, secretKey: world.cliEnv.PORTCULLIS_SECRET_KEY ?? '' },
      overrides: { aclResources: [SHOP_ACL], clock: t.clock },
    });
    try {
      const { id, credentials } = await anIntegration([R.orders]);
      for (let i = 0; i < 3; i++) expect(await forwardAuth(t, signed(t, credentials))).toBe(200);
      for (let i = 0; i < 2; i++) expect(await forwardAuth(second, signed(t, credentials))).toBe(200);
      expect(await forwardAuth(second, signed(t, { ...credentials, consumerSecret: 's'.repeat(32) }))).toBe(401);
      if (kind === 'mysql') {
        await Promise.all([t.server.flushUsage(), second.server.flushUsage()]);
      } else {
        // Both servers run in this one process: a SQLite writer waiting for the other's lock would
        // block the event loop the other needs to commit. Processes of their own flush at once.
        await t.server.flushUsage();
        await second.server.flushUsage();
      }
      expect((await t.call('GET', `/rest/V1/integrations/${id}/usage`, { token: admin })).json<UsageDocument>().totals).toEqual({ allowed: 5, refused: { signature: 1 } });
    } finally {
      await second.server.close();
    }
  });

  it('serves /metrics to an admin or an integration granted Portcullis::metrics (as bearer), counting decisions and admin requests by route pattern', async () => {
    const { t, admin } = world;
    const scraper = await anIntegration([METRICS]);
    const stranger = await anIntegration([R.orders]);
    expect((await t.call('GET', '/metrics')).statusCode).toBe(401);
    expect((await t.call('GET', '/metrics', { token: stranger.credentials.accessToken })).statusCode).toBe(403);
    const before = await t.call('GET', '/metrics', { token: scraper.credentials.accessToken });
    expect(before.statusCode).toBe(200);
    expect(before.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);

    for (let i = 0; i < 3; i++) expect(await forwardAuth(t, signed(t, stranger.credentials))).toBe(200);
    expect(await forwardAuth(t, signed(t, { ...stranger.credentials, consumerSecret: 's'.repeat(32) }))).toBe(401);
    expect(await forwardAuth(t, undefined)).toBe(401);
    expect((await t.call('GET', `/rest/V1/integrations/${stranger.id}`, { token: admin })).statusCode).toBe(200);

    const after = await t.call('GET', '/metrics', { token: admin });
    expect(after.statusCode).toBe(200);
    const [b, a] = [before.body, after.body];
    expect(decisions(a, 'allowed', 'none') - decisions(b, 'allowed', 'none')).toBe(3);
    expect(decisions(a, 'refused', 'signature') - decisions(b, 'refused', 'signature')).toBe(1);
    expect(decisions(a, 'refused', 'unauthenticated') - decisions(b, 'refused', 'unauthenticated')).toBe(1);
    expect(sample(a, 'portcullis_guard_duration_seconds_count')).toBe(decisions(a, 'allowed', 'none') + a.split('\n').filter((line) => line.startsWith('portcullis_guard_decisions_total{outcome="refused"')).reduce((sum, line) => sum + Number(line.split(' ')[1]), 0));
    expect(sample(a, 'portcullis_admin_api_requests_total{method="GET",route="/rest/V1/integrations/:id",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(a).not.toContain(stranger.id);
    expect(sample(a, 'portcullis_database_up')).toBe(1);
    expect(a).toContain('portcullis_process_cpu_seconds_total');
  });
}

describe('usage and metrics on the standalone server (SQLite)', () => {
  usageSuite('sqlite');

  it('keeps the counts of a flush the database refused, and writes them once it is back: nothing lost, nothing twice', async () => {
    const world = await openWorld('sqlite');
    try {
      const { t, admin } = world;
      const { id, credentials } = await anActiveIntegration(t, admin, 'Locked out', [R.orders]);
      for (let i = 0; i < 3; i++) expect(await forwardAuth(t, signed(t, credentials))).toBe(200);
      // Another connection holds SQLite's write lock longer than the server waits (5 s): the flush fails.
      const other = new DataSource({ type: 'better-sqlite3', database: join(t.dataDir, 'portcullis.sqlite') });
      await other.initialize();
      try {
        await other.query('BEGIN IMMEDIATE');
        expect(await t.server.flushUsage()).toMatchObject({ written: 0, failed: 1 });
        await other.query('ROLLBACK');
      } finally {
        await other.destroy();
      }
      expect(await forwardAuth(t, signed(t, credentials))).toBe(200);
      expect(await t.server.flushUsage()).toEqual({ written: 1, failed: 0 });
      const cli = await runCli(['integration:usage', id, '--json'], world.cliEnv);
      expect(jsonOf<UsageDocument>(cli).totals).toEqual({ allowed: 4, refused: {} });
    } finally {
      await world.t.close();
    }
  }, 60_000);

  it.each([
    ['public', 200],
    ['off', 404],
  ] as const)('METRICS=%s: GET /metrics without credentials answers %i', async (mode, status) => {
    const world = await openWorld('sqlite', { config: { metrics: mode } });
    try {
      const { t, admin } = world;
      const { credentials } = await anActiveIntegration(t, admin, 'Scraped', [R.orders]);
      expect(await forwardAuth(t, signed(t, credentials))).toBe(200);
      const answer = await t.call('GET', '/metrics');
      expect(answer.statusCode).toBe(status);
      if (mode === 'public') {
        expect(decisions(answer.body, 'allowed', 'none')).toBe(1);
        expect(answer.body).toContain('# TYPE portcullis_guard_duration_seconds histogram');
      }
      // Usage is counted whatever METRICS says.
      await t.server.flushUsage();
      const listed = (await t.call('GET', '/rest/V1/integrations', { token: admin })).json<{ items: Array<{ calls24h: number }> }>();
      expect(listed.items.map((item) => item.calls24h)).toEqual([1]);
    } finally {
      await world.t.close();
    }
  }, 60_000);
});

describeMysql('usage and metrics on the standalone server (MySQL/MariaDB)', () => {
  usageSuite('mysql');
});

describeMysql('usage while MariaDB is down (private MariaDB)', () => {
  let db: PrivateMariaDb;
  let world: World;
  beforeAll(async () => {
    db = await startPrivateMariaDb({ database: 'portcullis_usage_outage' });
    world = await openWorld('mysql', { externalDatabaseUrl: db.url, config: { metrics: 'public' } });
  }, 120_000);
  afterAll(async () => {
    await world?.t.close();
    await db?.destroy();
  }, 60_000);

  it('keeps the counts while the database is away, says so in /metrics, and writes them once it is back', async () => {
    const { t, admin } = world;
    const { id, credentials } = await anActiveIntegration(t, admin, 'Through the outage', [R.orders]);
    for (let i = 0; i < 3; i++) expect(await forwardAuth(t, signed(t, credentials))).toBe(200);

    await db.stop();
    expect(await t.server.flushUsage()).toMatchObject({ written: 0, failed: 1 });
    expect(sample((await t.call('GET', '/metrics')).body, 'portcullis_database_up')).toBe(0);
    await db.start();

    const deadline = Date.now() + 30_000;
    let flushed = await t.server.flushUsage();
    while (flushed.failed > 0 && Date.now() < deadline) flushed = await t.server.flushUsage();
    expect(flushed).toEqual({ written: 1, failed: 0 });
    expect(sample((await t.call('GET', '/metrics')).body, 'portcullis_database_up')).toBe(1);
    const usage = await t.call('GET', `/rest/V1/integrations/${id}/usage`, { token: admin });
    expect(usage.json<UsageDocument>().totals).toEqual({ allowed: 3, refused: {} });
  }, 90_000);
});
