import { request } from 'node:http';
import { type LightMyRequestResponse } from 'fastify';
import { expectSafeError, fieldsOf, RESOURCE, SIGN_IN_FAILED, type RoleJson } from './admin-api-support';
import { startTestServer, type TestServer } from './server-harness';

/*
 * The admin web UI over real HTTP: its page and assets with their security headers, the cookie
 * session it signs in with (honoured by the REST API only with the UI's request header: the CSRF
 * rule), and the preview of an unsaved grant's effective permissions. Jest's global setup builds
 * dist/admin-ui, without which the server would answer 503 for the page.
 */

jest.setTimeout(60_000);

const UI = { 'x-portcullis-ui': '1' } as const;
/** Portcullis's own resources, in tree order: what an Administrator's session names. */
const ALL_OWN_RESOURCES = [RESOURCE.portcullis, RESOURCE.integrations, RESOURCE.roles, RESOURCE.adminUsers, RESOURCE.acl, RESOURCE.audit, RESOURCE.metrics];
const COOKIE_NAME = 'portcullis_admin';

interface PermissionJson {
  resourceId: string;
  allowed: boolean;
  reason: { kind: string; by?: string; to?: string[] };
}

/** The Set-Cookie headers of an answer (none: an empty list). */
function setCookiesOf(response: LightMyRequestResponse): string[] {
  const header = response.headers['set-cookie'];
  if (header === undefined) return [];
  return Array.isArray(header) ? header : [header];
}

/** The session cookies a sign-in sets: one per path that needs it, the same token in each. */
function sessionCookies(token: string, secure = ''): string[] {
  return [`portcullis_admin=${token}; Path=/rest/V1; HttpOnly; SameSite=Strict${secure}`, `portcullis_admin=${token}; Path=/admin/session; HttpOnly; SameSite=Strict${secure}`];
}

/** The Set-Cookie headers of a sign-out: both session cookies and the `Path=/` one of earlier versions removed. */
function clearedCookies(secure = ''): string[] {
  return ['/rest/V1', '/admin/session', '/'].map((path) => `portcullis_admin=; Path=${path}; HttpOnly; SameSite=Strict; Max-Age=0${secure}`);
}

/** `portcullis_admin=<token>` as the browser would send it back. */
function cookieFrom(response: LightMyRequestResponse): string {
  const match = /^portcullis_admin=([^;]*);/.exec(setCookiesOf(response)[0] ?? '');
  if (match?.[1] === undefined || match[1] === '') throw new Error(`no session cookie in ${JSON.stringify(response.headers['set-cookie'])}`);
  return `${COOKIE_NAME}=${match[1]}`;
}

/**
 * A GET over a real socket with the path sent byte for byte: Fastify inject (and fetch) resolve
 * `..` segments before the server sees them, as a browser does but an attacker's client need not.
 */
function rawGet(baseUrl: string, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: hostname, port, path, method: 'GET' }, (incoming) => {
      let body = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => {
        body += chunk;
      });
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function expectUiSecurityHeaders(response: { headers: Record<string, unknown> }): void {
  const csp = String(response.headers['content-security-policy']);
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
}

