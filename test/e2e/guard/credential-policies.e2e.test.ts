import express, { type Express } from 'express';
import Fastify from 'fastify';
import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type CredentialPolicyInput } from '../../../src/application/use-cases/integrations/credential-policy-input';
import { describeMysql } from '../../integration/persistence/backends';
import { oauth1aHeader } from '../../support/oauth-clients';
import { startTestServer, type BackendKind, type TestServer } from '../http/server-harness';
import { anIntegration, C, CATALOG_ACL, ROUTES, signing, type Credentials, type EmbeddedPortcullis, type Host, openEmbedded } from './guard-harness';

/**
 * Each credential policy (read-only, expiry, IP allowlist, rate limit) enforced on every edge of
 * the guard: the Fastify plugin, the Express middleware and the standalone server's forward-auth,
 * on SQLite and MariaDB, over real loopback HTTP with calls signed by `oauth-1.0a`. Every edge is
 * served twice, trusting proxies (`X-Forwarded-For` names the client) and not (the socket does).
 */
const START_TIMEOUT = 60_000;
/** The address the socket of a call to 127.0.0.1 reports. */
const LOOPBACK = '127.0.0.1';
/** A documentation address (RFC 5737) a trusted proxy names as the client. */
const FORWARDED = '203.0.113.9';

interface Answer {
  readonly status: number;
  readonly json: unknown;
  readonly headers: Headers;
}

interface CallOptions {
  /** Through the edge that trusts proxies (default: the one that does not). */
  readonly trusting?: boolean;
  readonly forwardedFor?: string;
}

/** Forward-auth's two servers have a database each: an integration is made where it is called. */
interface Where {
  readonly trusting?: boolean;
}

/** One edge of the guard, as the scenarios drive it. */
interface PolicyEdge {
  /** An active integration allowed to read products and create orders, under `policy`. */
  anIntegration(policy: CredentialPolicyInput, where?: Where): Promise<Credentials>;
  /** `GET /rest/V1/products` (needs products) or `POST /rest/V1/orders` (needs createOrder), signed with `credentials`. */
  call(credentials: Credentials, method: 'GET' | 'POST', options?: CallOptions): Promise<Answer>;
  /** The guard's clock (it stands still). */
  now(): Date;
}

const RESOURCES = [C.products, C.createOrder];

async function answerOf(response: Promise<Response> | Response): Promise<Answer> {
  const done = await response;
  const text = await done.text();
  return { status: done.status, json: text === '' ? null : (JSON.parse(text) as unknown), headers: done.headers };
}

