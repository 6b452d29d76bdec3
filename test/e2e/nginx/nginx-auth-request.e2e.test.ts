import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type AclResourceSource } from '../../../src/domain/acl/acl-resource-tree';
import { freePort } from '../../support/free-port';
import { oauth1aHeader } from '../../support/oauth-clients';
import { startTestServer, type TestServer } from '../http/server-harness';

/**
 * nginx (the Debian package) with the example `auth_request` config (examples/nginx) in front of
 * a backend that knows nothing of OAuth, asking the Portcullis server whether each request may
 * pass (forward-auth, docs/oauth.md §5). Clients sign nginx's URL with `oauth-1.0a`; Portcullis runs
 * with PUBLIC_BASE_URL set to that URL and TRUST_PROXY=true (IP allowlists see the client's address).
 *
 * Portcullis is the standalone HTTP server (same composition root as `npm start`) started in this
 * process, with the settings the example's README gives: the protected API's ACL resources from
 * examples/nginx/catalog-acl.json (PORTCULLIS_ACL_FILES). Without nginx the suite is skipped with
 * a notice, except under CI=true, where it fails.
 */
const ROOT = join(__dirname, '..', '..', '..');
const EXAMPLE_CONF = join(ROOT, 'examples', 'nginx', 'portcullis-auth-request.conf');
const START_TIMEOUT = 60_000;

const { CATALOG_ACL } = createRequire(__filename)(join(ROOT, 'examples', 'shared', 'catalog.js')) as { CATALOG_ACL: AclResourceSource };
/** The catalog's resources as an ACL file for PORTCULLIS_ACL_FILES (examples/nginx/README.md). */
const CATALOG_ACL_FILE = join(ROOT, 'examples', 'nginx', 'catalog-acl.json');
const PRODUCTS = 'Catalog::products';
const PRODUCTS_WRITE = 'Catalog::products_write';
const CATEGORIES = 'Catalog::categories';

function findNginx(): string | undefined {
  const candidates = [process.env.NGINX_BIN, '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx', ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'nginx'))];
  return candidates.find((path): path is string => path !== undefined && path !== '' && existsSync(path));
}

const NGINX = findNginx();
const CI = process.env.CI === 'true' || process.env.CI === '1';
if (NGINX === undefined && !CI) {
  console.warn('NOTICE: the nginx auth_request suite is SKIPPED: nginx is not installed (apt-get install nginx, or set NGINX_BIN). Under CI=true it fails instead.');
}
const describeNginx: jest.Describe = NGINX !== undefined || CI ? describe : describe.skip;

interface Credentials {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
}

