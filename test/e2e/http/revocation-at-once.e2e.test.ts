import { type LightMyRequestResponse } from 'fastify';
import { describeMysql } from '../../integration/persistence/backends';
import { R, SHOP_ACL } from '../../support/acl-fixtures';
import { createRole, createUser } from './admin-api-support';
import { anActiveIntegration, forwardAuthHeaders, signedHeader, timestampOf, type IntegrationCredentials } from './forward-auth-support';
import { startTestServer, type BackendKind, type TestServer } from './server-harness';

/**
 * Revocation at once, in the process that made the change: the guard reads through a cache
 * (1 s TTL), and a change committed here empties it before the admin's call returns. The test
 * server's clock stands still, so a cached value would never expire on its own: each refusal
 * below comes from the invalidation, on the very next request, with no sleep. Forward-auth
 * (`/rest/V1/authorize`) is the guard's cached path, asked as a gateway asks it; signatures are
 * made by the oauth-1.0a client.
 */
const PUBLIC = 'https://shop.test';
const SERVER_START_TIMEOUT = 60_000;
const PASSWORD = 'Leaver-password-1';

function revocationSuite(kind: BackendKind, mysqlDatabase: string): void {
  let t: TestServer;
  let admin: string;
  let counter = 0;

  beforeAll(async () => {
    t = await startTestServer(kind, { mysqlDatabase, config: { publicBaseUrl: PUBLIC }, overrides: { aclResources: [SHOP_ACL] } });
    admin = await t.signIn();
  }, SERVER_START_TIMEOUT);
  afterAll(() => t?.close());

  const asAdmin = async (method: string, url: string, body?: Record<string, unknown>): Promise<LightMyRequestResponse> => {
    const response = await t.call(method, url, { token: admin, ...(body !== undefined ? { body: { ...body, currentPassword: t.adminPassword } } : {}) });
    expect(response.statusCode).toBeLessThan(300);
    return response;
  };
  const anIntegration = (resources: readonly string[]): Promise<{ id: string; credentials: IntegrationCredentials }> => anActiveIntegration(t, admin, `At once ${++counter}`, resources);
  const signed = (credentials: IntegrationCredentials): string => signedHeader(credentials, { publicBaseUrl: PUBLIC, timestamp: timestampOf(t) });
  /** The gateway's question: may this request to GET /rest/V1/orders pass, needing `required`? */
  const ask = async (required: string, authorization: string): Promise<{ status: number; code: unknown }> => {
    const response = await t.call('GET', '/rest/V1/authorize', { headers: forwardAuthHeaders(authorization, required) });
    return { status: response.statusCode, code: response.statusCode === 200 ? null : response.json<{ code?: unknown }>().code };
  };

  it('a revoked integration: its next signed call is refused', async () => {
    const { id, credentials } = await anIntegration([R.orders]);
    expect(await ask(R.orders, signed(credentials))).toEqual({ status: 200, code: null });

    await asAdmin('POST', `/rest/V1/integrations/${id}/revoke`);

    expect(await ask(R.orders, signed(credentials))).toEqual({ status: 401, code: 'OAUTH.TOKEN_REVOKED' });
  });

  it('a reauthorized integration: the old token is refused at once, the new one allowed', async () => {
    const { id, credentials } = await anIntegration([R.orders]);
    expect((await ask(R.orders, signed(credentials))).status).toBe(200);

    const reauthorized = await asAdmin('POST', `/rest/V1/integrations/${id}/reauthorize`);

    expect((await ask(R.orders, signed(credentials))).status).toBe(401);
    const renewed = reauthorized.json<{ activation: { credentials: IntegrationCredentials } }>().activation.credentials;
    expect(await ask(R.orders, signed(renewed))).toEqual({ status: 200, code: null });
  });

  it('a narrowed grant: the next call needing what was taken away is refused, the rest allowed', async () => {
    const { id, credentials } = await anIntegration([R.orders, R.customers]);
    expect((await ask(R.customers, signed(credentials))).status).toBe(200);

    await asAdmin('PUT', `/rest/V1/integrations/${id}`, { resourceAccess: 'custom', resources: [R.orders] });

    expect(await ask(R.customers, signed(credentials))).toEqual({ status: 403, code: 'ACCESS.DENIED' });
    expect((await ask(R.orders, signed(credentials))).status).toBe(200);
  });

  it('a deleted integration: its next signed call is refused', async () => {
    const { id, credentials } = await anIntegration([R.orders]);
    expect((await ask(R.orders, signed(credentials))).status).toBe(200);

    await asAdmin('DELETE', `/rest/V1/integrations/${id}`);

    expect((await ask(R.orders, signed(credentials))).status).toBe(401);
  });

  it('a signed-out admin: the token is refused on the next request', async () => {
    const token = await t.signIn();
    expect(await ask(R.orders, `Bearer ${token}`)).toEqual({ status: 200, code: null });

    expect((await t.call('DELETE', '/rest/V1/integration/admin/token', { token })).statusCode).toBe(200);

    expect(await ask(R.orders, `Bearer ${token}`)).toEqual({ status: 401, code: 'ADMIN_AUTH.TOKEN_INVALID' });
  });

  it('a deactivated admin user, and a narrowed role: refused on the next request', async () => {
    const role = await createRole(t, `Clerks ${++counter}`, { resourceAccess: 'custom', resources: [R.orders, R.customers] });
    const user = await createUser(t, `clerk${counter}`, PASSWORD, role.id);
    const token = await t.signIn(`clerk${counter}`, PASSWORD);
    expect((await ask(R.customers, `Bearer ${token}`)).status).toBe(200);

    await asAdmin('PUT', `/rest/V1/roles/${role.id}`, { resourceAccess: 'custom', resources: [R.orders] });
    expect(await ask(R.customers, `Bearer ${token}`)).toEqual({ status: 403, code: 'ACCESS.DENIED' });
    expect((await ask(R.orders, `Bearer ${token}`)).status).toBe(200);

    await asAdmin('PUT', `/rest/V1/admin-users/${user.id}`, { active: false });
    expect(await ask(R.orders, `Bearer ${token}`)).toEqual({ status: 401, code: 'ADMIN_AUTH.TOKEN_INVALID' });
  });
}

describe('revocation at once in the process that made the change (SQLite)', () => {
  revocationSuite('sqlite', '');
});

describeMysql('revocation at once in the process that made the change (MariaDB)', () => {
  revocationSuite('mysql', 'portcullis_test_e2e_revocation_at_once');
});