function policyScenarios(edge: () => PolicyEdge): void {
  const rateLimitHeaders = (answer: Answer): Record<string, string | null> => ({
    policy: answer.headers.get('ratelimit-policy'),
    ratelimit: answer.headers.get('ratelimit'),
    retryAfter: answer.headers.get('retry-after'),
  });

  describe('read-only', () => {
    it('allows a GET and refuses a POST with 403 GUARD.READ_ONLY', async () => {
      const credentials = await edge().anIntegration({ readOnly: true });
      expect((await edge().call(credentials, 'GET')).status).toBe(200);
      const refused = await edge().call(credentials, 'POST');
      expect(refused.status).toBe(403);
      expect(refused.json).toEqual({
        message: 'The integration is read-only: only GET, HEAD and OPTIONS requests are allowed, not POST.',
        code: 'GUARD.READ_ONLY',
        parameters: { method: 'POST' },
      });
      expect(rateLimitHeaders(refused)).toEqual({ policy: null, ratelimit: null, retryAfter: null });
    });

    it('lets a POST through when the integration is not read-only', async () => {
      const credentials = await edge().anIntegration({ readOnly: false });
      expect((await edge().call(credentials, 'POST')).status).toBe(200);
    });
  });

  describe('expiry', () => {
    it('refuses credentials whose expiry has passed with 401 OAUTH.TOKEN_EXPIRED', async () => {
      const credentials = await edge().anIntegration({ expiresAt: new Date(edge().now().getTime() - 1000) });
      const refused = await edge().call(credentials, 'GET');
      expect(refused.status).toBe(401);
      expect(refused.json).toEqual({ message: 'The access token has expired', code: 'OAUTH.TOKEN_EXPIRED', parameters: {} });
    });

    it('allows credentials whose expiry is ahead', async () => {
      const credentials = await edge().anIntegration({ expiresAt: new Date(edge().now().getTime() + 60_000) });
      expect((await edge().call(credentials, 'GET')).status).toBe(200);
    });
  });

  describe('IP allowlist', () => {
    const refusal = (address: string): unknown => ({
      message: `Calls from ${address} are not allowed for this integration: its IP allowlist does not include that address.`,
      code: 'GUARD.ADDRESS_NOT_ALLOWED',
      parameters: { address },
    });

    it('allows a call from the socket address within the list', async () => {
      const credentials = await edge().anIntegration({ allowedIps: ['127.0.0.1/32'] });
      expect((await edge().call(credentials, 'GET')).status).toBe(200);
    });

    it('refuses a call from outside the list with 403 naming the socket address', async () => {
      const credentials = await edge().anIntegration({ allowedIps: ['10.0.0.0/8'] });
      const refused = await edge().call(credentials, 'GET');
      expect(refused.status).toBe(403);
      expect(refused.json).toEqual(refusal(LOOPBACK));
    });

    it('trusting proxies, takes X-Forwarded-For as the client address', async () => {
      const allowed = await edge().anIntegration({ allowedIps: ['203.0.113.0/24'] }, { trusting: true });
      expect((await edge().call(allowed, 'GET', { trusting: true, forwardedFor: FORWARDED })).status).toBe(200);

      const elsewhere = await edge().anIntegration({ allowedIps: ['10.0.0.0/8'] }, { trusting: true });
      const refused = await edge().call(elsewhere, 'GET', { trusting: true, forwardedFor: FORWARDED });
      expect(refused.status).toBe(403);
      expect(refused.json).toEqual(refusal(FORWARDED));
    });

    it('not trusting proxies, ignores X-Forwarded-For: the socket address decides', async () => {
      const forwardedOnly = await edge().anIntegration({ allowedIps: ['203.0.113.0/24'] });
      const refused = await edge().call(forwardedOnly, 'GET', { forwardedFor: FORWARDED });
      expect(refused.status).toBe(403);
      expect(refused.json).toEqual(refusal(LOOPBACK));

      const loopback = await edge().anIntegration({ allowedIps: ['127.0.0.1/32'] });
      expect((await edge().call(loopback, 'GET', { forwardedFor: FORWARDED })).status).toBe(200);
    });
  });

  describe('rate limit', () => {
    it('allows 3 calls in 60 s with the RateLimit headers counting down, then refuses the 4th with 429 and Retry-After', async () => {
      const credentials = await edge().anIntegration({ rateLimit: { limit: 3, windowSeconds: 60 } });
      // The clock stands still: each call spends a third of the bucket, refilled in 20 s.
      for (const [remaining, full] of [
        [2, 20],
        [1, 40],
        [0, 60],
      ] as const) {
        const allowed = await edge().call(credentials, 'GET');
        expect(allowed.status).toBe(200);
        expect(rateLimitHeaders(allowed)).toEqual({ policy: '"default";q=3;w=60', ratelimit: `"default";r=${remaining};t=${full}`, retryAfter: null });
      }
      const refused = await edge().call(credentials, 'GET');
      expect(refused.status).toBe(429);
      expect(refused.json).toEqual({
        message: 'Rate limit exceeded: this integration may make 3 requests per 60 seconds. Retry after 20 seconds.',
        code: 'GUARD.RATE_LIMITED',
        parameters: { limit: 3, windowSeconds: 60, retryAfterSeconds: 20 },
      });
      expect(rateLimitHeaders(refused)).toEqual({ policy: '"default";q=3;w=60', ratelimit: '"default";r=0;t=20', retryAfter: '20' });
    });

    it('sends no RateLimit headers without a limit', async () => {
      const credentials = await edge().anIntegration({});
      expect(rateLimitHeaders(await edge().call(credentials, 'GET'))).toEqual({ policy: null, ratelimit: null, retryAfter: null });
    });
  });
}