describe('admin web UI (SQLite)', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer('sqlite');
  });
  afterAll(() => t.close());

  const signInToUi = (body: unknown, headers: Record<string, string> = UI): Promise<LightMyRequestResponse> =>
    t.call('POST', '/admin/session', { body, headers });

  /** Signs in through the UI's endpoint and returns the Cookie header to send back. */
  const uiCookie = async (): Promise<string> => {
    const response = await signInToUi({ username: 'admin', password: t.adminPassword });
    expect(response.statusCode).toBe(200);
    return cookieFrom(response);
  };

  describe('page and assets', () => {
    it.each(['/admin', '/admin/', '/admin/integrations/anything', '/admin/roles/42/edit'])('answers index.html for %s with the security headers', async (url) => {
      const response = await t.call('GET', url);

      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toMatch(/<!doctype html>/i);
      expect(response.body).toContain('src="/admin/assets/app.js"');
      expectUiSecurityHeaders(response);
    });

    it('serves the same page at every path below /admin', async () => {
      const [root, deep] = await Promise.all([t.call('GET', '/admin'), t.call('GET', '/admin/integrations/7')]);

      expect(deep.body).toBe(root.body);
      expect(deep.headers.etag).toBe(root.headers.etag);
    });

    it('serves the compiled modules as JavaScript with the security headers', async () => {
      const app = await t.call('GET', '/admin/assets/app.js');
      const page = await t.call('GET', '/admin/assets/pages/integrations-grid.js');

      expect(app.statusCode).toBe(200);
      expect(app.headers['content-type']).toMatch(/^text\/javascript/);
      expect(app.body).toMatch(/\bimport\b/);
      expectUiSecurityHeaders(app);
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/javascript/);
      expect(page.body.length).toBeGreaterThan(0);
    });

    it('serves the style sheet as CSS', async () => {
      const response = await t.call('GET', '/admin/assets/admin.css');

      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/css/);
    });

    it.each([
      ['a path out of the assets directory', '/admin/assets/../package.json'],
      ['a path two levels out', '/admin/assets/../../package.json'],
      ['an encoded dot-dot segment', '/admin/assets/%2e%2e/package.json'],
      ['encoded slashes', '/admin/assets/..%2F..%2Fpackage.json'],
    ])('answers 404 for %s sent as it is over a socket', async (_label, path) => {
      const response = await rawGet(t.server.url, path);

      expect(response.status).toBe(404);
      expect(response.body).toBe('Not found.');
      expectUiSecurityHeaders(response);
    });

    it('resolves `..` as a browser would: /admin/assets/../package.json is the page at /admin/package.json', async () => {
      const response = await t.call('GET', '/admin/assets/../package.json');

      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toBe((await t.call('GET', '/admin')).body);
      expect(response.body).not.toContain('"devDependencies"');
    });

    it.each([
      ['a module that does not exist', '/admin/assets/nope.js'],
      ['a TypeScript source', '/admin/assets/app.ts'],
      ['a directory', '/admin/assets/pages'],
    ])('answers 404 for %s', async (_label, url) => {
      const response = await t.call('GET', url);

      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('"name"');
      expect(response.body).not.toMatch(/\bimport\b|\bexport\b/);
      expectUiSecurityHeaders(response);
    });

    it('answers 304 without a body when If-None-Match names the current ETag', async () => {
      const first = await t.call('GET', '/admin/assets/app.js');
      const etag = first.headers.etag;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);

      const again = await t.call('GET', '/admin/assets/app.js', { headers: { 'if-none-match': String(etag) } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);

      const stale = await t.call('GET', '/admin/assets/app.js', { headers: { 'if-none-match': '"stale"' } });
      expect(stale.statusCode).toBe(200);
      expect(stale.body).toBe(first.body);
    });

    it("leaves the identity link's success_call_back page to the OAuth routes: it closes the pop-up, it is not the UI's page", async () => {
      const response = await t.call('GET', '/admin/integrations/login-success');

      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toContain('window.close()');
      expect(response.body).not.toContain('/admin/assets/app.js');
    });
  });

  describe('cookie session', () => {
    it('refuses to sign in without the UI request header (403)', async () => {
      const response = await signInToUi({ username: 'admin', password: t.adminPassword }, {});

      const error = expectSafeError(response, 403, [t.adminPassword]);
      expect(error.message).toContain('x-portcullis-ui');
      expect(setCookiesOf(response)).toEqual([]);
    });

    it('signs in with the header and sets an HttpOnly, SameSite=Strict cookie (no Secure over http)', async () => {
      const response = await signInToUi({ username: 'admin', password: t.adminPassword });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        username: 'admin',
        userId: expect.any(String) as unknown,
        resources: ALL_OWN_RESOURCES,
        expiresAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) as unknown,
      });
      expect(response.headers['cache-control']).toBe('no-store');
      // Scoped to what needs it: the REST API and the sign-out endpoint, not /oauth, /health or the pages.
      const token = cookieFrom(response).split('=')[1] ?? '';
      expect(token).toMatch(/^[0-9a-z]{32}$/);
      expect(setCookiesOf(response)).toEqual(sessionCookies(token));
      expect(response.body).not.toContain(token);
    });

    it("answers a wrong password with 401 and Magento's message, and sets no cookie", async () => {
      const response = await signInToUi({ username: 'admin', password: 'not-the-password' });

      const error = expectSafeError(response, 401, ['not-the-password']);
      expect(error.message).toBe(SIGN_IN_FAILED);
      expect(setCookiesOf(response)).toEqual([]);
    });

    it('answers a missing password with 400 naming the field', async () => {
      const response = await signInToUi({ username: 'admin' });

      const error = expectSafeError(response, 400);
      expect(fieldsOf(error)).toEqual(['password']);
      expect(setCookiesOf(response)).toEqual([]);
    });

    it('GET /admin/session tells whether the cookie signs anyone in', async () => {
      const anonymous = await t.call('GET', '/admin/session', { headers: UI });
      expect(anonymous.statusCode).toBe(200);
      expect(anonymous.json()).toEqual({ signedIn: false });

      const cookie = await uiCookie();
      const signedIn = await t.call('GET', '/admin/session', { headers: { ...UI, cookie } });
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.json()).toEqual({ signedIn: true, username: 'admin', userId: expect.any(String) as unknown, resources: ALL_OWN_RESOURCES });

      const garbage = await t.call('GET', '/admin/session', { headers: { ...UI, cookie: `${COOKIE_NAME}=${'x'.repeat(32)}` } });
      expect(garbage.json()).toEqual({ signedIn: false });
    });

    it("names the admin's id and only the Portcullis resources their role allows (the menu shows those pages)", async () => {
      const token = await t.signIn();
      const role = await t.call('POST', '/rest/V1/roles', {
        token,
        body: { name: 'Menu: integrations only', resourceAccess: 'custom', resources: [RESOURCE.integrations], currentPassword: t.adminPassword },
      });
      expect(role.statusCode).toBe(201);
      const user = await t.call('POST', '/rest/V1/admin-users', {
        token,
        body: {
          username: 'menu.clerk',
          firstName: 'Menu',
          lastName: 'Clerk',
          email: 'menu.clerk@example.com',
          password: 'Menu-clerk-1',
          roleId: role.json<RoleJson>().id,
          currentPassword: t.adminPassword,
        },
      });
      expect(user.statusCode).toBe(201);

      // Portcullis::portcullis is on the way to what the role holds (allowed as a path, docs/domain.md).
      const allowed = [RESOURCE.portcullis, RESOURCE.integrations];
      const signedIn = await signInToUi({ username: 'menu.clerk', password: 'Menu-clerk-1' });
      expect(signedIn.json()).toMatchObject({ username: 'menu.clerk', userId: user.json<{ id: string }>().id, resources: allowed });
      const session = await t.call('GET', '/admin/session', { headers: { ...UI, cookie: cookieFrom(signedIn) } });
      expect(session.json()).toEqual({ signedIn: true, username: 'menu.clerk', userId: user.json<{ id: string }>().id, resources: allowed });
    });

    it('the cookie authenticates the REST API only with the UI request header (CSRF rule)', async () => {
      const cookie = await uiCookie();

      const withHeader = await t.call('GET', '/rest/V1/integrations', { headers: { ...UI, cookie } });
      expect(withHeader.statusCode).toBe(200);
      expect(withHeader.json()).toMatchObject({ items: [], total: 0 });

      // What a cross-site form post or <img> would send: the cookie, no custom header.
      const withoutHeader = await t.call('GET', '/rest/V1/integrations', { headers: { cookie } });
      expectSafeError(withoutHeader, 401);
      const wrongHeader = await t.call('GET', '/rest/V1/integrations', { headers: { 'x-portcullis-ui': 'true', cookie } });
      expectSafeError(wrongHeader, 401);
    });

    it('the session endpoint itself ignores the cookie without the header', async () => {
      const cookie = await uiCookie();

      const response = await t.call('GET', '/admin/session', { headers: { cookie } });
      expect(response.json()).toEqual({ signedIn: false });
    });

    it('signing out clears the cookie and revokes its token', async () => {
      const cookie = await uiCookie();
      expect((await t.call('GET', '/rest/V1/integrations', { headers: { ...UI, cookie } })).statusCode).toBe(200);

      const refused = await t.call('DELETE', '/admin/session', { headers: { cookie } });
      expectSafeError(refused, 403);
      expect((await t.call('GET', '/rest/V1/integrations', { headers: { ...UI, cookie } })).statusCode).toBe(200);

      const response = await t.call('DELETE', '/admin/session', { headers: { ...UI, cookie } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ signedOut: true });
      expect(setCookiesOf(response)).toEqual(clearedCookies());

      expectSafeError(await t.call('GET', '/rest/V1/integrations', { headers: { ...UI, cookie } }), 401);
      expect((await t.call('GET', '/admin/session', { headers: { ...UI, cookie } })).json()).toEqual({ signedIn: false });
    });

    it('signing out without a session, or with a revoked one, still clears the cookie', async () => {
      const none = await t.call('DELETE', '/admin/session', { headers: UI });
      expect(none.statusCode).toBe(200);
      expect(setCookiesOf(none)).toEqual(clearedCookies());

      const cookie = await uiCookie();
      expect((await t.call('DELETE', '/admin/session', { headers: { ...UI, cookie } })).statusCode).toBe(200);
      const again = await t.call('DELETE', '/admin/session', { headers: { ...UI, cookie } });
      expect(again.statusCode).toBe(200);
      expect(setCookiesOf(again)).toEqual(clearedCookies());
    });
  });

  describe('POST /rest/V1/acl/permissions (preview of an unsaved grant)', () => {
    const preview = async (body: unknown): Promise<LightMyRequestResponse> => t.call('POST', '/rest/V1/acl/permissions', { token: await t.signIn(), body });
    const permissionsOf = (response: LightMyRequestResponse): PermissionJson[] => response.json<{ permissions: PermissionJson[] }>().permissions;
    const byId = (permissions: PermissionJson[], id: string): PermissionJson => {
      const found = permissions.find((permission) => permission.resourceId === id);
      if (found === undefined) throw new Error(`no ${id} in ${JSON.stringify(permissions.map((p) => p.resourceId))}`);
      return found;
    };

    it('gives each resource allowed or not and why: excluded under a selected parent, others implied', async () => {
      const response = await preview({ resourceAccess: 'custom', resources: [RESOURCE.portcullis], excluded: [RESOURCE.roles] });

      expect(response.statusCode).toBe(200);
      const permissions = permissionsOf(response);
      expect(byId(permissions, RESOURCE.portcullis)).toMatchObject({ allowed: true, reason: { kind: 'selected' } });
      expect(byId(permissions, RESOURCE.roles)).toMatchObject({ allowed: false, reason: { kind: 'excluded', by: RESOURCE.roles } });
      expect(byId(permissions, RESOURCE.integrations)).toMatchObject({ allowed: true, reason: { kind: 'implied', by: RESOURCE.portcullis } });
      expect(byId(permissions, RESOURCE.acl)).toMatchObject({ allowed: true, reason: { kind: 'implied', by: RESOURCE.portcullis } });
    });

    it("marks everything allowed for 'all'", async () => {
      const response = await preview({ resourceAccess: 'all' });

      expect(response.statusCode).toBe(200);
      const permissions = permissionsOf(response);
      expect(permissions.length).toBeGreaterThan(0);
      expect(permissions.filter((permission) => !permission.allowed || permission.reason.kind !== 'all')).toEqual([]);
    });

    it('answers 400 naming "resources" for an unknown resource', async () => {
      const error = expectSafeError(await preview({ resourceAccess: 'custom', resources: ['Magento_Unknown::nope'] }), 400);

      expect(fieldsOf(error)).toContain('resources');
      expect(JSON.stringify(error)).toContain('Magento_Unknown::nope');
    });

    it('answers 400 naming "resourceAccess" when it is missing', async () => {
      const error = expectSafeError(await preview({ resources: [RESOURCE.portcullis] }), 400);

      expect(fieldsOf(error)).toEqual(['resourceAccess']);
    });

    it('refuses a caller that is not signed in', async () => {
      const response = await t.call('POST', '/rest/V1/acl/permissions', { body: { resourceAccess: 'all' } });

      expectSafeError(response, 401);
    });

    it('saves nothing: the roles are the same afterwards', async () => {
      const token = await t.signIn();
      const before = await t.call('GET', '/rest/V1/roles', { token });
      expect(before.statusCode).toBe(200);

      expect((await preview({ resourceAccess: 'custom', resources: [RESOURCE.integrations] })).statusCode).toBe(200);

      const after = await t.call('GET', '/rest/V1/roles', { token });
      expect(after.json()).toEqual(before.json());
    });
  });
});

