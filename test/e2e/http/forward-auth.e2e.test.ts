import { type LightMyRequestResponse } from 'fastify';
import { describeMysql } from '../../integration/persistence/backends';
import { R, SHOP_ACL } from '../../support/acl-fixtures';
import { anActiveIntegration, forwardAuthHeaders, signedHeader, timestampOf, type IntegrationCredentials } from './forward-auth-support';
import { startTestServer, type BackendKind, type TestServer } from './server-harness';

/**
 * Forward-auth (docs/oauth.md §5) as a gateway calls it: the client's Authorization header plus
 * X-Original-Method, X-Original-URI and X-Required-Resources. Signatures are made by oauth-1.0a
 * for the gateway's public URL.
 */
const PUBLIC = 'https://shop.test';
const SERVER_START_TIMEOUT = 60_000;

function forwardAuthSuite(kind: BackendKind, mysqlDatabase: string): void {
  let t: TestServer;
  let admin: string;
  let counter = 0;

  beforeAll(async () => {
    t = await startTestServer(kind, { mysqlDatabase, config: { publicBaseUrl: PUBLIC }, overrides: { aclResources: [SHOP_ACL] } });
    admin = await t.signIn();
  }, SERVER_START_TIMEOUT);
  afterAll(() => t?.close());

  /** An active integration (local activation) allowed `resources`, with its four credentials. */
  const anIntegration = (resources: readonly string[], name = `Connector ${++counter}`): Promise<{ id: string; credentials: IntegrationCredentials }> =>
    anActiveIntegration(t, admin, name, resources);
  const signed = (credentials: IntegrationCredentials, method: string, uri: string): string =>
    signedHeader(credentials, { publicBaseUrl: PUBLIC, method, uri, timestamp: timestampOf(t) });
  const ask = (required: string, authorization?: string, original: { method?: string; uri?: string } = {}): Promise<LightMyRequestResponse> =>
    t.call('GET', '/rest/V1/authorize', { headers: forwardAuthHeaders(authorization, required, original) });

  it('allows an integration\'s signed request within its grant, naming it in headers and body', async () => {
    const { id, credentials } = await anIntegration([R.orders], 'Zoë’s ERP');
    // (oauth-1.0a signs a raw `+` in a query as %2B where RFC 5849 reads a space, so none is sent here.)
    const uri = '/rest/V1/orders/a%2Fb?searchCriteria[filter_groups][0][filters][0][field]=sku&q=two%20words&q=%C3%A9';

    const response = await ask(`${R.orders}, ${R.cancel}`, signed(credentials, 'GET', uri), { uri });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ kind: 'integration', integrationId: id, name: 'Zoë’s ERP' });
    expect(response.headers['x-portcullis-integration']).toBe(id);
    expect(decodeURIComponent(String(response.headers['x-portcullis-integration-name']))).toBe('Zoë’s ERP');
  });

  it('checks the signature against the original method and URI, not the forward-auth request', async () => {
    const { credentials } = await anIntegration([R.orders]);
    const header = signed(credentials, 'POST', '/rest/V1/orders');
    expect((await ask(R.orders, header, { method: 'GET', uri: '/rest/V1/orders' })).json()).toMatchObject({ code: 'OAUTH.SIGNATURE_INVALID' });
    expect((await ask(R.orders, signed(credentials, 'POST', '/rest/V1/orders'), { method: 'POST', uri: '/rest/V1/orders' })).statusCode).toBe(200);
  });

  it('answers 403 naming every missing resource', async () => {
    const { credentials } = await anIntegration([R.customers]);
    const response = await ask(`${R.customers},${R.orders},${R.cancel}`, signed(credentials, 'GET', '/rest/V1/orders'));
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      message: `The consumer isn't authorized to access ${R.orders}, ${R.cancel}.`,
      code: 'ACCESS.DENIED',
      parameters: { resources: `${R.orders}, ${R.cancel}` },
    });
  });

  it('lets anyone through an anonymous route', async () => {
    const response = await ask('anonymous');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ kind: 'anonymous' });
  });

  it('answers 401 without credentials, for an unknown bearer token and for another scheme', async () => {
    const none = await ask(R.orders);
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ code: 'GUARD.UNAUTHENTICATED', message: 'Authentication is required: the request has no Authorization header. Send an OAuth 1.0a signed request or a bearer token.' });
    const unknown = await ask(R.orders, `Bearer ${'x'.repeat(32)}`);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({ code: 'GUARD.UNAUTHENTICATED', parameters: { reason: 'the bearer token is unknown' } });
    expect((await ask(R.orders, 'Basic YWRtaW46YWRtaW4=')).statusCode).toBe(401);
  });

  it('says so when an integration sends its access token as bearer while that is disabled (the default)', async () => {
    const { credentials } = await anIntegration([R.orders]);
    const response = await ask(R.orders, `Bearer ${credentials.accessToken}`);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ message: 'Bearer use of integration tokens is disabled', code: 'GUARD.INTEGRATION_BEARER_DISABLED' });
  });

  it('allows an admin bearer token within the admin role, naming the admin', async () => {
    const response = await ask(R.orders, `Bearer ${admin}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ kind: 'admin', username: 'admin' });
    expect(response.headers['x-portcullis-admin']).toBe('admin');
  });

  it('refuses a revoked integration and applies a narrowed grant once the guard cache TTL (1 s) has passed', async () => {
    const { id, credentials } = await anIntegration([R.orders, R.customers]);
    expect((await ask(R.customers, signed(credentials, 'GET', '/rest/V1/orders'))).statusCode).toBe(200);

    const narrowed = await t.call('PUT', `/rest/V1/integrations/${id}`, {
      token: admin,
      body: { resourceAccess: 'custom', resources: [R.orders], currentPassword: t.adminPassword },
    });
    expect(narrowed.statusCode).toBe(200);
    t.clock.advance(1);
    expect((await ask(R.customers, signed(credentials, 'GET', '/rest/V1/orders'))).statusCode).toBe(403);
    expect((await ask(R.orders, signed(credentials, 'GET', '/rest/V1/orders'))).statusCode).toBe(200);

    expect((await t.call('POST', `/rest/V1/integrations/${id}/revoke`, { token: admin })).statusCode).toBe(200);
    t.clock.advance(1);
    const revoked = await ask(R.orders, signed(credentials, 'GET', '/rest/V1/orders'));
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json()).toMatchObject({ message: 'Access token has been revoked' });
  });

  it('records lastUsedAt on an allowed call, at most once a minute', async () => {
    const { id, credentials } = await anIntegration([R.orders]);
    const lastUsed = async (): Promise<string | null> => (await t.call('GET', `/rest/V1/integrations/${id}`, { token: admin })).json<{ lastUsedAt: string | null }>().lastUsedAt;
    expect(await lastUsed()).toBeNull();

    expect((await ask(R.orders, signed(credentials, 'GET', '/rest/V1/orders'))).statusCode).toBe(200);
    const first = await lastUsed();
    expect(first).toBe(t.clock.now().toISOString());
    t.clock.advance(30);
    expect((await ask(R.orders, signed(credentials, 'GET', '/rest/V1/orders'))).statusCode).toBe(200);
    expect(await lastUsed()).toBe(first);
    t.clock.advance(30);
    expect((await ask(R.orders, signed(credentials, 'GET', '/rest/V1/orders'))).statusCode).toBe(200);
    expect(await lastUsed()).toBe(t.clock.now().toISOString());
    t.clock.advance(-60);
  });

  it('answers 400 listing every gateway header that is missing', async () => {
    const response = await t.call('GET', '/rest/V1/authorize', { token: admin });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ errors: Array<{ field: string }> }>().errors.map((error) => error.field)).toEqual(['X-Original-Method', 'X-Original-URI', 'X-Required-Resources']);
  });
}

describe('forward-auth over HTTP (SQLite)', () => forwardAuthSuite('sqlite', 'unused'));
describeMysql('forward-auth over HTTP (MariaDB)', () => forwardAuthSuite('mysql', 'portcullis_test_e2e_forward_auth'));

describe('forward-auth with integration bearer tokens enabled (SQLite)', () => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer('sqlite', { config: { allowIntegrationBearer: true }, overrides: { aclResources: [SHOP_ACL] } });
    admin = await t.signIn();
  }, SERVER_START_TIMEOUT);
  afterAll(() => t?.close());

  it('allows the access token as bearer within the grant, 403 outside it, 401 once revoked', async () => {
    const created = await t.call('POST', '/rest/V1/integrations', {
      token: admin,
      body: { name: 'Bearer user', email: 'ops@erp.example', resourceAccess: 'custom', resources: [R.orders], activate: true, currentPassword: t.adminPassword },
    });
    const { integration, activation } = created.json<{ integration: { id: string }; activation: { credentials: IntegrationCredentials } }>();
    const ask = (required: string): Promise<LightMyRequestResponse> =>
      t.call('GET', '/rest/V1/authorize', {
        headers: { authorization: `Bearer ${activation.credentials.accessToken}`, 'x-original-method': 'GET', 'x-original-uri': '/rest/V1/orders', 'x-required-resources': required },
      });

    expect((await ask(R.orders)).json()).toEqual({ kind: 'integration', integrationId: integration.id, name: 'Bearer user' });
    expect((await ask(R.customers)).statusCode).toBe(403);
    await t.call('POST', `/rest/V1/integrations/${integration.id}/revoke`, { token: admin });
    t.clock.advance(1);
    expect((await ask(R.orders)).json()).toMatchObject({ message: 'Access token has been revoked' });
  });
});