// ——— The embedded edges: a catalog host on Fastify or Express, twice (trusting proxies or not). ———

function embeddedEdge(embedded: () => EmbeddedPortcullis, hosts: () => { plain: Host; trusting: Host }): PolicyEdge {
  return {
    anIntegration: async (policy) => (await anIntegration(embedded().portcullis, RESOURCES, { policy })).credentials,
    call: (credentials, method, options = {}) => {
      const host = options.trusting === true ? hosts().trusting : hosts().plain;
      const path = method === 'GET' ? ROUTES.products : ROUTES.orders;
      return answerOf(
        fetch(`${host.baseUrl}${path}`, {
          method,
          headers: {
            authorization: oauth1aHeader(signing(host, embedded(), credentials, { method, path })),
            ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
            ...(options.forwardedFor !== undefined ? { 'x-forwarded-for': options.forwardedFor } : {}),
          },
          ...(method === 'POST' ? { body: JSON.stringify({ sku: 'A' }) } : {}),
        }),
      );
    },
    now: () => embedded().clock.now(),
  };
}

async function fastifyHost(embedded: EmbeddedPortcullis, trustProxy: boolean): Promise<Host> {
  const app = Fastify({ logger: false, trustProxy });
  await app.register(embedded.portcullis.fastify.plugin);
  app.get(ROUTES.products, { config: { resources: [C.products] } }, (request) => ({ principal: request.portcullis }));
  app.post(ROUTES.orders, { config: { resources: [C.createOrder] } }, (request) => ({ principal: request.portcullis }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: () => app.close() };
}

async function expressHost(embedded: EmbeddedPortcullis, trustProxy: boolean): Promise<Host> {
  const guard = embedded.portcullis.express;
  const app: Express = express();
  if (trustProxy) app.set('trust proxy', 'loopback');
  app.use(express.json());
  app.get(ROUTES.products, guard.require(C.products), (req, res) => {
    res.json({ principal: req.portcullis });
  });
  app.post(ROUTES.orders, guard.require(C.createOrder), (req, res) => {
    res.json({ principal: req.portcullis });
  });
  const server = await new Promise<Server>((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function embeddedSuite(kind: 'sqlite' | 'mysql', database: string, start: (embedded: EmbeddedPortcullis, trustProxy: boolean) => Promise<Host>): void {
  let embedded: EmbeddedPortcullis;
  let hosts: { plain: Host; trusting: Host };
  beforeAll(async () => {
    embedded = await openEmbedded(kind, database);
    hosts = { plain: await start(embedded, false), trusting: await start(embedded, true) };
  }, START_TIMEOUT);
  afterAll(async () => {
    await hosts?.plain.close();
    await hosts?.trusting.close();
    await embedded?.close();
  });
  policyScenarios(() => embeddedEdge(() => embedded, () => hosts));
}

// ——— Forward-auth: the standalone server, with TRUST_PROXY false and true, as a gateway asks it. ———

const PUBLIC = 'https://shop.test';

function forwardAuthSuite(kind: BackendKind, database: string): void {
  const servers: { plain?: TestServer; trusting?: TestServer } = {};
  const admins = new Map<TestServer, string>();
  const start = async (trustProxy: boolean, mysqlDatabase: string): Promise<TestServer> => {
    const t = await startTestServer(kind, { mysqlDatabase, config: { publicBaseUrl: PUBLIC, trustProxy }, overrides: { aclResources: [CATALOG_ACL] } });
    admins.set(t, await t.signIn());
    return t;
  };
  beforeAll(async () => {
    servers.plain = await start(false, database);
    servers.trusting = await start(true, `${database}_proxy`);
  }, 2 * START_TIMEOUT);
  afterAll(async () => {
    await servers.plain?.close();
    await servers.trusting?.close();
  });
  const serverOf = (where: Where): TestServer => (where.trusting === true ? servers.trusting : servers.plain) as TestServer;
  /** The server that issued each integration's credentials, by consumer key. */
  const issuers = new Map<string, TestServer>();
  let counter = 0;

  const edge: PolicyEdge = {
    anIntegration: async (policy, where = {}) => {
      const t = serverOf(where);
      const response = await t.call('POST', '/rest/V1/integrations', {
        token: admins.get(t) as string,
        body: {
          name: `Gateway client ${++counter}`,
          email: 'ops@erp.example',
          resourceAccess: 'custom',
          resources: RESOURCES,
          activate: true,
          policy: { ...policy, ...(policy.expiresAt !== undefined ? { expiresAt: policy.expiresAt?.toISOString() ?? null } : {}) },
          currentPassword: t.adminPassword,
        },
      });
      if (response.statusCode !== 201) throw new Error(`integration not created: ${response.statusCode} ${response.body}`);
      const { credentials } = response.json<{ activation: { credentials: Credentials } }>().activation;
      issuers.set(credentials.consumerKey, t);
      return credentials;
    },
    call: (credentials, method, options = {}) => {
      const t = serverOf(options);
      if (issuers.get(credentials.consumerKey) !== t) throw new Error('the integration was made on the other server');
      const uri = method === 'GET' ? ROUTES.products : ROUTES.orders;
      const authorization = oauth1aHeader({
        method,
        url: `${PUBLIC}${uri}`,
        consumerKey: credentials.consumerKey,
        consumerSecret: credentials.consumerSecret,
        token: credentials.accessToken,
        tokenSecret: credentials.accessTokenSecret,
        timestamp: Math.floor(t.clock.now().getTime() / 1000),
      });
      return answerOf(
        fetch(`${t.server.url}/rest/V1/authorize`, {
          headers: {
            authorization,
            'x-original-method': method,
            'x-original-uri': uri,
            'x-required-resources': method === 'GET' ? C.products : C.createOrder,
            ...(options.forwardedFor !== undefined ? { 'x-forwarded-for': options.forwardedFor } : {}),
          },
        }),
      );
    },
    now: () => serverOf({}).clock.now(),
  };
  policyScenarios(() => edge);

  it('answers the integration an allowed call names, with the RateLimit headers a gateway may copy', async () => {
    const credentials = await edge.anIntegration({ rateLimit: { limit: 10, windowSeconds: 1 }, allowedIps: ['127.0.0.0/8'] });
    const allowed = await edge.call(credentials, 'GET');
    expect(allowed.status).toBe(200);
    // The bucket's state is in the headers only.
    expect(allowed.json).toEqual({ kind: 'integration', integrationId: expect.any(String) as unknown, name: expect.stringMatching(/^Gateway client/) as unknown });
    expect([allowed.headers.get('ratelimit-policy'), allowed.headers.get('ratelimit')]).toEqual(['"default";q=10;w=1', '"default";r=9;t=1']);
  });
}

describe('credential policies on the Fastify plugin (SQLite)', () => embeddedSuite('sqlite', '', fastifyHost));
describe('credential policies on the Express middleware (SQLite)', () => embeddedSuite('sqlite', '', expressHost));
describe('credential policies on forward-auth (SQLite)', () => forwardAuthSuite('sqlite', 'unused'));

describeMysql('credential policies on the Fastify plugin (MariaDB)', () => embeddedSuite('mysql', 'p32_e2e_policies_fastify', fastifyHost));
describeMysql('credential policies on the Express middleware (MariaDB)', () => embeddedSuite('mysql', 'p32_e2e_policies_express', expressHost));
describeMysql('credential policies on forward-auth (MariaDB)', () => forwardAuthSuite('mysql', 'p32_e2e_policies_forward_auth'));
