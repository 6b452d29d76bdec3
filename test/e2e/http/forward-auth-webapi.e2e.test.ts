import { join } from 'node:path';
import { type LightMyRequestResponse } from 'fastify';
import { oauth1aHeader } from '../../support/oauth-clients';
import { startTestServer, type TestServer } from './server-harness';

/**
 * Forward-auth with Magento's own acl.xml (PORTCULLIS_ACL_XML) and webapi.xml (PORTCULLIS_WEBAPI_XML):
 * the gateway sends no X-Required-Resources; Portcullis finds the route's resources itself. The ACL
 * tree is Magento's (acl.xml of Backend, Config, Sales and Customer).
 */
const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const PUBLIC = 'https://shop.test';
const ACL_MODULES = ['Magento_Backend', 'Magento_Config', 'Magento_Sales', 'Magento_Customer'];

describe('forward-auth with webapi.xml route declarations (SQLite)', () => {
  let t: TestServer;
  let admin: string;
  let credentials: { consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string };

  beforeAll(async () => {
    t = await startTestServer('sqlite', {
      config: {
        publicBaseUrl: PUBLIC,
        // As PORTCULLIS_ACL_XML and PORTCULLIS_WEBAPI_XML would give them.
        aclFiles: ACL_MODULES.map((module) => join(FIXTURES, 'magento-acl', module, 'etc', 'acl.xml')),
        webapiXml: ['Magento_Sales', 'Magento_Customer'].map((module) => join(FIXTURES, 'magento-webapi', module, 'etc', 'webapi.xml')),
      },
    });
    admin = await t.signIn();
    const created = await t.call('POST', '/rest/V1/integrations', {
      token: admin,
      body: { name: 'Order viewer', email: 'ops@erp.example', resourceAccess: 'custom', resources: ['Magento_Sales::actions_view'], activate: true, currentPassword: t.adminPassword },
    });
    expect(created.statusCode).toBe(201);
    credentials = created.json<{ activation: { credentials: typeof credentials } }>().activation.credentials;
  }, 60_000);
  afterAll(() => t?.close());

  const ask = (method: string, uri: string, authorization?: string): Promise<LightMyRequestResponse> =>
    t.call('GET', '/rest/V1/authorize', { headers: { 'x-original-method': method, 'x-original-uri': uri, ...(authorization !== undefined ? { authorization } : {}) } });
  const signed = (method: string, uri: string): string =>
    oauth1aHeader({
      method,
      url: `${PUBLIC}${uri}`,
      consumerKey: credentials.consumerKey,
      consumerSecret: credentials.consumerSecret,
      token: credentials.accessToken,
      tokenSecret: credentials.accessTokenSecret,
      timestamp: Math.floor(t.clock.now().getTime() / 1000),
    });

  it('takes the resources from the matching route: GET /V1/orders/:id needs Magento_Sales::actions_view', async () => {
    const uri = '/rest/V1/orders/42';
    expect((await ask('GET', uri, signed('GET', uri))).statusCode).toBe(200);
    const withStoreCode = '/rest/default/V1/orders?searchCriteria[pageSize]=5';
    expect((await ask('GET', withStoreCode, signed('GET', withStoreCode))).statusCode).toBe(200);
  });

  it('answers 403 naming the declared resource the integration lacks', async () => {
    const uri = '/rest/V1/orders/42/cancel';
    const response = await ask('POST', uri, signed('POST', uri));
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'ACCESS.DENIED', parameters: { resources: 'Magento_Sales::cancel' } });
  });

  it('lets anyone through a route declared anonymous (POST /V1/customers)', async () => {
    const response = await ask('POST', '/rest/V1/customers');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ kind: 'anonymous' });
  });

  it('refuses a request no declaration matches with 403 ROUTE.UNDECLARED', async () => {
    const response = await ask('GET', '/rest/V1/no-such-thing', `Bearer ${admin}`);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'ROUTE.UNDECLARED', parameters: { method: 'GET', route: '/rest/V1/no-such-thing' } });
  });

  it('lets X-Required-Resources, when the gateway sends it, override the declarations', async () => {
    const uri = '/rest/V1/orders/42';
    const response = await t.call('GET', '/rest/V1/authorize', {
      headers: { 'x-original-method': 'GET', 'x-original-uri': uri, 'x-required-resources': 'Magento_Customer::manage', authorization: signed('GET', uri) },
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('route and resource files that cannot be loaded stop the start, naming the file', () => {
  it.each([
    [{ aclFiles: ['/no/such/acl.xml'] }, 'A configuration file is wrong; nothing was changed:\n  /no/such/acl.xml: no such file'],
    [{ webapiXml: ['/no/such/webapi.xml'] }, 'A configuration file is wrong; nothing was changed:\n  /no/such/webapi.xml: no such file'],
    [
      { webapiXml: [join(FIXTURES, 'magento-acl', 'Magento_Sales', 'etc', 'acl.xml')] },
      /^A configuration file is wrong; nothing was changed:\n {2}\S*acl\.xml:\d+:\d+: the root element is <config>; expected <routes>$/,
    ],
  ])('%j', async (config, message) => {
    await expect(startTestServer('sqlite', { config })).rejects.toThrow(message);
  });
});
