import express, { type Express } from 'express';
import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { requireResources } from '../../../src/adapters/express-guard/portcullis-express';
import { describeMysql, siblingMysqlDatabase } from '../../integration/persistence/backends';
import { anAdminToken, anIntegration, C, call, callSigned, json, oauth1aHeader, openEmbedded, ROUTES, signing, type EmbeddedPortcullis, type Host } from './guard-harness';
import { guardScenarios, type GuardWorld } from './guard-scenarios';

/**
 * The Express 5 middleware (`portcullis.express`) guarding a small catalog host, embedded on
 * SQLite and on MySQL/MariaDB, called over real HTTP.
 */
const START_TIMEOUT = 60_000;

async function listen(app: Express): Promise<Host> {
  const server = await new Promise<Server>((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/**
 * The catalog host. JSON bodies are parsed for every route by `express.json()`; form bodies are
 * left to the guard (`forms: 'guard'`), kept raw by `formBody()` ahead of `express.urlencoded()`
 * (`'formBody'`), or parsed by `express.urlencoded()` alone (`'urlencoded'`, a misconfiguration).
 */
function catalogApp(embedded: EmbeddedPortcullis, forms: 'guard' | 'formBody' | 'urlencoded' = 'guard'): Express {
  const guard = embedded.portcullis.express;
  const app = express();
  app.use(express.json());
  if (forms === 'formBody') app.use(guard.formBody());
  if (forms !== 'guard') app.use(express.urlencoded());
  app.get(ROUTES.health, guard.anonymous(), (req, res) => {
    res.json({ principal: req.portcullis });
  });
  app.get(ROUTES.products, guard.require(C.products), (req, res) => {
    res.json({ principal: req.portcullis });
  });
  app.post(ROUTES.orders, guard.require(C.createOrder), (req, res) => {
    res.json({ principal: req.portcullis, body: req.body as unknown });
  });
  app.get(ROUTES.salesReport, guard.require(C.createOrder, C.reports), (req, res) => {
    res.json({ principal: req.portcullis });
  });
  return app;
}

function expressSuite(kind: 'sqlite' | 'mysql', mysqlDatabase: string): void {
  let embedded: EmbeddedPortcullis;
  let host: Host;

  beforeAll(async () => {
    embedded = await openEmbedded(kind, mysqlDatabase);
    host = await listen(catalogApp(embedded));
  }, START_TIMEOUT);
  afterAll(async () => {
    await host?.close();
    await embedded?.close();
  });

  guardScenarios((): GuardWorld => ({ embedded, host }));
}

describe('Express 5 middleware (embedded, SQLite)', () => {
  expressSuite('sqlite', '');

  describe('form bodies and options', () => {
    let embedded: EmbeddedPortcullis;
    const hosts: Host[] = [];
    beforeAll(async () => {
      embedded = await openEmbedded('sqlite', '');
    }, START_TIMEOUT);
    afterAll(async () => {
      for (const host of hosts) await host.close();
      await embedded?.close();
    });
    let adminBearer: string | undefined;
    const anAdminBearer = async (): Promise<string> => (adminBearer ??= await anAdminToken(embedded.portcullis));
    const started = async (app: Express): Promise<Host> => {
      const host = await listen(app);
      hosts.push(host);
      return host;
    };

    it('checks a signed form body kept raw by formBody() ahead of express.urlencoded()', async () => {
      const host = await started(catalogApp(embedded, 'formBody'));
      const { credentials } = await anIntegration(embedded.portcullis, [C.createOrder]);
      const form = { sku: 'WS12', tags: 'a b' };
      const answer = await callSigned(host, embedded, credentials, { method: 'POST', path: ROUTES.orders, form });
      expect(answer.status).toBe(200);
      expect(json(answer)).toMatchObject({ body: form });

      const authorization = oauth1aHeader(signing(host, embedded, credentials, { method: 'POST', path: ROUTES.orders, form }));
      const tampered = await call(host, ROUTES.orders, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...form, sku: 'OTHER' }).toString(),
      });
      expect(tampered.status).toBe(401);
      expect(tampered.json).toMatchObject({ code: 'OAUTH.SIGNATURE_INVALID' });
    });

    it('answers 500 without details, and says why in the log, when express.urlencoded() consumed a signed form', async () => {
      const logged: unknown[] = [];
      const guard = requireResources(embedded.portcullis.guard.authorize, { onUnexpectedError: (error) => logged.push(error) });
      const app = express();
      app.use(express.urlencoded());
      app.post(ROUTES.orders, guard(C.createOrder), (_req, res) => {
        res.json({});
      });
      const host = await started(app);
      const { credentials } = await anIntegration(embedded.portcullis, [C.createOrder]);
      const answer = await callSigned(host, embedded, credentials, { method: 'POST', path: ROUTES.orders, form: { sku: 'A' } });
      expect(answer.status).toBe(500);
      expect(json(answer)).toEqual({ message: 'An internal error occurred. It has been logged.', code: 'INTERNAL' });
      expect(String(logged[0])).toMatch(/Mount portcullis.express.formBody\(\) before express.urlencoded\(\)/);
    });

    it('answers 413 for a form body over the limit', async () => {
      const host = await started(catalogApp(embedded, 'formBody'));
      const answer = await call(host, ROUTES.orders, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `sku=${'x'.repeat(200 * 1024)}`,
      });
      expect(answer.status).toBe(413);
      expect(answer.json).toEqual({ message: 'The request body is too large.', code: 'REQUEST.INVALID' });
    });

    it('answers 503 with Retry-After when the guard reports a storage outage', async () => {
      const outage = new Error('connect ECONNREFUSED');
      const guard = requireResources(() => Promise.reject(outage), { isUnavailable: (error) => error === outage });
      const app = express();
      app.get('/x', guard(C.products), (_req, res) => {
        res.json({});
      });
      const answer = await call(await started(app), '/x', { headers: { authorization: 'Bearer t' } });
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(answer.json).toEqual({ message: 'The database is unavailable. Try again shortly.', code: 'SERVICE.DATABASE_UNAVAILABLE' });
    });

    it('check(app) names every route (method and full path, routers included) whose resource the ACL tree lacks, with the closest id', () => {
      const guard = embedded.portcullis.express;
      const app = express();
      const shop = express.Router();
      shop.get('/orders', guard.require('Shop_Sales::ordrs'), (_req, res) => {
        res.json({});
      });
      shop.route('/orders/:id').get(guard.require(C.sales), (_req, res) => {
        res.json({});
      }).put(guard.require(C.sales, 'Magento_Sales::craete'), (_req, res) => {
        res.json({});
      });
      app.use('/shop', shop);
      app.get(ROUTES.products, guard.require('Magento_Catalog::prodcuts'), (_req, res) => {
        res.json({});
      });
      app.get(ROUTES.health, guard.anonymous(), (_req, res) => {
        res.json({});
      });
      let thrown: unknown;
      try {
        guard.check(app);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({
        code: 'ROUTE.RESOURCE_UNKNOWN',
        message: [
          'Portcullis: 3 route resources are not in the ACL tree:',
          '  GET /shop/orders requires "Shop_Sales::ordrs"',
          '  PUT /shop/orders/:id requires "Magento_Sales::craete" (did you mean "Magento_Sales::create"?)',
          '  GET /rest/V1/products requires "Magento_Catalog::prodcuts" (did you mean "Magento_Catalog::products"?)',
        ].join('\n'),
      });
      expect(() => guard.check(catalogApp(embedded))).not.toThrow();
      expect(() => guard.check(shop)).toThrow(/GET \/orders requires "Shop_Sales::ordrs"/);
    });

    it('without check(app), a route whose resource the tree lacks answers 500 to every request and logs the route and the id; other routes work', async () => {
      const guard = embedded.portcullis.express;
      const app = express();
      app.get('/rest/V1/orders/:id', guard.require('Shop_Sales::ordrs'), (_req, res) => {
        res.json({});
      });
      app.get(ROUTES.products, guard.require(C.products), (req, res) => {
        res.json({ principal: req.portcullis });
      });
      const host = await started(app);
      const { credentials } = await anIntegration(embedded.portcullis, [C.products]);
      const logged = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      let log = '';
      try {
        const admin = await anAdminBearer();
        for (const headers of [{}, { authorization: `Bearer ${admin}` }] as Array<Record<string, string>>) {
          const answer = await call(host, '/rest/V1/orders/42', { headers });
          expect([answer.status, answer.json]).toEqual([500, { message: 'An internal error occurred. It has been logged.', code: 'INTERNAL' }]);
        }
        expect((await callSigned(host, embedded, credentials, { path: ROUTES.products })).status).toBe(200);
      } finally {
        log = logged.mock.calls.map(([text]) => String(text)).join('');
        logged.mockRestore();
      }
      expect(log).toContain('Portcullis: the route GET /rest/V1/orders/:id requires "Shop_Sales::ordrs", which is not in the ACL tree.');
      expect(log.match(/Shop_Sales::ordrs", which/g)).toHaveLength(2);
    });

    it('refuses a declaration without resources when the app is built', () => {
      expect(() => embedded.portcullis.express.require()).toThrow(/resources must be 'anonymous' or a non-empty list/);
      expect(() => embedded.portcullis.express.require(' ')).toThrow(TypeError);
    });
  });
});

describeMysql('Express 5 middleware (embedded, MySQL/MariaDB)', () => {
  expressSuite('mysql', siblingMysqlDatabase('e2e_express_guard'));
});
