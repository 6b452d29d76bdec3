import { type LightMyRequestResponse } from 'fastify';
import { findRefusedCharacter } from '../../../src/domain/kernel/text';
import { describeMysql } from '../../integration/persistence/backends';
import { adminToken, administratorsRoleId, allUsers, expectSafeError, type AdminUserJson, type ErrorJson, type PageJson } from './admin-api-support';
import { startTestServer, type BackendKind, type TestServer } from './server-harness';

/*
 * Issue 16, point 4, over real HTTP: control, bidirectional and invisible characters are refused in
 * every text field with a 400 naming the field and the code point (and never echoing the
 * character); names are unique by one key on SQLite and on MariaDB alike.
 */

const ROLES = '/rest/V1/roles';
const USERS = '/rest/V1/admin-users';
const INTEGRATIONS = '/rest/V1/integrations';
const PASSWORD = 'Falcon42wing';

/** Starting a server migrates a fresh database. */
const SERVER_START_TIMEOUT = 60_000;

const BAD = [
  ['NUL', '\u0000', 'U+0000'],
  ['BEL', '\u0007', 'U+0007'],
  ['ESC', '\u001b]0;pwned\u0007', 'U+001B'],
  ['C1 CSI', '\u009b2J', 'U+009B'],
  ['RLO', '\u202e', 'U+202E'],
  ['ZWSP', '\u200b', 'U+200B'],
] as const;

