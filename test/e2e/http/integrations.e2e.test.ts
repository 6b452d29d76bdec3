import { type LightMyRequestResponse } from 'fastify';
import { type TokenExchange } from '../../../src/application/ports/token-exchange.port';
import { type Integration } from '../../../src/domain/integration/integration.aggregate';
import { describeMysql } from '../../integration/persistence/backends';
import { R, SHOP_ACL } from '../../support/acl-fixtures';
import { CallbackRefusedError, CREDENTIAL, HANDSHAKE_URLS, succeedingExchange } from '../../support/integration-fixtures';
import { startTestServer, type BackendKind, type TestServer } from './server-harness';

/*
 * Every endpoint of System > Integrations over real HTTP (the whole Fastify stack, the real
 * composition root and database), its success and its failure answers. State is checked through
 * the API only: after a refused save, the list and the record read back unchanged.
 */

const BASE = '/rest/V1/integrations';

interface IntegrationJson {
  id: string;
  name: string;
  email: string;
  endpoint: string | null;
  identityLinkUrl: string | null;
  status: 'inactive' | 'active' | 'reset';
  setupType: 'manual' | 'config';
  notSecure: boolean;
  usesTokenExchange: boolean;
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
  statusReason: string | null;
  orphaned: boolean;
  access: { resourceAccess: 'all' | 'custom'; resources: string[]; excluded: string[] };
}
interface CredentialsJson {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
}
type ActivationJson = { mode: 'local'; credentials: CredentialsJson } | { mode: 'exchange'; identityLinkUrl: string; consumerKey: string };
interface SavedJson {
  integration: IntegrationJson;
  activation?: ActivationJson;
}
interface PageJson {
  items: Omit<IntegrationJson, 'access'>[];
  total: number;
  page: number;
  pageSize: number;
}
interface ErrorJson {
  message: string;
  code: string;
  parameters?: Record<string, unknown>;
  errors?: { field: string; message: string }[];
}
interface PermissionJson {
  resourceId: string;
  title: string;
  parentId: string | null;
  depth: number;
  allowed: boolean;
  reason: { kind: string; by?: string; to?: string[] };
}
interface AclNodeJson {
  id: string;
  title: string;
  sortOrder: number;
  children: AclNodeJson[];
}

/** An exchange the test steers: succeeds, is refused by the third party, or fails unexpectedly. */
class SteeredExchange implements TokenExchange {
  mode: 'succeed' | 'refuse' | 'crash' = 'succeed';
  identityLinkFor(integration: Integration): Promise<string> {
    return succeedingExchange.identityLinkFor(integration);
  }

  sendCredentials(): Promise<void> {
    if (this.mode === 'refuse') return Promise.reject(new CallbackRefusedError());
    if (this.mode === 'crash') return Promise.reject(new Error('socket hang up\n    at post (/srv/portcullis/src/exchange.ts:12:3)'));
    return Promise.resolve();
  }
}

/** A 400's invalid fields, in order. */
const fieldsOf = (response: LightMyRequestResponse): string[] => (response.json<ErrorJson>().errors ?? []).map((e) => e.field);

/** Starting a server migrates a fresh database (and the grid creates 60 integrations). */
const SERVER_START_TIMEOUT = 60_000;

