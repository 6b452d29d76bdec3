import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { readMagentoAclXml } from '../../../src/adapters/config-files/magento-acl-xml.reader';
import { loadMagentoWebapiRouteTable } from '../../../src/adapters/config-files/magento-webapi-xml.reader';
import { createPortcullis, type Portcullis } from '../../../src/infrastructure/create-portcullis';
import { oauth1aHeader } from '../../support/oauth-clients';

/**
 * The Fastify plugin with Magento's webapi.xml route declarations: routes registered without
 * `config.resources` take the access of the declaration their request matches.
 */
const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const PUBLIC = 'https://shop.test';
const fixture = (kind: string, module: string, file: string): string => readFileSync(join(FIXTURES, kind, module, 'etc', file), 'utf8');

describe('Fastify plugin with webapi.xml route declarations (in memory)', () => {
  let portcullis: Portcullis;
  let app: FastifyInstance;
  let credentials: { consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string };

  beforeAll(async () => {
    portcullis = await createPortcullis({
      publicBaseUrl: PUBLIC,
      aclResources: ['Magento_Backend', 'Magento_Config', 'Magento_Sales', 'Magento_Customer'].map((module) => readMagentoAclXml(fixture('magento-acl', module, 'acl.xml'), module)),
    });
    const routes = loadMagentoWebapiRouteTable(['Magento_Sales', 'Magento_Customer'].map((module) => ({ name: module, xml: fixture('magento-webapi', module, 'webapi.xml') })));
    app = Fastify();
    await app.register(portcullis.fastify.plugin, { routes });
    app.get('/rest/V1/orders/:id', (request) => ({ order: (request.params as { id: string }).id, by: request.portcullis }));
    app.post('/rest/V1/orders/:id/cancel', () => ({ cancelled: true }));
    app.post('/rest/V1/customers', (request) => ({ by: request.portcullis }));
    app.get('/rest/V1/not-declared', () => ({ open: true }));
    const { activation } = await portcullis.integrations.create({
      name: 'Order viewer',
      email: 'ops@erp.example',
      resourceAccess: 'custom',
      resources: ['Magento_Sales::actions_view'],
      activate: true,
    });
    if (activation?.mode !== 'local') throw new Error('expected a local activation');
    credentials = activation.credentials;
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