function textFieldsSuite(kind: BackendKind): void {
  let t: TestServer;
  let token: string;
  let roleId: string;
  let adaId: string;

  beforeAll(async () => {
    t = await startTestServer(kind, { mysqlDatabase: 'portcullis_test_e2e_text_fields' });
    token = await adminToken(t);
    roleId = await administratorsRoleId(t);
    const created = await t.call('POST', USERS, { token, body: userBody('ada') });
    expect(created.statusCode).toBe(201);
    adaId = created.json<AdminUserJson>().id;
  }, SERVER_START_TIMEOUT);
  afterAll(() => t.close());

  function userBody(username: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { username, firstName: 'Ada', lastName: 'Lovelace', email: `${username}@example.com`, password: PASSWORD, roleId, currentPassword: t.adminPassword, ...extra };
  }
  const integrationBody = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    name,
    email: 'ops@partner.example',
    resourceAccess: 'all',
    currentPassword: t.adminPassword,
    ...extra,
  });

  /** A 400 naming exactly `field`, with the code point, and no refused character anywhere in the body. */
  const expectRefused = (response: LightMyRequestResponse, field: string, codePoint: string): void => {
    const body = expectSafeError(response, 400);
    expect(body.errors).toEqual([{ field, message: expect.stringContaining(`"${field}" must not contain control, invisible or bidirectional characters; it has ${codePoint}`) as unknown }]);
    expect(findRefusedCharacter(response.body)).toBeNull();
  };

  describe.each(BAD)('a field holding %s', (_label, bad, codePoint) => {
    it('role name: 400 naming "name", nothing created', async () => {
      const before = (await t.call('GET', ROLES, { token })).json<PageJson<unknown>>().total;
      expectRefused(await t.call('POST', ROLES, { token, body: { name: `Ops${bad}x`, resourceAccess: 'all', currentPassword: t.adminPassword } }), 'name', codePoint);
      expect((await t.call('GET', ROLES, { token })).json<PageJson<unknown>>().total).toBe(before);
    });

    it('admin first and last name, and email: 400 naming the field (create and update)', async () => {
      expectRefused(await t.call('POST', USERS, { token, body: userBody('bob', { firstName: `Bo${bad}b` }) }), 'firstName', codePoint);
      expectRefused(await t.call('POST', USERS, { token, body: userBody('bob', { lastName: `Sm${bad}ith` }) }), 'lastName', codePoint);
      expectRefused(await t.call('POST', USERS, { token, body: userBody('bob', { email: `bob${bad}@example.com` }) }), 'email', codePoint);
      expectRefused(await t.call('PUT', `${USERS}/${adaId}`, { token, body: { firstName: `A${bad}da`, currentPassword: t.adminPassword } }), 'firstName', codePoint);
      expect((await allUsers(t, token)).map((user) => user.username).sort()).toEqual(['ada', 'admin']);
      expect((await t.call('GET', `${USERS}/${adaId}`, { token })).json<AdminUserJson>().firstName).toBe('Ada');
    });

    it('integration name, email, callback URL and identity link: 400 naming the field', async () => {
      expectRefused(await t.call('POST', INTEGRATIONS, { token, body: integrationBody(`ERP${bad}`) }), 'name', codePoint);
      expectRefused(await t.call('POST', INTEGRATIONS, { token, body: integrationBody('ERP', { email: `ops${bad}@partner.example` }) }), 'email', codePoint);
      expectRefused(await t.call('POST', INTEGRATIONS, { token, body: integrationBody('ERP', { endpoint: `https://erp.example/cb${bad}` }) }), 'endpoint', codePoint);
      expectRefused(
        await t.call('POST', INTEGRATIONS, { token, body: integrationBody('ERP', { identityLinkUrl: `https://erp.example/${bad}id` }) }),
        'identityLinkUrl',
        codePoint,
      );
      expect((await t.call('GET', INTEGRATIONS, { token })).json<{ total: number }>().total).toBe(0);
    });
  });

  describe('one name key on every backend', () => {
    afterEach(async () => {
      const list = (await t.call('GET', `${INTEGRATIONS}?pageSize=200`, { token })).json<{ items: Array<{ id: string }> }>();
      for (const item of list.items) expect((await t.call('DELETE', `${INTEGRATIONS}/${item.id}`, { token })).statusCode).toBe(200);
    });

    it.each([['Caf\u00e9'], ['Cafe\u0301'], ['CAFE'], ['Cafe\u00a0'], ['\uff23\uff41\uff46\uff45']])('refuses %j after "Cafe" with 409', async (name) => {
      expect((await t.call('POST', INTEGRATIONS, { token, body: integrationBody('Cafe') })).statusCode).toBe(201);
      const taken = expectSafeError(await t.call('POST', INTEGRATIONS, { token, body: integrationBody(name) }), 409);
      expect(taken.code).toBe('INTEGRATION.NAME_TAKEN');
    });

    it('stores names in NFC with spaces collapsed', async () => {
      const created = await t.call('POST', INTEGRATIONS, { token, body: integrationBody('  Cafe\u0301\u00a0\u00a0Sync ') });
      expect(created.json<{ integration: { name: string } }>().integration.name).toBe('Caf\u00e9 Sync');
    });

    it('creates an integration named 128 × İ (it used to answer 500 on MariaDB), and finds it by name', async () => {
      const name = '\u0130'.repeat(128);
      const created = await t.call('POST', INTEGRATIONS, { token, body: integrationBody(name) });
      expect(created.statusCode).toBe(201);
      expect(created.json<{ integration: { name: string } }>().integration.name).toBe(name);
      const found = (await t.call('GET', `${INTEGRATIONS}?name=${encodeURIComponent('i'.repeat(128))}`, { token })).json<{ items: Array<{ name: string }> }>();
      expect(found.items.map((item) => item.name)).toEqual([name]);
    });

    it('keeps role names unique by the same key (409)', async () => {
      const role = await t.call('POST', ROLES, { token, body: { name: 'Caf\u00e9 Ops', resourceAccess: 'all', currentPassword: t.adminPassword } });
      expect(role.statusCode).toBe(201);
      const taken: ErrorJson = expectSafeError(
        await t.call('POST', ROLES, { token, body: { name: 'cafe\u00a0 OPS', resourceAccess: 'all', currentPassword: t.adminPassword } }),
        409,
      );
      expect(taken.code).toBe('ROLE.NAME_TAKEN');
    });
  });
}

describe('text fields over HTTP (SQLite)', () => textFieldsSuite('sqlite'));
describeMysql('text fields over HTTP (MariaDB)', () => textFieldsSuite('mysql'));
