import { type LightMyRequestResponse } from 'fastify';
import { type TokenExchange } from '../../../src/application/ports/token-exchange.port';
import { describeMysql } from '../../integration/persistence/backends';
import { R, SHOP_ACL } from '../../support/acl-fixtures';
import { HANDSHAKE_URLS } from '../../support/integration-fixtures';
import { allRoles, allUsers } from './admin-api-support';
import { startTestServer, type BackendKind, type TestServer } from './server-harness';

/*
 * Bad requests across the admin REST API, over real HTTP: malformed or non-JSON bodies, bodies of
 * the wrong shape, unknown and invalid fields. Every answer is JSON, names what is wrong, carries
 * a request id and never a stack trace; a refused save writes nothing (checked through the API).
 */

const INTEGRATIONS = '/rest/V1/integrations';
const SIGN_IN = '/rest/V1/integration/admin/token';
/** The answer to a body that is not a JSON object. */
const BODY_NOT_AN_OBJECT = {
  message: 'One or more input exceptions have occurred.',
  code: 'VALIDATION.FAILED',
  parameters: { fields: ['body'] },
  errors: [{ field: 'body', message: 'The request body must be a JSON object.' }],
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** What a leaked stack trace or source location looks like. */
const STACK_PATTERNS = [/\bat \S+ \(/, /\bat .*\.ts:\d+/, /\.ts:\d+(:\d+)?/, /\.js:\d+:\d+/, /"stack"/, /node_modules/];

interface ErrorJson {
  message: string;
  code: string;
  parameters?: Record<string, unknown>;
  errors?: { field: string; message: string }[];
}

/** An exchange that fails unexpectedly (a bug or a driver error): the answer must not show it. */
const crashingExchange: TokenExchange = {
  identityLinkFor: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.7:443\n    at TCPConnectWrap.afterConnect (/srv/portcullis/src/exchange.ts:41:7)')),
  sendCredentials: () => Promise.resolve(),
};

/** Starting a server migrates a fresh database (and the grid creates 60 integrations). */
const SERVER_START_TIMEOUT = 60_000;

function requestValidationSuite(kind: BackendKind, mysqlDatabase = 'portcullis_test_e2e_request_validation'): void {
  let t: TestServer;
  let token: string;
  let roleId: string;
  /** Every answer of this suite, checked for leaks at the end too. */
  const answers: { label: string; response: LightMyRequestResponse }[] = [];

  /** A request through the whole stack; every answer carries a request id and no stack trace. */
  const send = async (
    method: string,
    url: string,
    options: { body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string>; anonymous?: boolean } = {},
  ): Promise<LightMyRequestResponse> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.contentType !== undefined) headers['content-type'] = options.contentType;
    const response = await t.call(method, url, {
      ...(options.anonymous === true ? {} : { token }),
      ...(options.raw !== undefined ? { body: options.raw } : options.body !== undefined ? { body: options.body } : {}),
      headers,
    });
    answers.push({ label: `${method} ${url}`, response });
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
    expectNoStackTrace(response);
    return response;
  };
  const expectNoStackTrace = (response: LightMyRequestResponse): void => {
    for (const pattern of STACK_PATTERNS) expect(response.body).not.toMatch(pattern);
  };
  const validIntegration = (name: string): Record<string, unknown> => ({
    name,
    email: 'ops@partner.example',
    resourceAccess: 'custom',
    resources: [R.orders],
    currentPassword: t.adminPassword,
  });
  const listAll = async (): Promise<unknown> => (await t.call('GET', `${INTEGRATIONS}?pageSize=200`, { token })).json();
  /** Roles and admin users too: a refused save there must not write either. */
  const everything = async (): Promise<unknown> => ({
    integrations: await listAll(),
    roles: await allRoles(t, token),
    users: await allUsers(t, token),
  });
  const fieldMessages = (response: LightMyRequestResponse): Record<string, string> =>
    Object.fromEntries((response.json<ErrorJson>().errors ?? []).map((e) => [e.field, e.message]));

  /** Every endpoint that takes a JSON body, with a valid body for it. */
  let bodyEndpoints: { label: string; method: string; url: string; valid: () => Record<string, unknown> }[];
  let existingId: string;

  beforeAll(async () => {
    t = await startTestServer(kind, { mysqlDatabase, overrides: { aclResources: [SHOP_ACL], tokenExchange: crashingExchange } });
    token = await t.signIn();
    const existing = await t.call('POST', INTEGRATIONS, { token, body: validIntegration('Existing Partner') });
    expect(existing.statusCode).toBe(201);
    existingId = existing.json<{ integration: { id: string } }>().integration.id;
    const role = await t.call('POST', '/rest/V1/roles', {
      token,
      body: { name: 'Order Desk', resourceAccess: 'custom', resources: [R.orders], currentPassword: t.adminPassword },
    });
    expect(role.statusCode).toBe(201);
    roleId = role.json<{ id: string }>().id;
  }, SERVER_START_TIMEOUT);
  afterAll(() => t.close());

  beforeAll(() => {
    bodyEndpoints = [
      { label: 'create integration', method: 'POST', url: INTEGRATIONS, valid: () => validIntegration('Body Check') },
      { label: 'update integration', method: 'PUT', url: `${INTEGRATIONS}/${existingId}`, valid: () => ({ name: 'Body Check', currentPassword: t.adminPassword }) },
      {
        label: 'create role',
        method: 'POST',
        url: '/rest/V1/roles',
        valid: () => ({ name: 'Body Check', resourceAccess: 'all', currentPassword: t.adminPassword }),
      },
      { label: 'update role', method: 'PUT', url: `/rest/V1/roles/${roleId}`, valid: () => ({ name: 'Body Check', currentPassword: t.adminPassword }) },
      {
        label: 'create admin user',
        method: 'POST',
        url: '/rest/V1/admin-users',
        valid: () => ({
          username: 'bodycheck',
          firstName: 'Body',
          lastName: 'Check',
          email: 'body@check.example',
          password: 'secret123pass',
          roleId,
          currentPassword: t.adminPassword,
        }),
      },
    ];
  });

  describe('malformed and non-JSON bodies', () => {
    it('answers 400 REQUEST.INVALID "not valid JSON" for a malformed body, on every endpoint that takes one', async () => {
      const before = await everything();
      for (const endpoint of [...bodyEndpoints, { label: 'sign-in', method: 'POST', url: SIGN_IN }]) {
        const response = await send(endpoint.method, endpoint.url, { raw: '{"name": "Broken", ', contentType: 'application/json' });
        expect([endpoint.label, response.statusCode]).toEqual([endpoint.label, 400]);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(response.json()).toEqual({ message: 'The request body is not valid JSON.', code: 'REQUEST.INVALID' });
      }
      expect(await everything()).toEqual(before);
    });

    it('answers 400 for an empty body sent as JSON', async () => {
      const response = await send('POST', INTEGRATIONS, { raw: '', contentType: 'application/json' });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ message: 'The request body is empty; send a JSON object.', code: 'REQUEST.INVALID' });
    });

    it.each([
      ['text/plain', JSON.stringify({ name: 'Text Body' })],
      ['application/x-www-form-urlencoded', 'name=Form+Body&email=a%40b.example'],
      ['application/xml', '<integration><name>Xml Body</name></integration>'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nMultipart\r\n--x--\r\n'],
    ])('answers 415 for a %s body; nothing is written', async (contentType, raw) => {
      const before = await listAll();
      const response = await send('POST', INTEGRATIONS, { raw, contentType });
      expect(response.statusCode).toBe(415);
      expect(response.json()).toEqual({ message: 'The request body must be JSON (Content-Type: application/json).', code: 'REQUEST.INVALID' });
      expect(await listAll()).toEqual(before);
    });

    it('answers 415 for a non-JSON sign-in too', async () => {
      const response = await send('POST', SIGN_IN, { raw: 'username=admin&password=x', contentType: 'application/x-www-form-urlencoded', anonymous: true });
      expect(response.statusCode).toBe(415);
    });

    it('answers 413 for a body over 1 MiB', async () => {
      const response = await send('POST', INTEGRATIONS, { raw: JSON.stringify({ ...validIntegration('Huge'), email: `${'a'.repeat(1024 * 1024)}@x.example` }), contentType: 'application/json' });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toEqual({ message: 'The request body is too large.', code: 'REQUEST.INVALID' });
    });
  });

  describe('bodies of the wrong shape', () => {
    it.each([
      ['an array', '[{"name":"In An Array"}]'],
      ['a string', '"Shipping Bridge"'],
      ['a number', '42'],
      ['true', 'true'],
    ])('answers 400 naming "body" for %s, on every endpoint that validates one', async (_, raw) => {
      const before = await everything();
      for (const endpoint of bodyEndpoints) {
        const response = await send(endpoint.method, endpoint.url, { raw, contentType: 'application/json' });
        expect([endpoint.label, response.statusCode]).toEqual([endpoint.label, 400]);
        expect(response.json()).toEqual(BODY_NOT_AN_OBJECT);
      }
      expect(await everything()).toEqual(before);
    });

    it('answers 400 naming the missing credentials for a sign-in body that is not an object', async () => {
      for (const raw of ['[]', '"admin"', 'null']) {
        const response = await send('POST', SIGN_IN, { raw, contentType: 'application/json', anonymous: true });
        expect([raw, response.statusCode]).toEqual([raw, 400]);
        expect(response.json<ErrorJson>().errors?.map((e) => e.field)).toEqual(['username', 'password']);
      }
    });

    it('answers 400 naming every required field for a create without a body', async () => {
      const response = await send('POST', INTEGRATIONS);
      expect(response.statusCode).toBe(400);
      expect(Object.keys(fieldMessages(response)).sort()).toEqual(['currentPassword', 'email', 'name', 'resourceAccess']);
      expect(fieldMessages(response).email).toBe('"email" must be a valid email address.');
    });
  });

  describe('hostile bodies', () => {
    const deeplyNested = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

    it('answers 400 for JSON nested 3,000 deep, on every endpoint that takes a body; nothing is written', async () => {
      const before = await everything();
      for (const raw of [deeplyNested(3000), `${'['.repeat(3000)}${']'.repeat(3000)}`, `{"name":${'['.repeat(3000)}${']'.repeat(3000)}}`]) {
        for (const endpoint of [...bodyEndpoints, { label: 'sign-in', method: 'POST', url: SIGN_IN }]) {
          const response = await send(endpoint.method, endpoint.url, { raw, contentType: 'application/json' });
          expect([endpoint.label, response.statusCode]).toEqual([endpoint.label, 400]);
          expect(response.json()).toEqual({ message: 'The request body is nested too deeply (at most 32 levels).', code: 'REQUEST.INVALID' });
        }
      }
      expect(await everything()).toEqual(before);
    });

    it('still accepts brackets inside strings and a body nested within the limit', async () => {
      const name = `Deep ${'[{'.repeat(40)}`;
      const response = await send('POST', INTEGRATIONS, { body: { ...validIntegration(name.slice(0, 60)), extra: deeplyNested(5) } });
      // A known shape check (unknown field), not a depth refusal: the parser let it through.
      expect(response.statusCode).toBe(400);
      expect(fieldMessages(response)).toEqual({ extra: '"extra" is not a known field.' });
    });

    it.each([
      ['a string', '"s"'],
      ['an array', '[]'],
      ['null', 'null'],
      ['a number', '7'],
    ])('answers 400 for %s as the body of the routes that take none or an optional one (activate, reauthorize, revoke, delete)', async (_, raw) => {
      const before = await everything();
      for (const [method, url] of [
        ['POST', `${INTEGRATIONS}/${existingId}/activate`],
        ['POST', `${INTEGRATIONS}/${existingId}/reauthorize`],
        ['POST', `${INTEGRATIONS}/${existingId}/revoke`],
        ['DELETE', `${INTEGRATIONS}/${existingId}`],
        ['DELETE', SIGN_IN],
      ] as const) {
        const response = await send(method, url, { raw, contentType: 'application/json' });
        expect([method, url, response.statusCode]).toEqual([method, url, 400]);
        expect(response.json()).toEqual(BODY_NOT_AN_OBJECT);
      }
      expect(await everything()).toEqual(before);
    });

    it('answers 400 naming the unknown field of a body sent to a route that takes none', async () => {
      const response = await send('POST', `${INTEGRATIONS}/${existingId}/revoke`, { body: { force: true } });
      expect(response.statusCode).toBe(400);
      expect(fieldMessages(response)).toEqual({ force: '"force" is not a known field.' });
      const still = await send('GET', `${INTEGRATIONS}/${existingId}`);
      expect(still.statusCode).toBe(200);
    });
  });

  describe('unknown and invalid fields', () => {
    it('answers 400 naming an unknown field, on every endpoint that validates a body; nothing is written', async () => {
      const before = await everything();
      for (const endpoint of bodyEndpoints) {
        const response = await send(endpoint.method, endpoint.url, { body: { ...endpoint.valid(), colour: 'blue' } });
        expect([endpoint.label, response.statusCode]).toEqual([endpoint.label, 400]);
        expect([endpoint.label, response.json()]).toEqual([
          endpoint.label,
          {
            message: 'One or more input exceptions have occurred.',
            code: 'VALIDATION.FAILED',
            parameters: { fields: ['colour'] },
            errors: [{ field: 'colour', message: '"colour" is not a known field.' }],
          },
        ]);
      }
      expect(await everything()).toEqual(before);
    });

    it('answers 400 naming an unknown query parameter', async () => {
      // (`sort` is known since the grid sorts by any column: issue 17.10.)
      const response = await send('GET', `${INTEGRATIONS}?orderBy=name`);
      expect(response.statusCode).toBe(400);
      expect(fieldMessages(response)).toEqual({ orderBy: '"orderBy" is not a known field.' });
    });

    it('lists every invalid field once, each with why; nothing is written', async () => {
      const before = await listAll();

      const response = await send('POST', INTEGRATIONS, {
        body: {
          name: 5,
          email: 7,
          endpoint: 'ftp://files.partner.example/in',
          identityLinkUrl: 12,
          resourceAccess: 'some',
          resources: 'Magento_Sales::sales_order',
          excluded: [1],
          activate: 'yes',
          colour: 'blue',
          currentPassword: t.adminPassword,
        },
      });

      expect(response.statusCode).toBe(400);
      const body = response.json<ErrorJson>();
      expect(body.code).toBe('VALIDATION.FAILED');
      const fields = (body.errors ?? []).map((e) => e.field);
      expect(new Set(fields).size).toBe(fields.length);
      expect(body.parameters).toEqual({ fields });
      expect(fieldMessages(response)).toEqual({
        colour: '"colour" is not a known field.',
        name: '"name" is required and must be text.',
        email: '"email" must be a valid email address.',
        endpoint: '"endpoint" must be an absolute http:// or https:// URL.',
        identityLinkUrl: '"identityLinkUrl" must be an absolute http:// or https:// URL.',
        resourceAccess: '"resourceAccess" must be "all" or "custom".',
        resources: '"resources" must be a list of resource ids.',
        excluded: '"excluded" must be a list of resource ids.',
        activate: '"activate" must be true or false.',
      });
      expect(await listAll()).toEqual(before);
    });

    it('names every field the core would refuse in the same 400, "Your Password" included (issue 17.6)', async () => {
      const before = await listAll();
      const wrong = 'Not-my-password-2';
      // A URL with user info passes a URL check but not the domain's; the wrong password is the third field.
      const response = await send('POST', INTEGRATIONS, {
        body: { name: 'All at once', email: 'nobody', endpoint: 'https://user:secret@partner.example/hook', resourceAccess: 'all', currentPassword: wrong },
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).not.toContain('secret');
      expect(response.body).not.toContain(wrong);
      expect(fieldMessages(response)).toEqual({
        email: '"email" must be a valid email address.',
        endpoint: '"endpoint" must not contain a user name or password ("user:password@" before the host); give the URL without them.',
        currentPassword: 'The password entered for the current user is invalid. Verify the password and try again.',
      });
      expect(await listAll()).toEqual(before);
      // A missing "Your Password" is named as before, without a check.
      expect(Object.keys(fieldMessages(await send('POST', INTEGRATIONS, { body: { name: 'x', email: 'nobody', resourceAccess: 'all' } })))).toEqual(['email', 'currentPassword']);
      // Sign-in still works: one wrong password is far from the lock-out, and it was the admin's own.
      expect((await t.call('POST', SIGN_IN, { body: { username: 'admin', password: t.adminPassword } })).statusCode).toBe(200);
    });

    it('lists every invalid field of an update once too, changing nothing', async () => {
      const before = (await t.call('GET', `${INTEGRATIONS}/${existingId}`, { token })).json<unknown>();

      const response = await send('PUT', `${INTEGRATIONS}/${existingId}`, {
        body: { name: '', email: 'nobody', endpoint: 'javascript:alert(1)', resourceAccess: 'none', currentPassword: t.adminPassword },
      });

      expect(response.statusCode).toBe(400);
      expect(fieldMessages(response)).toEqual({
        name: '"name" is required. Enter and try again.',
        email: '"email" must be a valid email address.',
        endpoint: '"endpoint" must be an absolute http:// or https:// URL.',
        resourceAccess: '"resourceAccess" must be "all" or "custom".',
      });
      expect((await t.call('GET', `${INTEGRATIONS}/${existingId}`, { token })).json()).toEqual(before);
    });

    it.each([
      ['an ftp:// callback URL', { endpoint: 'ftp://partner.example/hook' }, 'endpoint'],
      ['an ftp:// identity link', { identityLinkUrl: 'ftp://partner.example/login' }, 'identityLinkUrl'],
      ['a relative URL', { endpoint: '/hook' }, 'endpoint'],
      ['a URL without a scheme', { endpoint: 'partner.example/hook' }, 'endpoint'],
      ['a URL over 255 characters', { endpoint: `https://partner.example/${'a'.repeat(240)}` }, 'endpoint'],
      ['an invalid email', { email: 'ops-at-partner.example' }, 'email'],
      ['an email with spaces', { email: 'ops @partner.example' }, 'email'],
      ['a name over 255 characters', { name: 'n'.repeat(256) }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['resources that are not strings', { resources: [R.orders, 42] }, 'resources'],
      ['a malformed resource id', { resources: ['not a resource id'] }, 'resources'],
      ['a malformed excluded id', { excluded: ['Magento_Sales:cancel'] }, 'excluded'],
    ])('answers 400 for %s, naming the field; nothing is written', async (_, change, field) => {
      const before = await listAll();
      const response = await send('POST', INTEGRATIONS, { body: { ...validIntegration('Field Check'), ...change } });
      expect(response.statusCode).toBe(400);
      const body = response.json<ErrorJson>();
      expect(body.errors?.map((e) => e.field)).toEqual([field]);
      expect(body.errors?.[0]?.message).toContain(`"${field}"`);
      expect(await listAll()).toEqual(before);
    });

    it('accepts the same integration once its fields are valid (the refusals above wrote nothing)', async () => {
      const response = await send('POST', INTEGRATIONS, { body: { ...validIntegration('Field Check'), ...HANDSHAKE_URLS } });
      expect(response.statusCode).toBe(201);
    });
  });

  describe('routes and errors', () => {
    it.each([
      ['GET', '/rest/V1/nothing-here'],
      ['GET', '/rest/V2/integrations'],
      ['PATCH', INTEGRATIONS],
      ['POST', `${INTEGRATIONS}/${'x'}/deactivate`],
    ])('answers 404 JSON for %s %s', async (method, url) => {
      const response = await send(method, url);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toEqual({ message: `There is no route ${method} ${url}.`, code: 'ROUTE.NOT_FOUND' });
    });

    it('answers an over-long path parameter with the one error shape (414, not Fastify\'s own), without echoing it', async () => {
      for (const method of ['GET', 'PUT', 'DELETE'] as const) {
        const url = `${INTEGRATIONS}/${'x'.repeat(5000)}`;
        const response = await send(method, url);
        expect([method, response.statusCode]).toEqual([method, 414]);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(response.json()).toEqual({ message: 'A part of the request path is longer than 100 characters.', code: 'REQUEST.INVALID' });
      }
    });

    it('answers a malformed percent-encoding in the path with the one error shape (400)', async () => {
      const response = await send('GET', `${INTEGRATIONS}/%zz`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ message: 'The request URL is malformed.', code: 'REQUEST.INVALID' });
    });

    it('does not echo the query string of an unknown route', async () => {
      const response = await send('GET', '/rest/V1/nothing-here?password=hunter2');
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('hunter2');
    });

    it('answers an unexpected failure with 500 and no details; nothing is written', async () => {
      const before = await listAll();
      const response = await send('POST', INTEGRATIONS, { body: { ...validIntegration('Crash On Activate'), ...HANDSHAKE_URLS, activate: true } });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ message: 'An internal error occurred. It has been logged.', code: 'INTERNAL' });
      expect(response.body).not.toMatch(/ECONNREFUSED|10\.0\.0\.7/);
      expect(await listAll()).toEqual(before);
    });

    it('answers 401 JSON without a token', async () => {
      const response = await send('GET', INTEGRATIONS, { anonymous: true });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'ADMIN_AUTH.TOKEN_INVALID' });
    });
  });

  describe('request ids', () => {
    it('every answer carries an x-request-id, a fresh one per request', async () => {
      const responses = [
        await send('GET', '/health', { anonymous: true }),
        await send('GET', INTEGRATIONS),
        await send('GET', `${INTEGRATIONS}/no-such-id`),
        await send('POST', INTEGRATIONS, { raw: '{', contentType: 'application/json' }),
        await send('POST', INTEGRATIONS, { raw: 'x', contentType: 'text/plain' }),
        await send('GET', '/rest/V1/nothing-here'),
        await send('GET', INTEGRATIONS, { anonymous: true }),
      ];
      const ids = responses.map((response) => response.headers['x-request-id']);
      for (const id of ids) expect(id).toMatch(UUID);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('echoes a caller’s X-Request-Id, on success and on errors', async () => {
      const ok = await send('GET', INTEGRATIONS, { headers: { 'X-Request-Id': 'caller-abc.123_x' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['x-request-id']).toBe('caller-abc.123_x');

      const bad = await send('POST', INTEGRATIONS, { raw: '{', contentType: 'application/json', headers: { 'X-Request-Id': 'caller-bad-json' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['x-request-id']).toBe('caller-bad-json');

      const missing = await send('GET', '/rest/V1/nothing-here', { headers: { 'X-Request-Id': 'caller-404' } });
      expect(missing.headers['x-request-id']).toBe('caller-404');
    });

    it('replaces a caller id that is too long or not plain with a fresh one', async () => {
      for (const id of ['a'.repeat(65), 'has spaces in it', 'semi;colon', '<script>']) {
        const response = await send('GET', INTEGRATIONS, { headers: { 'X-Request-Id': id } });
        expect(response.headers['x-request-id']).toMatch(UUID);
      }
    });
  });

  it('no answer of this suite contained a stack trace or a source location', () => {
    expect(answers.length).toBeGreaterThan(40);
    const leaking = answers.filter(({ response }) => STACK_PATTERNS.some((pattern) => pattern.test(response.body))).map(({ label }) => label);
    expect(leaking).toEqual([]);
  });
}

describe('request validation over HTTP (SQLite)', () => requestValidationSuite('sqlite'));
describeMysql('request validation over HTTP (MariaDB)', () => requestValidationSuite('mysql'));
