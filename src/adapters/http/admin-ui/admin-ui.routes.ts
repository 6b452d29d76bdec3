import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { AdminTokenInvalidError } from '../../../domain/admin-session/admin-session.errors';
import { PortcullisResource } from '../../../domain/acl/portcullis-resources';
import { type AdminPrincipal } from '../../../application/use-cases/admin-auth/authorize-admin.use-case';
import { HttpProblem } from '../http-errors';
import { type HttpUseCases } from '../http-use-cases';
import { clearedSessionCookie, sessionCookie, sessionTokenOf, UI_REQUEST_HEADER } from './admin-session-cookie';
import { withAuditSource } from '../audit-source';

export interface AdminUiOptions {
  /** index.html, the style sheet and the other files served as they are. */
  readonly publicDir: string;
  /** The compiled browser modules (`*.js`). */
  readonly scriptsDir: string;
}

/** Where the admin web UI is served. */
export const ADMIN_UI_BASE = '/admin';

/** Headers of every page and asset of the UI: nothing from elsewhere runs, nothing frames it. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-cache',
} as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
}

/**
 * The admin web UI: a single page at /admin (every path below it answers index.html, the page
 * routes itself), its assets, and the cookie session it signs in with. The page talks to the
 * admin REST API like any other client; the API accepts the session cookie only with the UI's
 * request header (see admin-session-cookie).
 */
export function registerAdminUi(app: FastifyInstance, useCases: HttpUseCases, options: AdminUiOptions, publicBaseUrl?: string): void {
  const assets = loadAssets(options);
  const index = assets.get('index.html');

  const send = (request: FastifyRequest, reply: FastifyReply, asset: Asset | undefined): FastifyReply => {
    void reply.headers(SECURITY_HEADERS);
    if (asset === undefined) {
      return reply.status(404).type('text/plain; charset=utf-8').send('Not found.');
    }
    void reply.header('etag', asset.etag);
    if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
    return reply.status(200).type(asset.contentType).send(asset.body);
  };
  const page = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (!assets.has('app.js')) {
      void reply.headers(SECURITY_HEADERS);
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The admin web UI has not been built: run `npm run build` (npm start builds it when needed).');
    }
    return send(request, reply, index);
  };

  app.get(ADMIN_UI_BASE, page);
  app.get(`${ADMIN_UI_BASE}/*`, page);
  app.get<{ Params: { '*': string } }>(`${ADMIN_UI_BASE}/assets/*`, (request, reply) => send(request, reply, assets.get(request.params['*'])));

  // Secure when clients reach this server over https: seen directly, or declared (TLS ended at a proxy).
  const secure = (request: FastifyRequest): boolean => request.protocol === 'https' || publicBaseUrl?.startsWith('https:') === true;
  const fromUi = (request: FastifyRequest): void => {
    if (request.headers[UI_REQUEST_HEADER] !== '1') {
      throw new HttpProblem(403, { message: `This endpoint serves the admin web UI; send ${UI_REQUEST_HEADER}: 1.`, code: 'REQUEST.FORBIDDEN' });
    }
  };

  // Sign-in and sign-out are recorded with the request as their source.
  app.post<{ Body: { username?: unknown; password?: unknown } }>(`${ADMIN_UI_BASE}/session`, async (request, reply) => {
    fromUi(request);
    const body = typeof request.body === 'object' && request.body !== null ? request.body : {};
    const signedIn = await withAuditSource(useCases.audit.scope, request, () => useCases.adminAuth.signIn.execute({ username: body.username, password: body.password }));
    const principal = await useCases.adminAuth.authorize.execute({ token: signedIn.token, resources: [] });
    const who = await sessionOf(useCases, principal);
    void reply.header('set-cookie', sessionCookie(signedIn.token, secure(request))).header('cache-control', 'no-store');
    return { ...who, expiresAt: signedIn.expiresAt.toISOString() };
  });
  // Answers 200 either way: the page asks this before it knows whether anyone is signed in.
  app.get(`${ADMIN_UI_BASE}/session`, async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    try {
      const principal = await useCases.adminAuth.authorize.execute({ token: sessionTokenOf(request), resources: [] });
      return { signedIn: true, ...(await sessionOf(useCases, principal)) };
    } catch (error) {
      if (error instanceof AdminTokenInvalidError) return { signedIn: false };
      throw error;
    }
  });
  app.delete(`${ADMIN_UI_BASE}/session`, async (request, reply) => {
    fromUi(request);
    const token = sessionTokenOf(request);
    if (token !== undefined) await withAuditSource(useCases.audit.scope, request, () => useCases.adminAuth.signOut.execute({ token }));
    void reply.header('set-cookie', clearedSessionCookie(secure(request)));
    return { signedOut: true };
  });
}

/**
 * Who the session is for, and which of Portcullis's own resources their role allows: the page
 * shows only the menu entries (and row actions) the admin may use.
 */
async function sessionOf(
  useCases: HttpUseCases,
  principal: AdminPrincipal,
): Promise<{ readonly username: string; readonly userId: string; readonly resources: readonly string[] }> {
  const own = new Set<string>(Object.values(PortcullisResource));
  const { permissions } = await useCases.acl.effectivePermissions.execute({ roleId: principal.roleId });
  const resources = permissions.filter((permission) => permission.allowed && own.has(permission.resourceId)).map((permission) => permission.resourceId);
  return { username: principal.username, userId: principal.adminUserId, resources };
}

/**
 * Reads the UI's files once, by path relative to their directory (`pages/roles.js`); a path not
 * read here is never served (no traversal).
 */
function loadAssets(options: AdminUiOptions): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const add = (dir: string, prefix: string, accept: (name: string) => boolean): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        add(join(dir, entry.name), `${prefix}${entry.name}/`, accept);
        continue;
      }
      const type = CONTENT_TYPES[extname(entry.name)];
      if (!entry.isFile() || type === undefined || !accept(entry.name)) continue;
      const body = readFileSync(join(dir, entry.name));
      assets.set(`${prefix}${entry.name}`, { body, contentType: type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
    }
  };
  add(options.publicDir, '', () => true);
  add(options.scriptsDir, '', (name) => name.endsWith('.js'));
  return assets;
}