describe('admin web UI behind an https reverse proxy (trustProxy)', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer('sqlite', { config: { trustProxy: true } });
  });
  afterAll(() => t.close());

  it('marks the session cookie Secure, and its removal too', async () => {
    const headers = { ...UI, 'x-forwarded-proto': 'https' };
    const signedIn = await t.call('POST', '/admin/session', { headers, body: { username: 'admin', password: t.adminPassword } });
    expect(signedIn.statusCode).toBe(200);
    expect(setCookiesOf(signedIn)).toEqual(sessionCookies(cookieFrom(signedIn).split('=')[1] ?? '', '; Secure'));

    const signedOut = await t.call('DELETE', '/admin/session', { headers: { ...headers, cookie: cookieFrom(signedIn) } });
    expect(setCookiesOf(signedOut)).toEqual(clearedCookies('; Secure'));
  });
});

describe('admin web UI with an https PUBLIC_BASE_URL (TLS ended at a proxy that is not trusted)', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer('sqlite', { config: { publicBaseUrl: 'https://auth.example.com' } });
  });
  afterAll(() => t.close());

  it('marks the session cookie Secure although the request arrived over http', async () => {
    const signedIn = await t.call('POST', '/admin/session', { headers: UI, body: { username: 'admin', password: t.adminPassword } });
    expect(signedIn.statusCode).toBe(200);
    expect(setCookiesOf(signedIn)).toEqual(sessionCookies(cookieFrom(signedIn).split('=')[1] ?? '', '; Secure'));
  });
});

describe('admin web UI switched off (adminUi: false)', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer('sqlite', { config: { adminUi: false } });
  });
  afterAll(() => t.close());

  it.each(['/admin', '/admin/assets/app.js', '/admin/session'])('answers 404 for GET %s', async (url) => {
    expect((await t.call('GET', url)).statusCode).toBe(404);
  });

  it('still serves the REST API', async () => {
    expect((await t.call('GET', '/rest/V1/integrations', { token: await t.signIn() })).statusCode).toBe(200);
  });
});
