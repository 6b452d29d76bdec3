import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import express from 'express';
import { createPortcullis, type Portcullis } from '../../../src/infrastructure/create-portcullis';
import { anOrderViewer, magentoSalesAndCustomerAcl, magentoSalesAndCustomerRoutes, type Credentials } from '../../support/magento-guard-fixtures';
import { oauth1aHeader } from '../../support/oauth-clients';

/**
 * The Express middleware with Magento's webapi.xml route declarations (`portcullis.express.declared`),
 * mounted once for the whole app, over real HTTP.
 */

describe('Express middleware with webapi.xml route declarations (in memory)', () => {
  let portcullis: Portcullis;
  let server: Server;
  let origin: string;
  let credentials: Credentials;

  beforeAll(async () => {
    portcullis = await createPortcullis({
      aclResources: magentoSalesAndCustomerAcl(),
    });
    const routes = magentoSalesAndCustomerRoutes();
    const app = express();
    app.use(portcullis.express.declared(routes));
    app.get('/rest/V1/orders/:id', (req, res) => void res.json({ order: req.params.id, by: req.portcullis }));
    app.post('/rest/V1/orders/:id/cancel', (_req, res) => void res.json({ cancelled: true }));
    app.post('/rest/V1/customers', (req, res) => void res.json({ by: req.portcullis }));
    app.get('/rest/V1/not-declared', (_req, res) => void res.json({ open: true }));
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    credentials = await anOrderViewer(portcullis);
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await portcullis?.close();
  });

  const call = (method: string, path: string, signed = true): Promise<Response> =>
    fetch(`${origin}${path}`, {
      method,
      headers: signed
        ? {
            authorization: oauth1aHeader({
              method,
              url: `${origin}${path}`,
              consumerKey: credentials.consumerKey,
              consumerSecret: credentials.consumerSecret,
              token: credentials.accessToken,
              tokenSecret: credentials.accessTokenSecret,
            }),
          }
        : {},
    });

  it('allows a request within the declared resources', async () => {
    const response = await call('GET', '/rest/V1/orders/7');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ order: '7', by: { kind: 'integration', name: 'Order viewer' } });
  });

  it('refuses one the declaration needs another resource for, naming it', async () => {
    const response = await call('POST', '/rest/V1/orders/7/cancel');
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'ACCESS.DENIED', parameters: { resources: 'Magento_Sales::cancel' } });
  });

  it('lets anyone through a route declared anonymous', async () => {
    const response = await call('POST', '/rest/V1/customers', false);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ by: { kind: 'anonymous' } });
  });

  it('refuses a request no declaration matches (403 ROUTE.UNDECLARED)', async () => {
    const response = await call('GET', '/rest/V1/not-declared');
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'ROUTE.UNDECLARED', parameters: { method: 'GET', route: '/rest/V1/not-declared' } });
  });
});
