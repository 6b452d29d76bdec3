import Fastify, { type FastifyInstance } from 'fastify';
import { createPortcullis, type Portcullis } from '../../../src/infrastructure/create-portcullis';
import { anOrderViewer, magentoSalesAndCustomerAcl, magentoSalesAndCustomerRoutes, type Credentials } from '../../support/magento-guard-fixtures';
import { oauth1aHeader } from '../../support/oauth-clients';

/**
 * The Fastify plugin with Magento's webapi.xml route declarations: routes registered without
 * `config.resources` take the access of the declaration their request matches.
 */
const PUBLIC = 'https://shop.test';

describe('Fastify plugin with webapi.xml route declarations (in memory)', () => {
  let portcullis: Portcullis;
  let app: FastifyInstance;
  let credentials: Credentials;

  beforeAll(async () => {
    portcullis = await createPortcullis({
      publicBaseUrl: PUBLIC,
      aclResources: magentoSalesAndCustomerAcl(),
    });
    const routes = magentoSalesAndCustomerRoutes();
    app = Fastify();
    await app.register(portcullis.fastify.plugin, { routes });
    app.get('/rest/V1/orders/:id', (request) => ({ order: (request.params as { id: string }).id, by: request.portcullis }));
    app.post('/rest/V1/orders/:id/cancel', () => ({ cancelled: true }));
    app.post('/rest/V1/customers', (request) => ({ by: request.portcullis }));
    app.get('/rest/V1/not-declared', () => ({ open: true }));
    credentials = await anOrderViewer(portcullis);
  });
  afterAll(async () => {
    await app?.close();
    await portcullis?.close();
  });

  const signed = (method: string, url: string): string =>
    oauth1aHeader({ method, url: `${PUBLIC}${url}`, consumerKey: credentials.consumerKey, consumerSecret: credentials.consumerSecret, token: credentials.accessToken, tokenSecret: credentials.accessTokenSecret });

  it('allows a request within the declared resources (GET /V1/orders/:id: Magento_Sales::actions_view)', async () => {
    const response = await app.inject({ method: 'GET', url: '/rest/V1/orders/7', headers: { authorization: signed('GET', '/rest/V1/orders/7') } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ order: '7', by: { kind: 'integration', name: 'Order viewer' } });
  });

  it('refuses one the declaration needs another resource for, naming it', async () => {
    const response = await app.inject({ method: 'POST', url: '/rest/V1/orders/7/cancel', headers: { authorization: signed('POST', '/rest/V1/orders/7/cancel') } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'ACCESS.DENIED', parameters: { resources: 'Magento_Sales::cancel' } });
  });

  it('lets anyone through a route declared anonymous', async () => {
    const response = await app.inject({ method: 'POST', url: '/rest/V1/customers', payload: { customer: {} } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ by: { kind: 'anonymous' } });
  });

  it('refuses a route no declaration matches (403 ROUTE.UNDECLARED), however well signed', async () => {
    const response = await app.inject({ method: 'GET', url: '/rest/V1/not-declared', headers: { authorization: signed('GET', '/rest/V1/not-declared') } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'ROUTE.UNDECLARED', parameters: { method: 'GET', route: '/rest/V1/not-declared' } });
  });
});
