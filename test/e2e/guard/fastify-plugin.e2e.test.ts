import Fastify, { type FastifyInstance } from 'fastify';
import { type AddressInfo } from 'node:net';
import { portcullisFastifyPlugin } from '../../../src/adapters/fastify-guard/portcullis-fastify-plugin';
import { describeMysql, siblingMysqlDatabase } from '../../integration/persistence/backends';
import { anIntegration, C, call, callSigned, json, oauth1aHeader, openEmbedded, ROUTES, signing, type EmbeddedPortcullis, type Host } from './guard-harness';
import { guardScenarios, type GuardWorld } from './guard-scenarios';

/**
 * The Fastify plugin (`portcullis.fastify.plugin`) guarding a small catalog host, embedded on
 * SQLite and on MySQL/MariaDB, called over real HTTP.
 */
const START_TIMEOUT = 60_000;

type PluginOptions = Parameters<EmbeddedPortcullis['portcullis']['fastify']['plugin']>[1];

/** The catalog host: its routes declare their access in `config.resources`. */
async function catalogHost(embedded: EmbeddedPortcullis, options: PluginOptions = {}): Promise<{ app: FastifyInstance; host: Host }> {
  const app = Fastify({ logger: false });
  await app.register(embedded.portcullis.fastify.plugin, options);
  app.get(ROUTES.health, { config: { resources: 'anonymous' } }, (request) => ({ principal: request.portcullis }));
  app.get(ROUTES.products, { config: { resources: [C.products] } }, (request) => ({ principal: request.portcullis }));
  app.post(ROUTES.orders, { config: { resources: [C.createOrder] } }, (request) => ({ principal: request.portcullis, body: request.body }));
  app.get(ROUTES.salesReport, { config: { resources: [C.createOrder, C.reports] } }, (request) => ({ principal: request.portcullis }));
  app.get('/rest/V1/forgotten', (request) => ({ principal: request.portcullis }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, host: { baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() } };
}

function fastifySuite(kind: 'sqlite' | 'mysql', mysqlDatabase: string): void {
  let embedded: EmbeddedPortcullis;
  let host: Host;

  beforeAll(async () => {
    embedded = await openEmbedded(kind, mysqlDatabase);
    host = (await catalogHost(embedded)).host;
  }, START_TIMEOUT);
  afterAll(async () => {
    await host?.close();
    await embedded?.close();
  });

  guardScenarios((): GuardWorld => ({ embedded, host }));

  it('refuses a route that declares no access with 403 ROUTE.UNDECLARED (safe by default)', async () => {
    const answer = await call(host, '/rest/V1/forgotten');
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({
      message: 'The route GET /rest/V1/forgotten declares no access (resources or "anonymous"), so it is refused.',
      code: 'ROUTE.UNDECLARED',
      parameters: { method: 'GET', route: '/rest/V1/forgotten' },
    });
  });

  it('answers HEAD on a guarded GET route as the GET (Fastify\'s HEAD routes are guarded too)', async () => {
    expect((await call(host, ROUTES.products, { method: 'HEAD' })).status).toBe(401);
    expect((await call(host, ROUTES.health, { method: 'HEAD' })).status).toBe(200);
  });

  it('leaves unknown URLs to Fastify\'s 404', async () => {
    expect((await call(host, '/rest/V1/nowhere')).status).toBe(404);
  });
}

describe('Fastify plugin (embedded, SQLite)', () => {
  fastifySuite('sqlite', '');

  describe('options', () => {
    let embedded: EmbeddedPortcullis;
    const hosts: Host[] = [];
    beforeAll(async () => {
      embedded = await openEmbedded('sqlite', '');
    }, START_TIMEOUT);
    afterAll(async () => {
      for (const host of hosts) await host.close();
      await embedded?.close();
    });

    it('lets undeclared routes through as anonymous with defaultAccess: \'anonymous\'', async () => {
      const { host } = await catalogHost(embedded, { defaultAccess: 'anonymous' });
      hosts.push(host);
      const answer = await call(host, '/rest/V1/forgotten');
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ principal: { kind: 'anonymous' } });
    });

    it('checks signatures against publicBaseUrl when given (a host behind a proxy)', async () => {
      const { host } = await catalogHost(embedded, { publicBaseUrl: 'https://shop.example' });
      hosts.push(host);
      const { credentials } = await anIntegration(embedded.portcullis, [C.products]);
      // Signed for the URL the client sees, sent to the app's socket.
      const asSeen: Host = { baseUrl: 'https://shop.example', close: () => Promise.resolve() };
      const authorization = oauth1aHeader(signing(asSeen, embedded, credentials, { path: ROUTES.products }));
      expect((await call(host, ROUTES.products, { headers: { authorization } })).status).toBe(200);
      expect((await callSigned(host, embedded, credentials, { path: ROUTES.products })).status).toBe(401);
    });

    it('refuses an invalid declaration when the route is registered', async () => {
      const app = Fastify({ logger: false });
      await app.register(embedded.portcullis.fastify.plugin);
      expect(() => app.get('/bad', { config: { resources: [] } }, () => ({}))).toThrow(/resources must be 'anonymous' or a non-empty list/);
      await app.close();
    });

    it('fails ready() and listen() when a route declares a resource the ACL tree lacks, naming the route, the id and the closest id', async () => {
      const app = Fastify({ logger: false });
      await app.register(embedded.portcullis.fastify.plugin);
      app.get(ROUTES.products, { config: { resources: [C.products] } }, () => ({}));
      app.post(ROUTES.orders, { config: { resources: [C.products, 'Magento_Sales::craete'] } }, () => ({}));
      const listening = app.listen({ port: 0, host: '127.0.0.1' });
      await expect(listening).rejects.toMatchObject({
        code: 'ROUTE.RESOURCE_UNKNOWN',
        message: 'Portcullis: the route POST /rest/V1/orders requires "Magento_Sales::craete" (did you mean "Magento_Sales::create"?), which is not in the ACL tree.',
        parameters: { routes: ['POST /rest/V1/orders'], ids: ['Magento_Sales::craete'] },
      });
      expect(app.server.listening).toBe(false);
      await app.close();
    });

    it('names every unknown id of every route (a GET with its HEAD route as one), in a prefixed scope too', async () => {
      const app = Fastify({ logger: false });
      await app.register(
        async (shop) => {
          await shop.register(embedded.portcullis.fastify.plugin);
          shop.get('/orders', { config: { resources: ['Shop_Sales::ordrs'] } }, () => ({}));
          shop.get('/reports', { config: { resources: [C.reports, 'magento_reports::report', 'Nothing_Like::this_at_all'] } }, () => ({}));
          shop.get('/health', { config: { resources: 'anonymous' } }, () => ({}));
        },
        { prefix: '/shop' },
      );
      await expect(app.ready()).rejects.toThrow(
        [
          'Portcullis: 3 route resources are not in the ACL tree:',
          '  GET, HEAD /shop/orders requires "Shop_Sales::ordrs"',
          '  GET, HEAD /shop/reports requires "magento_reports::report" (did you mean "Magento_Reports::report"?)',
          '  GET, HEAD /shop/reports requires "Nothing_Like::this_at_all"',
        ].join('\n'),
      );
      await app.close();
    });

    it('starts when every declared resource is in the tree (Portcullis\'s own included)', async () => {
      const app = Fastify({ logger: false });
      await app.register(embedded.portcullis.fastify.plugin);
      app.get('/a', { config: { resources: [C.catalog, 'Portcullis::integrations'] } }, () => ({}));
      await expect(app.ready()).resolves.toBeDefined();
      await app.close();
    });

    it('works unbound, given any authorize function, and answers 503 for a storage outage', async () => {
      const app = Fastify({ logger: false });
      const outage = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      await app.register(portcullisFastifyPlugin, {
        authorize: (_request, required) => (required === 'anonymous' ? Promise.resolve({ kind: 'anonymous' }) : Promise.reject(outage)),
        isUnavailable: (error) => error === outage,
      });
      app.get('/x', { config: { resources: [C.products] } }, () => ({}));
      const unavailable = await app.inject({ method: 'GET', url: '/x', headers: { authorization: 'Bearer t' } });
      expect(unavailable.statusCode).toBe(503);
      expect(unavailable.headers['retry-after']).toBe('5');
      expect(unavailable.json()).toEqual({ message: 'The database is unavailable. Try again shortly.', code: 'SERVICE.DATABASE_UNAVAILABLE' });
      await app.close();
    });

    it('answers 500 without details for an unexpected failure', async () => {
      const app = Fastify({ logger: false });
      await app.register(portcullisFastifyPlugin, { authorize: () => Promise.reject(new Error('secret internals')) });
      app.get('/x', { config: { resources: [C.products] } }, () => ({}));
      const answer = await app.inject({ method: 'GET', url: '/x' });
      expect(answer.statusCode).toBe(500);
      expect(answer.json()).toEqual({ message: 'An internal error occurred. It has been logged.', code: 'INTERNAL' });
      await app.close();
    });

    it('reads the raw body from request.rawFormBody when the host parses forms itself', async () => {
      const app = Fastify({ logger: false });
      app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
        request.rawFormBody = body as string;
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      });
      await app.register(embedded.portcullis.fastify.plugin);
      app.post(ROUTES.orders, { config: { resources: [C.createOrder] } }, (request) => ({ principal: request.portcullis, body: request.body }));
      await app.listen({ port: 0, host: '127.0.0.1' });
      const host: Host = { baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: () => app.close() };
      hosts.push(host);
      const { credentials } = await anIntegration(embedded.portcullis, [C.createOrder]);
      const answer = await callSigned(host, embedded, credentials, { method: 'POST', path: ROUTES.orders, form: { sku: 'A' } });
      expect(answer.status).toBe(200);
      expect(json(answer)).toMatchObject({ body: { sku: 'A' } });
    });
  });
});

describeMysql('Fastify plugin (embedded, MySQL/MariaDB)', () => {
  fastifySuite('mysql', siblingMysqlDatabase('e2e_fastify_guard'));
});