/** What the backend saw of a request nginx let through. */
interface Echo {
  method: string;
  uri: string;
  integration: string | null;
  integrationName: string | null;
  admin: string | null;
  body: string;
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
  headers: Headers;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The protected API: echoes what it received, and counts the requests that reached it. */
async function startBackend(): Promise<{ server: Server; port: number; hits: () => number }> {
  let hits = 0;
  const single = (headers: IncomingHttpHeaders, name: string): string | null => {
    const value = headers[name];
    return typeof value === 'string' ? value : null;
  };
  const server = createServer((req, res) => {
    hits++;
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const echo: Echo = {
        method: req.method ?? '',
        uri: req.url ?? '',
        integration: single(req.headers, 'x-portcullis-integration'),
        integrationName: single(req.headers, 'x-portcullis-integration-name'),
        admin: single(req.headers, 'x-portcullis-admin'),
        body,
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(echo));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, hits: () => hits };
}

/** The example server block with its placeholders replaced, inside a minimal nginx.conf of a temp prefix. */
function renderNginxConf(dir: string, ports: { listen: number; portcullis: number; backend: number }): string {
  const example = readFileSync(EXAMPLE_CONF, 'utf8')
    .replaceAll('__LISTEN__', `127.0.0.1:${ports.listen}`)
    .replaceAll('__PORTCULLIS__', `127.0.0.1:${ports.portcullis}`)
    .replaceAll('__BACKEND__', `127.0.0.1:${ports.backend}`);
  const left = /__[A-Z_]+__/.exec(example);
  if (left !== null) throw new Error(`examples/nginx/portcullis-auth-request.conf has a placeholder the test does not know: ${left[0]}`);
  writeFileSync(join(dir, 'portcullis-auth-request.conf'), example);
  for (const temp of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, temp));
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    [
      // One foreground process, whatever user runs the test (root included).
      'daemon off;',
      'master_process off;',
      `pid ${join(dir, 'nginx.pid')};`,
      'error_log stderr warn;',
      'events { worker_connections 128; }',
      'http {',
      '  access_log off;',
      `  client_body_temp_path ${join(dir, 'client_body')};`,
      `  proxy_temp_path ${join(dir, 'proxy')};`,
      `  fastcgi_temp_path ${join(dir, 'fastcgi')};`,
      `  uwsgi_temp_path ${join(dir, 'uwsgi')};`,
      `  scgi_temp_path ${join(dir, 'scgi')};`,
      `  include ${join(dir, 'portcullis-auth-request.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  return conf;
}

describe('examples/nginx/catalog-acl.json', () => {
  it("holds the catalog examples' resources (examples/shared/catalog.js), for PORTCULLIS_ACL_FILES", () => {
    expect((JSON.parse(readFileSync(CATALOG_ACL_FILE, 'utf8')) as { resources: unknown }).resources).toEqual(CATALOG_ACL.resources);
  });
});

describeNginx('nginx auth_request in front of a backend, asking Portcullis (examples/nginx)', () => {
  let dir: string;
  let portcullis: TestServer;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let nginx: ChildProcess | undefined;
  let nginxLog = '';
  let publicUrl: string;
  let admin: string;

  beforeAll(async () => {
    if (NGINX === undefined) throw new Error('nginx is required under CI=true but was not found (/usr/sbin/nginx or NGINX_BIN); .ci/run installs it with apt-get.');
    dir = mkdtempSync(join(tmpdir(), 'portcullis-nginx-'));
    const listen = await freePort();
    publicUrl = `http://127.0.0.1:${listen}`;
    // PUBLIC_BASE_URL: the URL clients reach nginx at, the one they sign.
    portcullis = await startTestServer('sqlite', { config: { publicBaseUrl: publicUrl, aclFiles: [CATALOG_ACL_FILE], trustProxy: true } });
    backend = await startBackend();
    const conf = renderNginxConf(dir, { listen, portcullis: Number(new URL(portcullis.server.url).port), backend: backend.port });

    nginx = spawn(NGINX, ['-e', 'stderr', '-p', dir, '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    nginx.stdout?.on('data', (chunk: Buffer) => (nginxLog += chunk.toString()));
    nginx.stderr?.on('data', (chunk: Buffer) => (nginxLog += chunk.toString()));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (nginx.exitCode !== null) throw new Error(`nginx exited with ${nginx.exitCode}:\n${nginxLog}`);
      const up = await fetch(`${publicUrl}/health`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error(`nginx did not answer GET /health within 20 s:\n${nginxLog}`);
      await delay(100);
    }
    admin = await adminToken();
  }, START_TIMEOUT);

  afterAll(async () => {
    if (nginx !== undefined && nginx.exitCode === null && nginx.signalCode === null) {
      const exited = new Promise((resolve) => nginx?.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    await new Promise((resolve) => (backend?.server ? backend.server.close(resolve) : resolve(undefined)));
    await portcullis?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  /** Signs in as the initial admin over HTTP (the admin API is Portcullis's own port, not nginx's). */
  const adminToken = async (): Promise<string> => {
    const response = await fetch(`${portcullis.server.url}/rest/V1/integration/admin/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: portcullis.adminPassword }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as string;
  };

  /** An integration with Custom access, saved and activated locally through the admin REST API. */
  const anIntegration = async (name: string, resources: readonly string[]): Promise<{ id: string; credentials: Credentials }> => {
    const response = await fetch(`${portcullis.server.url}/rest/V1/integrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ name, email: 'ops@erp.example', resourceAccess: 'custom', resources, activate: true, currentPassword: portcullis.adminPassword }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { integration: { id: string }; activation: { credentials: Credentials } };
    return { id: body.integration.id, credentials: body.activation.credentials };
  };

  /** Sets parts of an integration's credential policy through the admin REST API. */
  const setPolicy = async (id: string, policy: Record<string, unknown>): Promise<void> => {
    const response = await fetch(`${portcullis.server.url}/rest/V1/integrations/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ currentPassword: portcullis.adminPassword, policy }),
    });
    expect(response.status).toBe(200);
  };

  const signed = (credentials: Credentials, method: string, url: string): string =>
    oauth1aHeader({
      method,
      url,
      consumerKey: credentials.consumerKey,
      consumerSecret: credentials.consumerSecret,
      token: credentials.accessToken,
      tokenSecret: credentials.accessTokenSecret,
      timestamp: Math.floor(portcullis.clock.now().getTime() / 1000),
    });

  /** A request to nginx. */
  const send = async (method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> => {
    const response = await fetch(`${publicUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text(), headers: response.headers };
  };
  const echoOf = (answer: Answer): Echo => {
    expect({ status: answer.status, contentType: answer.contentType }).toEqual({ status: 200, contentType: 'application/json' });
    return JSON.parse(answer.text) as Echo;
  };

  it('lets a signed request within the grant reach the backend, which learns the integration from X-Portcullis-Integration', async () => {
    const { id, credentials } = await anIntegration('Zoë’s catalog reader', [PRODUCTS]);
    const path = '/rest/V1/products?searchCriteria[pageSize]=2&q=two%20words';

    const echo = echoOf(await send('GET', path, { authorization: signed(credentials, 'GET', `${publicUrl}${path}`) }));

    expect(echo).toMatchObject({ method: 'GET', uri: path, integration: id, admin: null });
    expect(decodeURIComponent(echo.integrationName ?? '')).toBe('Zoë’s catalog reader');
  });

  it('refuses with 403 a signed request to a location that needs a resource outside the grant; the backend never sees it', async () => {
    const { credentials } = await anIntegration('Products only', [PRODUCTS]);
    const before = backend.hits();

    const answer = await send('GET', '/rest/V1/categories', { authorization: signed(credentials, 'GET', `${publicUrl}/rest/V1/categories`) });

    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text)).toEqual({ message: `The consumer isn't authorized to access ${CATEGORIES}.`, code: 'ACCESS.DENIED', parameters: { resources: CATEGORIES } });
    expect(backend.hits()).toBe(before);
  });

  it('asks for the write resource on POST (a JSON body is not signed, and Portcullis never needs it)', async () => {
    const reader = await anIntegration('Categories only', [CATEGORIES]);
    const writer = await anIntegration('Product writer', [PRODUCTS_WRITE]);
    const body = JSON.stringify({ product: { sku: 'X1', name: 'X', price: 1 } });
    const post = (credentials: Credentials): Promise<Answer> =>
      send('POST', '/rest/V1/products', { authorization: signed(credentials, 'POST', `${publicUrl}/rest/V1/products`), 'content-type': 'application/json' }, body);

    const refused = await post(reader.credentials);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text)).toMatchObject({ parameters: { resources: PRODUCTS_WRITE } });

    expect(echoOf(await post(writer.credentials))).toMatchObject({ method: 'POST', uri: '/rest/V1/products', integration: writer.id, body });
    // The signature covers the method: a GET header replayed on POST is refused.
    const replayed = await send('POST', '/rest/V1/products', { authorization: signed(writer.credentials, 'GET', `${publicUrl}/rest/V1/products`), 'content-type': 'application/json' }, body);
    expect(replayed.status).toBe(401);
  });

  it('answers 401 without credentials, and for a request signed for another URL than the public one', async () => {
    const before = backend.hits();
    const none = await send('GET', '/rest/V1/products');
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text)).toMatchObject({ code: 'GUARD.UNAUTHENTICATED' });

    const { credentials } = await anIntegration('Signs the wrong host', [PRODUCTS]);
    const elsewhere = await send('GET', '/rest/V1/products', { authorization: signed(credentials, 'GET', `${portcullis.server.url}/rest/V1/products`) });
    expect(elsewhere.status).toBe(401);
    expect(backend.hits()).toBe(before);
  });

  it('passes an admin bearer token within the admin role, naming the admin', async () => {
    const echo = echoOf(await send('GET', '/rest/V1/categories', { authorization: `Bearer ${admin}` }));
    expect(echo).toMatchObject({ integration: null, admin: 'admin' });
  });

  it('lets anyone reach the anonymous location, and never passes a client\'s own X-Portcullis-* headers on', async () => {
    const echo = echoOf(await send('GET', '/health', { 'x-portcullis-integration': 'forged', 'x-portcullis-admin': 'forged' }));
    expect(echo).toMatchObject({ uri: '/health', integration: null, admin: null });

    const { id, credentials } = await anIntegration('Forger', [PRODUCTS]);
    const signedEcho = echoOf(await send('GET', '/rest/V1/products/MB01', { authorization: signed(credentials, 'GET', `${publicUrl}/rest/V1/products/MB01`), 'x-portcullis-integration': 'forged' }));
    expect(signedEcho.integration).toBe(id);
  });

  it('fails closed (500) on a location that names no resources, as Portcullis has no webapi.xml here', async () => {
    const before = backend.hits();
    expect((await send('GET', '/rest/V1/orders', { authorization: `Bearer ${admin}` })).status).toBe(500);
    expect(backend.hits()).toBe(before);
  });

  it('refuses a revoked integration through nginx once the guard cache TTL (1 s) has passed', async () => {
    const { id, credentials } = await anIntegration('Soon revoked', [PRODUCTS]);
    const call = (): Promise<Answer> => send('GET', '/rest/V1/products', { authorization: signed(credentials, 'GET', `${publicUrl}/rest/V1/products`) });
    expect((await call()).status).toBe(200);

    const revoked = await fetch(`${portcullis.server.url}/rest/V1/integrations/${id}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    expect(revoked.status).toBe(200);
    portcullis.clock.advance(1);
    expect((await call()).status).toBe(401);
  });

  it('serves Portcullis\'s OAuth endpoints at the public URL (store_base_url of token-exchange integrations)', async () => {
    const answer = await send('POST', '/oauth/token/request');
    // Portcullis's own refusal (an OAuth problem), not the backend's echo nor nginx's page.
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.text).not.toContain('"uri"');
    expect(answer.text).toMatch(/oauth_problem|message/);
  });

  describe('credential policies', () => {
    const getProducts = (credentials: Credentials, headers: Record<string, string> = {}): Promise<Answer> =>
      send('GET', '/rest/V1/products', { authorization: signed(credentials, 'GET', `${publicUrl}/rest/V1/products`), ...headers });

    it('checks the IP allowlist against the address nginx connected from, whatever X-Forwarded-For the client sends', async () => {
      const loopback = await anIntegration('Loopback only', [PRODUCTS]);
      await setPolicy(loopback.id, { allowedIps: ['127.0.0.1/32'] });
      const tenOnly = await anIntegration('Ten only', [PRODUCTS]);
      await setPolicy(tenOnly.id, { allowedIps: ['10.0.0.0/8'] });

      expect(echoOf(await getProducts(loopback.credentials)).integration).toBe(loopback.id);

      const before = backend.hits();
      const refusal = {
        message: 'Calls from 127.0.0.1 are not allowed for this integration: its IP allowlist does not include that address.',
        code: 'GUARD.ADDRESS_NOT_ALLOWED',
        parameters: { address: '127.0.0.1' },
      };
      const refused = await getProducts(tenOnly.credentials);
      expect({ status: refused.status, contentType: refused.contentType }).toEqual({ status: 403, contentType: 'application/json' });
      expect(JSON.parse(refused.text)).toEqual(refusal);
      // nginx replaces the client's X-Forwarded-For with $remote_addr: a forged one counts for nothing.
      const forged = await getProducts(tenOnly.credentials, { 'x-forwarded-for': '10.1.2.3' });
      expect(forged.status).toBe(403);
      expect(JSON.parse(forged.text)).toEqual(refusal);
      expect(backend.hits()).toBe(before);
    });

    it('refuses a write by read-only credentials with 403 GUARD.READ_ONLY', async () => {
      const reader = await anIntegration('Read-only writer', [PRODUCTS_WRITE]);
      await setPolicy(reader.id, { readOnly: true });

      const answer = await send('POST', '/rest/V1/products', { authorization: signed(reader.credentials, 'POST', `${publicUrl}/rest/V1/products`), 'content-type': 'application/json' }, '{}');

      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.text)).toMatchObject({ code: 'GUARD.READ_ONLY', parameters: { method: 'POST' } });
    });

    it('answers 429 over the rate limit, with Retry-After and the RateLimit headers, which allowed answers carry too', async () => {
      const limited = await anIntegration('Two a minute', [PRODUCTS]);
      await setPolicy(limited.id, { rateLimit: { limit: 2, windowSeconds: 60 } });
      const policy = '"default";q=2;w=60';

      const first = await getProducts(limited.credentials);
      expect(echoOf(first).integration).toBe(limited.id);
      expect({ policy: first.headers.get('ratelimit-policy'), remaining: first.headers.get('ratelimit') }).toEqual({ policy, remaining: '"default";r=1;t=30' });
      const second = await getProducts(limited.credentials);
      expect(echoOf(second).integration).toBe(limited.id);
      expect(second.headers.get('ratelimit')).toBe('"default";r=0;t=60');

      const before = backend.hits();
      const third = await getProducts(limited.credentials);
      expect({ status: third.status, contentType: third.contentType }).toEqual({ status: 429, contentType: 'application/json' });
      const retryAfter = third.headers.get('retry-after');
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect({ policy: third.headers.get('ratelimit-policy'), remaining: third.headers.get('ratelimit') }).toEqual({ policy, remaining: `"default";r=0;t=${retryAfter}` });
      expect(JSON.parse(third.text)).toEqual({
        message: `Rate limit exceeded: this integration has made more requests than its rate limit allows. Retry after ${retryAfter} seconds.`,
        code: 'GUARD.RATE_LIMITED',
        parameters: { retryAfterSeconds: Number(retryAfter) },
      });
      expect(backend.hits()).toBe(before);

      // Without a rate limit, no RateLimit headers.
      const unlimited = await anIntegration('No limit', [PRODUCTS]);
      const free = await getProducts(unlimited.credentials);
      expect(echoOf(free).integration).toBe(unlimited.id);
      expect([free.headers.get('ratelimit-policy'), free.headers.get('ratelimit')]).toEqual([null, null]);
    });
  });
});