function integrationsSuite(kind: BackendKind, mysqlDatabase = 'portcullis_test_e2e_integrations'): void {
  let t: TestServer;
  let token: string;

  const validBody = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    name,
    email: 'ops@partner.example',
    resourceAccess: 'custom',
    resources: [R.orders],
    currentPassword: t.adminPassword,
    ...extra,
  });
  const create = (name: string, extra: Record<string, unknown> = {}): Promise<LightMyRequestResponse> =>
    t.call('POST', BASE, { token, body: validBody(name, extra) });
  /** Creates and returns the saved integration (fails the test unless 201). */
  const created = async (name: string, extra: Record<string, unknown> = {}): Promise<IntegrationJson> => {
    const response = await create(name, extra);
    expect(response.statusCode).toBe(201);
    return response.json<SavedJson>().integration;
  };
  const update = (id: string, body: Record<string, unknown>): Promise<LightMyRequestResponse> =>
    t.call('PUT', `${BASE}/${id}`, { token, body: { currentPassword: t.adminPassword, ...body } });
  const get = (id: string): Promise<LightMyRequestResponse> => t.call('GET', `${BASE}/${id}`, { token });
  const list = (query = ''): Promise<LightMyRequestResponse> => t.call('GET', `${BASE}${query}`, { token });
  /** The whole list, to compare before and after a refused operation. */
  const everything = async (): Promise<PageJson> => (await list('?pageSize=200')).json<PageJson>();
  const credentialsOf = (id: string): Promise<LightMyRequestResponse> => t.call('GET', `${BASE}/${id}/credentials`, { token });

  beforeAll(async () => {
    t = await startTestServer(kind, { mysqlDatabase, overrides: { aclResources: [SHOP_ACL] } });
    token = await t.signIn();
  }, SERVER_START_TIMEOUT);
  afterAll(() => t.close());

  describe('POST /rest/V1/integrations (Save)', () => {
    it('answers 201 with a Location header and the saved integration, which GET then reads back', async () => {
      const response = await create('Shipping Bridge', { endpoint: 'https://ship.example/hook', excluded: [R.cancel] });

      expect(response.statusCode).toBe(201);
      const { integration, activation } = response.json<SavedJson>();
      expect(activation).toBeUndefined();
      expect(response.headers.location).toBe(`${BASE}/${integration.id}`);
      expect(integration).toEqual({
        id: expect.any(String) as string,
        name: 'Shipping Bridge',
        email: 'ops@partner.example',
        endpoint: 'https://ship.example/hook',
        identityLinkUrl: null,
        status: 'inactive',
        setupType: 'manual',
        notSecure: false,
        usesTokenExchange: false,
        createdAt: t.clock.now().toISOString(),
        updatedAt: t.clock.now().toISOString(),
        lastUsedAt: null,
        statusReason: null,
        orphaned: false,
        policy: { readOnly: false, expiresAt: null, allowedIps: [], rateLimit: null },
        access: { resourceAccess: 'custom', resources: [R.orders], excluded: [R.cancel] },
      });
      const read = await t.call('GET', response.headers.location as string, { token });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(integration);
    });

    it('saves "all" resource access with no resource lists', async () => {
      const integration = await created('Everything Feed', { resourceAccess: 'all', resources: undefined });
      expect(integration.access).toEqual({ resourceAccess: 'all', resources: [], excluded: [] });
    });

    it('flags an http: callback URL as not secure, and both handshake URLs as a token exchange', async () => {
      const insecure = await created('Plain Http Hook', { endpoint: 'http://partner.example/hook' });
      expect(insecure).toMatchObject({ notSecure: true, usesTokenExchange: false, endpoint: 'http://partner.example/hook' });

      const handshake = await created('Handshake Partner', { ...HANDSHAKE_URLS });
      expect(handshake).toMatchObject({ ...HANDSHAKE_URLS, notSecure: false, usesTokenExchange: true, status: 'inactive' });
    });

    it('requires the acting admin’s current password, and refuses a wrong one; nothing is written', async () => {
      const before = await everything();

      const missing = await t.call('POST', BASE, { token, body: { ...validBody('No Password'), currentPassword: undefined } });
      expect(missing.statusCode).toBe(400);
      expect(fieldsOf(missing)).toEqual(['currentPassword']);

      const wrong = await create('Wrong Password', { currentPassword: `${t.adminPassword}x` });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json()).toMatchObject({ code: 'ADMIN_AUTH.CURRENT_PASSWORD_INVALID', errors: [{ field: 'currentPassword' }] });

      expect(await everything()).toEqual(before);
    });

    it('refuses a name taken by another integration (case-insensitive) with 409; nothing is written', async () => {
      await created('Taken Name');
      const before = await everything();

      const duplicate = await create('  TAKEN name ');

      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json()).toMatchObject({ code: 'INTEGRATION.NAME_TAKEN', message: 'The integration with name "TAKEN name" exists.' });
      expect(await everything()).toEqual(before);
    });

    it('refuses an unknown resource id with 400 naming it; nothing is written', async () => {
      const before = await everything();

      const response = await create('Unknown Resource', { resources: [R.orders, 'Vendor_Module::nothing'] });

      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        code: 'ACL.RESOURCE_UNKNOWN',
        parameters: { ids: ['Vendor_Module::nothing'] },
        errors: [{ field: 'resources', message: 'The ACL resource "Vendor_Module::nothing" does not exist.' }],
      });
      expect(response.json<ErrorJson>().message).toContain('Vendor_Module::nothing');
      expect(await everything()).toEqual(before);
    });

    it('refuses a request without a valid admin token (401)', async () => {
      const before = await everything();
      const anonymous = await t.call('POST', BASE, { body: validBody('Anonymous') });
      const forged = await t.call('POST', BASE, { token: 'f'.repeat(32), body: validBody('Forged') });
      expect(anonymous.statusCode).toBe(401);
      expect(forged.statusCode).toBe(401);
      expect(anonymous.json()).toMatchObject({ code: 'ADMIN_AUTH.TOKEN_INVALID' });
      expect(await everything()).toEqual(before);
    });
  });

  describe('"Save and Activate" (activate: true)', () => {
    it('without handshake URLs issues the four credentials at once (mode local) and the integration is active', async () => {
      const response = await create('Save And Activate', { activate: true });

      expect(response.statusCode).toBe(201);
      const { integration, activation } = response.json<SavedJson>();
      expect(integration.status).toBe('active');
      expect(activation?.mode).toBe('local');
      const credentials = (activation as { credentials: CredentialsJson }).credentials;
      const values = [credentials.consumerKey, credentials.consumerSecret, credentials.accessToken, credentials.accessTokenSecret];
      for (const value of values) expect(value).toMatch(CREDENTIAL);
      expect(new Set(values).size).toBe(4);

      const read = await credentialsOf(integration.id);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(credentials);
      expect((await get(integration.id)).json<IntegrationJson>().status).toBe('active');
    });

    it('with both handshake URLs and a callback URL that cannot be reached answers 502 (why is for the server log); nothing is written', async () => {
      const before = await everything();

      const response = await create('Needs Exchange', { ...HANDSHAKE_URLS, activate: true });

      expect(response.statusCode).toBe(502);
      expect(response.json()).toEqual({
        code: 'OAUTH.CALLBACK_FAILED',
        message: 'The callback URL of integration "Needs Exchange" could not be reached, so the integration was not activated.',
        parameters: { name: 'Needs Exchange' },
      });
      expect(await everything()).toEqual(before);
      expect((await list('?name=Needs%20Exchange')).json()).toMatchObject({ total: 0, items: [] });
    });

    it('rejects a non-boolean "activate" (400) without saving', async () => {
      const before = await everything();
      const response = await create('Activate Maybe', { activate: 'yes' });
      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response)).toEqual(['activate']);
      expect(await everything()).toEqual(before);
    });
  });

  describe('with a token exchange plugged in', () => {
    let x: TestServer;
    let xToken: string;
    const exchange = new SteeredExchange();
    const xCreate = (name: string, extra: Record<string, unknown> = {}): Promise<LightMyRequestResponse> =>
      x.call('POST', BASE, {
        token: xToken,
        body: { name, email: 'ops@partner.example', resourceAccess: 'all', currentPassword: x.adminPassword, ...HANDSHAKE_URLS, ...extra },
      });
    const xEverything = async (): Promise<PageJson> => (await x.call('GET', `${BASE}?pageSize=200`, { token: xToken })).json<PageJson>();

    beforeAll(async () => {
      x = await startTestServer(kind, { mysqlDatabase: `${mysqlDatabase}_exchange`, overrides: { aclResources: [SHOP_ACL], tokenExchange: exchange } });
      xToken = await x.signIn();
    }, SERVER_START_TIMEOUT);
    afterEach(() => {
      exchange.mode = 'succeed';
    });
    afterAll(() => x.close());

    it('"Save and Activate" with both URLs starts the exchange (mode exchange); the integration stays inactive', async () => {
      const response = await xCreate('Exchange Partner', { activate: true });

      expect(response.statusCode).toBe(201);
      const { integration, activation } = response.json<SavedJson>();
      expect(integration).toMatchObject({ status: 'inactive', usesTokenExchange: true });
      expect(activation).toEqual({
        mode: 'exchange',
        consumerKey: expect.stringMatching(CREDENTIAL) as string,
        identityLinkUrl: `${HANDSHAKE_URLS.identityLinkUrl}?oauth_consumer_key=${(activation as { consumerKey: string }).consumerKey}`,
      });
      // No access token until the third party completes the handshake.
      const credentials = await x.call('GET', `${BASE}/${integration.id}/credentials`, { token: xToken });
      expect(credentials.statusCode).toBe(422);
      expect(credentials.json()).toMatchObject({ code: 'INTEGRATION.NOT_ACTIVATED' });
    });

    it('POST .../activate on a saved integration with both URLs starts the exchange too', async () => {
      const saved = (await xCreate('Exchange Later')).json<SavedJson>().integration;

      const response = await x.call('POST', `${BASE}/${saved.id}/activate`, { token: xToken });

      expect(response.statusCode).toBe(200);
      expect(response.json<SavedJson>().activation).toMatchObject({ mode: 'exchange', consumerKey: expect.stringMatching(CREDENTIAL) as string });
    });

    it('when the third party refuses the callback, the error is answered and nothing is saved', async () => {
      const before = await xEverything();
      exchange.mode = 'refuse';

      const response = await xCreate('Refused Partner', { activate: true });

      expect(response.statusCode).toBe(502);
      expect(response.json()).toMatchObject({ code: 'OAUTH.CALLBACK_FAILED', message: 'The callback URL answered 503.' });
      expect(await xEverything()).toEqual(before);
    });

    it('an unexpected exchange failure answers 500 without details, and nothing is saved', async () => {
      const before = await xEverything();
      exchange.mode = 'crash';

      const response = await xCreate('Crashing Partner', { activate: true });

      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ message: 'An internal error occurred. It has been logged.', code: 'INTERNAL' });
      expect(response.body).not.toMatch(/socket hang up|\.ts:\d+|\bat /);
      expect(await xEverything()).toEqual(before);
    });
  });

  describe('GET /rest/V1/integrations/{id}', () => {
    it('answers the integration with its resource access', async () => {
      const saved = await created('Read Me', { excluded: [R.capture] });
      const response = await get(saved.id);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(saved);
    });

    it('answers 404 INTEGRATION.NOT_FOUND for an unknown id', async () => {
      const response = await get('no-such-integration');
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        message: 'The integration with ID "no-such-integration" does not exist.',
        code: 'INTEGRATION.NOT_FOUND',
        parameters: { id: 'no-such-integration' },
      });
    });
  });

  describe('GET /rest/V1/integrations (the grid)', () => {
    // A server of its own: the totals here must not depend on what other tests created.
    let g: TestServer;
    let gToken: string;
    const names = Array.from({ length: 60 }, (_, i) => `Partner ${String(i + 1).padStart(2, '0')}`);
    const page = async (query: string): Promise<LightMyRequestResponse> => g.call('GET', `${BASE}${query}`, { token: gToken });

    beforeAll(async () => {
      g = await startTestServer(kind, { mysqlDatabase: `${mysqlDatabase}_grid`, overrides: { aclResources: [SHOP_ACL] } });
      gToken = await g.signIn();
      expect((await page('')).json()).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
      // Created out of order: the list must sort by name, not by creation.
      const order = [...names.filter((_, i) => i % 2 === 1).reverse(), ...names.filter((_, i) => i % 2 === 0)];
      for (const name of order) {
        const response = await g.call('POST', BASE, {
          token: gToken,
          body: { name, email: 'grid@partner.example', resourceAccess: 'all', currentPassword: g.adminPassword },
        });
        expect(response.statusCode).toBe(201);
      }
      // Three of them active.
      for (const name of ['Partner 07', 'Partner 17', 'Partner 42']) {
        const id = (await page(`?name=${encodeURIComponent(name)}`)).json<PageJson>().items[0]?.id ?? '';
        expect((await g.call('POST', `${BASE}/${id}/activate`, { token: gToken })).statusCode).toBe(200);
      }
    }, SERVER_START_TIMEOUT);
    afterAll(() => g.close());

    it('pages 60 integrations as 3 pages of 20, ordered by name', async () => {
      const seen: string[] = [];
      for (const number of [1, 2, 3]) {
        const response = await page(`?page=${number}`);
        expect(response.statusCode).toBe(200);
        const body = response.json<PageJson>();
        expect(body).toMatchObject({ total: 60, page: number, pageSize: 20 });
        expect(body.items).toHaveLength(20);
        seen.push(...body.items.map((item) => item.name));
      }
      expect(seen).toEqual(names);
      expect((await page('?page=4')).json()).toEqual({ items: [], total: 60, page: 4, pageSize: 20 });
    });

    it('takes a page size', async () => {
      const body = (await page('?page=2&pageSize=25')).json<PageJson>();
      expect(body).toMatchObject({ total: 60, page: 2, pageSize: 25 });
      expect(body.items.map((item) => item.name)).toEqual(names.slice(25, 50));
      expect((await page('?pageSize=200')).json<PageJson>().items).toHaveLength(60);
    });

    it('lists summaries with their policy (read-only is the edit page\'s): no resource access, no secrets', async () => {
      const item = (await page('?pageSize=1')).json<PageJson>().items[0] as Record<string, unknown>;
      expect(item.policy).toEqual({ expiresAt: null, allowedIps: [], rateLimit: null });
      expect(Object.keys(item).sort()).toEqual(
        [
          'calls24h',
          'createdAt',
          'email',
          'endpoint',
          'id',
          'identityLinkUrl',
          'lastUsedAt',
          'name',
          'notSecure',
          'orphaned',
          'policy',
          'setupType',
          'status',
          'statusReason',
          'updatedAt',
          'usesTokenExchange',
        ].sort(),
      );
    });

    it('filters by status', async () => {
      const active = (await page('?status=active')).json<PageJson>();
      expect(active.total).toBe(3);
      expect(active.items.map((item) => [item.name, item.status])).toEqual([
        ['Partner 07', 'active'],
        ['Partner 17', 'active'],
        ['Partner 42', 'active'],
      ]);
      expect((await page('?status=inactive')).json<PageJson>().total).toBe(57);
      expect((await page('?status=reset')).json<PageJson>()).toMatchObject({ total: 0, items: [] });
    });

    it('filters by a case-insensitive part of the name, with status and paging', async () => {
      const zeroes = (await page('?name=pARTNER%200')).json<PageJson>();
      expect(zeroes.total).toBe(9);
      expect(zeroes.items.map((item) => item.name)).toEqual(names.slice(0, 9));

      expect((await page('?name=TNER%2060')).json<PageJson>().items.map((item) => item.name)).toEqual(['Partner 60']);
      expect((await page('?name=7&status=active')).json<PageJson>().items.map((item) => item.name)).toEqual(['Partner 07', 'Partner 17']);
      expect((await page('?name=4&pageSize=5&page=3')).json<PageJson>()).toMatchObject({ total: 15, page: 3, pageSize: 5 });
      expect((await page('?name=nobody')).json()).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    });

    it('takes % and _ in the name filter literally', async () => {
      expect((await page('?name=%25')).json<PageJson>().total).toBe(0);
      expect((await page('?name=Partner_0')).json<PageJson>().total).toBe(0);
    });

    it.each([
      ['pageSize=0', 'pageSize'],
      ['pageSize=201', 'pageSize'],
      ['pageSize=2.5', 'pageSize'],
      ['page=abc', 'page'],
      ['page=0', 'page'],
      ['status=bogus', 'status'],
      ['colour=blue', 'colour'],
    ])('answers 400 naming the field for ?%s', async (query, field) => {
      const response = await page(`?${query}`);
      expect(response.statusCode).toBe(400);
      const body = response.json<ErrorJson>();
      expect(body).toMatchObject({ code: 'VALIDATION.FAILED', parameters: { fields: [field] } });
      expect(body.errors).toEqual([{ field, message: expect.stringContaining(`"${field}"`) as string }]);
    });

    it('needs an admin token', async () => {
      expect((await g.call('GET', BASE)).statusCode).toBe(401);
    });
  });

  describe('GET /rest/V1/integrations: email filter, sorting, page size (issue 17.10)', () => {
    let g: TestServer;
    let gToken: string;
    const names = async (query: string): Promise<string[]> => {
      const response = await g.call('GET', `${BASE}${query}`, { token: gToken });
      expect({ query, status: response.statusCode }).toEqual({ query, status: 200 });
      return response.json<PageJson>().items.map((item) => item.name);
    };

    beforeAll(async () => {
      g = await startTestServer(kind, { mysqlDatabase: `${mysqlDatabase}_sorted`, overrides: { aclResources: [SHOP_ACL] } });
      gToken = await g.signIn();
      const rows: [string, string][] = [
        ['Delta feed', 'feeds@Shop.example'],
        ['alpha sync', 'ops@partner.example'],
        ['Charlie bot', 'bot@other.example'],
        ['bravo import', 'OPS@shop.example'],
      ];
      for (const [name, email] of rows) {
        const created = await g.call('POST', BASE, { token: gToken, body: { name, email, resourceAccess: 'all', currentPassword: g.adminPassword } });
        expect(created.statusCode).toBe(201);
      }
      const id = (await g.call('GET', `${BASE}?name=charlie`, { token: gToken })).json<PageJson>().items[0]?.id ?? '';
      expect((await g.call('POST', `${BASE}/${id}/activate`, { token: gToken })).statusCode).toBe(200);
    }, SERVER_START_TIMEOUT);
    afterAll(() => g.close());

    it('filters by part of the email, ignoring the case of A-Z, with the other filters', async () => {
      expect(await names('?email=SHOP.EXAMPLE')).toEqual(['bravo import', 'Delta feed']);
      expect(await names('?email=ops%40')).toEqual(['alpha sync', 'bravo import']);
      expect(await names('?email=ops%40&name=bravo')).toEqual(['bravo import']);
      expect(await names('?email=example&status=active')).toEqual(['Charlie bot']);
      expect(await names('?email=%25')).toEqual([]);
      expect((await g.call('GET', `${BASE}?email=nobody`, { token: gToken })).json()).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    });

    it('sorts by a column of the grid, either way, ties by name; by name by default', async () => {
      expect(await names('')).toEqual(['alpha sync', 'bravo import', 'Charlie bot', 'Delta feed']);
      expect(await names('?sort=name&direction=desc')).toEqual(['Delta feed', 'Charlie bot', 'bravo import', 'alpha sync']);
      // bot@ < feeds@ < ops@partner < OPS@shop (A-Z read as a-z).
      expect(await names('?sort=email')).toEqual(['Charlie bot', 'Delta feed', 'alpha sync', 'bravo import']);
      expect(await names('?sort=email&direction=desc')).toEqual(['bravo import', 'alpha sync', 'Delta feed', 'Charlie bot']);
      expect(await names('?sort=status')).toEqual(['Charlie bot', 'alpha sync', 'bravo import', 'Delta feed']);
      expect(await names('?sort=status&direction=desc')).toEqual(['alpha sync', 'bravo import', 'Delta feed', 'Charlie bot']);
      expect(await names('?sort=lastUsedAt&direction=desc&pageSize=1')).toEqual(['alpha sync']);
      expect(await names('?sort=setupType')).toEqual(['alpha sync', 'bravo import', 'Charlie bot', 'Delta feed']);
    });

    it('pages in the order asked, with the page size asked', async () => {
      const response = await g.call('GET', `${BASE}?sort=email&direction=desc&page=2&pageSize=3`, { token: gToken });
      expect(response.json<PageJson>()).toMatchObject({ total: 4, page: 2, pageSize: 3 });
      expect(response.json<PageJson>().items.map((item) => item.name)).toEqual(['Charlie bot']);
    });

    it.each([
      ['sort=colour', 'sort', '"sort" must be one of name, email, status, setupType, lastUsedAt.'],
      ['sort=', 'sort', '"sort" must be one of name, email, status, setupType, lastUsedAt.'],
      ['direction=up', 'direction', '"direction" must be asc or desc.'],
      [`email=${'x'.repeat(255)}`, 'email', '"email" must be at most 254 characters long.'],
    ])('answers 400 naming the parameter for ?%s', async (query, field, message) => {
      const response = await g.call('GET', `${BASE}?${query}`, { token: gToken });
      expect(response.statusCode).toBe(400);
      expect(response.json<ErrorJson>().errors).toEqual([{ field, message }]);
    });
  });

  describe('PUT /rest/V1/integrations/{id} (Save changes)', () => {
    it('changes only the fields sent: a new name keeps email, URLs and access', async () => {
      const saved = await created('Rename Me', { endpoint: 'https://rename.example/hook', excluded: [R.cancel] });
      t.clock.advance(60);

      const response = await update(saved.id, { name: 'Renamed' });

      expect(response.statusCode).toBe(200);
      const { integration, activation } = response.json<SavedJson>();
      expect(activation).toBeUndefined();
      expect(integration).toEqual({ ...saved, name: 'Renamed', updatedAt: t.clock.now().toISOString() });
      expect((await get(saved.id)).json()).toEqual(integration);
    });

    it('clears the callback URL with null (and the identity link with "")', async () => {
      const saved = await created('Clear Urls', { endpoint: 'http://clear.example/hook', identityLinkUrl: 'https://clear.example/login' });
      expect(saved).toMatchObject({ notSecure: true, usesTokenExchange: true });

      const cleared = await update(saved.id, { endpoint: null });
      expect(cleared.statusCode).toBe(200);
      expect(cleared.json<SavedJson>().integration).toMatchObject({ endpoint: null, identityLinkUrl: 'https://clear.example/login', notSecure: false, usesTokenExchange: false });

      const both = await update(saved.id, { identityLinkUrl: '' });
      expect(both.json<SavedJson>().integration).toMatchObject({ endpoint: null, identityLinkUrl: null });
      expect((await get(saved.id)).json()).toMatchObject({ endpoint: null, identityLinkUrl: null });
    });

    it('changes the resource access from all to custom, and back', async () => {
      const saved = await created('Access Change', { resourceAccess: 'all', resources: undefined });

      const custom = await update(saved.id, { resourceAccess: 'custom', resources: [R.customers], excluded: [R.manageCustomers] });
      expect(custom.statusCode).toBe(200);
      expect(custom.json<SavedJson>().integration.access).toEqual({ resourceAccess: 'custom', resources: [R.customers], excluded: [R.manageCustomers] });
      expect((await get(saved.id)).json<IntegrationJson>().access).toEqual({ resourceAccess: 'custom', resources: [R.customers], excluded: [R.manageCustomers] });

      const all = await update(saved.id, { resourceAccess: 'all' });
      expect(all.json<SavedJson>().integration.access).toEqual({ resourceAccess: 'all', resources: [], excluded: [] });
    });

    it('refuses resource lists without "resourceAccess" (400), changing nothing', async () => {
      const saved = await created('Lists Alone');
      const response = await update(saved.id, { resources: [R.customers] });
      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response)).toEqual(['resourceAccess']);
      expect((await get(saved.id)).json()).toEqual(saved);
    });

    it('refuses a name another integration has (409), changing nothing', async () => {
      await created('First Holder');
      const saved = await created('Second Holder');

      const response = await update(saved.id, { name: 'first holder', email: 'changed@partner.example' });

      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'INTEGRATION.NAME_TAKEN' });
      expect((await get(saved.id)).json()).toEqual(saved);
    });

    it('keeps its own name when the case changes', async () => {
      const saved = await created('case change');
      const response = await update(saved.id, { name: 'Case Change' });
      expect(response.statusCode).toBe(200);
      expect(response.json<SavedJson>().integration.name).toBe('Case Change');
    });

    it('refuses a missing or wrong current password and invalid fields (400), changing nothing', async () => {
      const saved = await created('Guarded Edit');

      const missing = await t.call('PUT', `${BASE}/${saved.id}`, { token, body: { name: 'Nope' } });
      expect(missing.statusCode).toBe(400);
      expect(fieldsOf(missing)).toEqual(['currentPassword']);

      const wrong = await update(saved.id, { name: 'Nope', currentPassword: 'not-my-password' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json()).toMatchObject({ code: 'ADMIN_AUTH.CURRENT_PASSWORD_INVALID' });

      const invalid = await update(saved.id, { email: 'not-an-email', endpoint: 'ftp://files.example/' });
      expect(invalid.statusCode).toBe(400);
      expect(fieldsOf(invalid)).toEqual(['email', 'endpoint']);

      expect((await get(saved.id)).json()).toEqual(saved);
    });

    it('"Save and Activate" on an edit activates', async () => {
      const saved = await created('Edit And Activate');
      const response = await update(saved.id, { email: 'new@partner.example', activate: true });
      expect(response.statusCode).toBe(200);
      const body = response.json<SavedJson>();
      expect(body.integration).toMatchObject({ email: 'new@partner.example', status: 'active' });
      expect(body.activation?.mode).toBe('local');
    });

    it('answers 404 for an unknown id', async () => {
      const response = await update('no-such-integration', { name: 'Ghost' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'INTEGRATION.NOT_FOUND' });
    });
  });

  describe('DELETE /rest/V1/integrations/{id}', () => {
    it('deletes the integration; afterwards it is 404 everywhere and gone from the list', async () => {
      const saved = await created('Delete Me', { activate: true });

      const response = await t.call('DELETE', `${BASE}/${saved.id}`, { token });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ id: saved.id, name: 'Delete Me' });
      expect((await get(saved.id)).statusCode).toBe(404);
      expect((await credentialsOf(saved.id)).statusCode).toBe(404);
      expect((await t.call('GET', `${BASE}/${saved.id}/permissions`, { token })).statusCode).toBe(404);
      expect((await list('?name=Delete%20Me')).json<PageJson>().total).toBe(0);
      const again = await t.call('DELETE', `${BASE}/${saved.id}`, { token });
      expect(again.statusCode).toBe(404);
      expect(again.json()).toMatchObject({ code: 'INTEGRATION.NOT_FOUND' });
      // The name is free again.
      expect((await create('Delete Me')).statusCode).toBe(201);
    });
  });

  describe('POST /rest/V1/integrations/{id}/activate', () => {
    it('issues the credentials locally; a second activation is 409 (reauthorize instead)', async () => {
      const saved = await created('Activate Me');

      const response = await t.call('POST', `${BASE}/${saved.id}/activate`, { token });

      expect(response.statusCode).toBe(200);
      const body = response.json<SavedJson>();
      expect(body.integration).toMatchObject({ id: saved.id, status: 'active' });
      expect(body.activation).toEqual({
        mode: 'local',
        credentials: {
          consumerKey: expect.stringMatching(CREDENTIAL) as string,
          consumerSecret: expect.stringMatching(CREDENTIAL) as string,
          accessToken: expect.stringMatching(CREDENTIAL) as string,
          accessTokenSecret: expect.stringMatching(CREDENTIAL) as string,
        },
      });

      const again = await t.call('POST', `${BASE}/${saved.id}/activate`, { token });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'INTEGRATION.ALREADY_ACTIVE' });
      // The credentials did not change.
      expect((await credentialsOf(saved.id)).json()).toEqual((body.activation as { credentials: CredentialsJson }).credentials);
    });

    it('with both URLs and a callback URL that cannot be reached answers 502 and stays as it was', async () => {
      const saved = await created('Exchange Missing', { ...HANDSHAKE_URLS });
      const response = await t.call('POST', `${BASE}/${saved.id}/activate`, { token });
      expect(response.statusCode).toBe(502);
      expect(response.json()).toEqual({
        code: 'OAUTH.CALLBACK_FAILED',
        message: 'The callback URL of integration "Exchange Missing" could not be reached, so the integration was not activated.',
        parameters: { name: 'Exchange Missing' },
      });
      expect((await get(saved.id)).json()).toEqual(saved);
    });

    it('answers 404 for an unknown id', async () => {
      const response = await t.call('POST', `${BASE}/no-such-integration/activate`, { token });
      expect(response.statusCode).toBe(404);
    });
  });

  describe('POST /rest/V1/integrations/{id}/reauthorize', () => {
    it('keeps the consumer, replaces the access token; the old one is gone', async () => {
      const saved = await created('Reauthorize Me', { activate: true });
      const old = (await credentialsOf(saved.id)).json<CredentialsJson>();

      const response = await t.call('POST', `${BASE}/${saved.id}/reauthorize`, { token });

      expect(response.statusCode).toBe(200);
      const { integration, activation } = response.json<SavedJson>();
      expect(integration.status).toBe('active');
      const fresh = (activation as { mode: 'local'; credentials: CredentialsJson }).credentials;
      expect(fresh.consumerKey).toBe(old.consumerKey);
      expect(fresh.consumerSecret).toBe(old.consumerSecret);
      expect(fresh.accessToken).toMatch(CREDENTIAL);
      expect(fresh.accessToken).not.toBe(old.accessToken);
      expect(fresh.accessTokenSecret).not.toBe(old.accessTokenSecret);
      const now = (await credentialsOf(saved.id)).json<CredentialsJson>();
      expect(now).toEqual(fresh);
      expect(Object.values(now)).not.toContain(old.accessToken);
      expect(Object.values(now)).not.toContain(old.accessTokenSecret);
    });

    it('refuses an integration never activated (422)', async () => {
      const saved = await created('Never Active');
      const response = await t.call('POST', `${BASE}/${saved.id}/reauthorize`, { token });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({ code: 'INTEGRATION.NOT_ACTIVATED' });
      expect((await get(saved.id)).json()).toEqual(saved);
    });

    it('answers 404 for an unknown id', async () => {
      expect((await t.call('POST', `${BASE}/no-such-integration/reauthorize`, { token })).statusCode).toBe(404);
    });
  });

  describe('GET /rest/V1/integrations/{id}/credentials', () => {
    it('answers the four values of an active integration, never cached', async () => {
      const saved = await created('Credentials Please');
      const activation = (await t.call('POST', `${BASE}/${saved.id}/activate`, { token })).json<SavedJson>().activation;

      const response = await credentialsOf(saved.id);

      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.json()).toEqual((activation as { credentials: CredentialsJson }).credentials);
      expect(Object.keys(response.json<CredentialsJson>()).sort()).toEqual(['accessToken', 'accessTokenSecret', 'consumerKey', 'consumerSecret']);
    });

    it('answers 422 before activation', async () => {
      const saved = await created('Not Yet Active');
      const response = await credentialsOf(saved.id);
      expect(response.statusCode).toBe(422);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.json()).toMatchObject({ code: 'INTEGRATION.NOT_ACTIVATED', message: 'The integration "Not Yet Active" has never been activated; activate it first.' });
    });

    it('answers 404 for an unknown id', async () => {
      expect((await credentialsOf('no-such-integration')).statusCode).toBe(404);
    });
  });

  describe('GET /rest/V1/integrations/{id}/permissions', () => {
    it('lists every resource with allowed and why: selected, implied, path, excluded, not-granted', async () => {
      const saved = await created('Permission Check', { resources: [R.orders], excluded: [R.cancel] });

      const response = await t.call('GET', `${BASE}/${saved.id}/permissions`, { token });

      expect(response.statusCode).toBe(200);
      const body = response.json<{ access: IntegrationJson['access']; permissions: PermissionJson[] }>();
      expect(body.access).toEqual({ resourceAccess: 'custom', resources: [R.orders], excluded: [R.cancel] });
      const byId = new Map(body.permissions.map((p) => [p.resourceId, p]));
      const row = (id: string): Pick<PermissionJson, 'allowed' | 'reason'> | undefined => {
        const p = byId.get(id);
        return p === undefined ? undefined : { allowed: p.allowed, reason: p.reason };
      };
      expect(row(R.orders)).toEqual({ allowed: true, reason: { kind: 'selected' } });
      expect(row(R.actions)).toEqual({ allowed: true, reason: { kind: 'implied', by: R.orders } });
      expect(row(R.create)).toEqual({ allowed: true, reason: { kind: 'implied', by: R.orders } });
      expect(row(R.capture)).toEqual({ allowed: true, reason: { kind: 'implied', by: R.orders } });
      expect(row(R.cancel)).toEqual({ allowed: false, reason: { kind: 'excluded', by: R.cancel } });
      expect(row(R.sales)).toEqual({ allowed: true, reason: { kind: 'path', to: [R.orders] } });
      expect(row(R.operations)).toEqual({ allowed: true, reason: { kind: 'path', to: [R.orders] } });
      expect(row(R.invoices)).toEqual({ allowed: false, reason: { kind: 'not-granted' } });
      expect(row(R.customers)).toEqual({ allowed: false, reason: { kind: 'not-granted' } });
      expect(row('Portcullis::integrations')).toEqual({ allowed: false, reason: { kind: 'not-granted' } });
      expect(byId.get(R.cancel)).toMatchObject({ title: 'Cancel', parentId: R.actions, depth: 5 });
      // Every resource of the tree, once, parents first.
      const ids = body.permissions.map((p) => p.resourceId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(10 + 7);
      expect(ids.indexOf(R.sales)).toBeLessThan(ids.indexOf(R.orders));
    });

    it('with All, every resource is allowed because of All', async () => {
      const saved = await created('Permission All', { resourceAccess: 'all', resources: undefined });
      const body = (await t.call('GET', `${BASE}/${saved.id}/permissions`, { token })).json<{ permissions: PermissionJson[] }>();
      expect(body.permissions.length).toBeGreaterThan(0);
      expect(body.permissions.every((p) => p.allowed && p.reason.kind === 'all')).toBe(true);
    });

    it('follows an update of the access', async () => {
      const saved = await created('Permission Update');
      await update(saved.id, { resourceAccess: 'custom', resources: [R.capture] });
      const body = (await t.call('GET', `${BASE}/${saved.id}/permissions`, { token })).json<{ permissions: PermissionJson[] }>();
      const allowed = body.permissions.filter((p) => p.allowed).map((p) => p.resourceId);
      expect(allowed).toEqual([R.sales, R.operations, R.orders, R.actions, R.capture]);
    });

    it('answers 404 for an unknown id', async () => {
      const response = await t.call('GET', `${BASE}/no-such-integration/permissions`, { token });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'INTEGRATION.NOT_FOUND' });
    });
  });

  describe('GET /rest/V1/acl/resources', () => {
    it('answers the host’s tree and Portcullis’s own resources, nested, in display order', async () => {
      const response = await t.call('GET', '/rest/V1/acl/resources', { token });

      expect(response.statusCode).toBe(200);
      const tree = response.json<AclNodeJson[]>();
      expect(tree.map((node) => node.id)).toEqual([R.sales, R.customers, 'Portcullis::portcullis']);
      const leaf = (id: string, title: string): AclNodeJson => ({ id, title, sortOrder: 0, children: [] });
      expect(tree[0]).toEqual({
        id: R.sales,
        title: 'Sales',
        sortOrder: 20,
        children: [
          {
            id: R.operations,
            title: 'Operations',
            sortOrder: 0,
            children: [
              {
                id: R.orders,
                title: 'Orders',
                sortOrder: 0,
                children: [{ id: R.actions, title: 'Actions', sortOrder: 0, children: [leaf(R.create, 'Create'), leaf(R.cancel, 'Cancel'), leaf(R.capture, 'Capture')] }],
              },
              leaf(R.invoices, 'Invoices'),
            ],
          },
        ],
      });
      expect(tree[1]).toEqual({ id: R.customers, title: 'Customers', sortOrder: 30, children: [leaf(R.manageCustomers, 'All Customers')] });
      expect(tree[2]).toMatchObject({ title: 'Portcullis' });
      expect(tree[2]?.children.map((node) => node.id)).toEqual(['Portcullis::integrations', 'Portcullis::roles', 'Portcullis::admin_users', 'Portcullis::acl', 'Portcullis::audit', 'Portcullis::metrics']);
    });

    it('needs an admin token', async () => {
      expect((await t.call('GET', '/rest/V1/acl/resources')).statusCode).toBe(401);
    });
  });
}

describe('integrations over HTTP (SQLite)', () => integrationsSuite('sqlite'));
describeMysql('integrations over HTTP (MariaDB)', () => integrationsSuite('mysql'));
