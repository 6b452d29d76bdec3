import { type IncomingMessage } from 'node:http';
import { type GuardRequest, type Principal, type RequiredAccess } from '../../application/guard/authorize-request.use-case';
import { rateLimitHeaders } from '../../application/guard/rate-limit-headers';
import { answerGuardFailure, checkRouteAccess, type GuardFailureBody } from '../../application/guard/guard-failure';
import { RouteResourceUnknownError } from '../../application/guard/guard.errors';
import { declaredAccessOf, guardRequestOf, needsRawFormBody, parseFormBody } from '../../application/guard/guard-request';
import { assertRouteResourcesKnown, type KnownResources, type RouteResources } from '../../application/guard/route-resources';
import { type RouteTable } from '../../application/guard/route-table';
import { isFormUrlEncoded, splitRequestTarget } from '../../domain/oauth/oauth-request';

declare global {
  // Express's own way to extend its Request (@types/express-serve-static-core merges it), so a
  // host's handlers see `req.portcullis`. Without Express installed it declares an unused interface.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Who the request acts for, once a Portcullis middleware allowed it. */
      portcullis?: Principal;
      /** The raw `application/x-www-form-urlencoded` body, kept by `formBody()` (its parameters are signed). */
      rawFormBody?: string;
    }
  }
}

// Express's types are declared here by the parts the middleware uses, not imported from
// `express`: Express is an optional peer, and the published declarations must compile in a host
// without it (a Fastify-only host with `skipLibCheck: false`). Express 5's Request, Response and
// NextFunction fit these shapes, so the middleware goes wherever Express takes a RequestHandler.

/**
 * What the middleware reads and writes of Express's `Request`. Not `body`: it would make Express
 * infer `unknown` for `req.body` in the host's own handlers of a guarded route (Express's is `any`).
 */
export interface ExpressRequest extends IncomingMessage {
  readonly method: string;
  readonly originalUrl: string;
  readonly protocol: string;
  readonly host: string;
  /** The client's address (Express reads `X-Forwarded-For` only with `trust proxy` set). */
  readonly ip?: string | undefined;
  readonly baseUrl: string;
  /** The matched route (`route.path` as declared), once Express routed the request. */
  readonly route?: unknown;
  portcullis?: Principal;
  rawFormBody?: string;
}

/** What the middleware calls on Express's `Response`. */
export interface ExpressResponse {
  status(code: number): this;
  set(field: string, value: string): this;
  set(fields: Readonly<Record<string, string>>): this;
  json(body: unknown): this;
}

/** Express's `next`. */
export type ExpressNext = (error?: unknown) => void;

/** Express middleware, as `app.use(...)` and `app.get(path, ...)` take it. */
export type ExpressMiddleware = (req: ExpressRequest, res: ExpressResponse, next: ExpressNext) => Promise<void>;

/** The guard the middleware calls (`portcullis.guard.authorize`, AuthorizeRequest.execute). */
export type AuthorizeFn = (request: GuardRequest, required: RequiredAccess) => Promise<Principal>;

export interface PortcullisExpressOptions {
  /**
   * `scheme://host[:port]` clients address (OAuth signatures are checked against it). Default:
   * `req.protocol` and `req.host` (Express reads `X-Forwarded-*` only with `trust proxy` set).
   */
  readonly publicBaseUrl?: string;
  /** Recognises a storage outage, answered 503 with `Retry-After: 5` (default: none is). */
  readonly isUnavailable?: (error: unknown) => boolean;
  /** Told of unexpected failures (answered 500 without details). Default: the stack on stderr. */
  readonly onUnexpectedError?: (error: unknown, req: ExpressRequest) => void;
  /** Largest form body read, in bytes (default 100 kB, as `express.urlencoded`). */
  readonly formBodyLimit?: number;
  /**
   * The ACL tree declared resources must be in (`portcullis.express` passes its Portcullis's
   * current tree). Express has no "ready" moment, so `portcullis.express.check(app)` checks every
   * guarded route before the app listens; a route it did not see (or an app that skipped it) is
   * checked on its first request: an id the tree lacks answers 500 (INTERNAL) to every request of
   * that route and tells `onUnexpectedError` the method, route and id. Without it, no check.
   */
  readonly aclTree?: () => KnownResources;
}

export interface FormBodyOptions {
  /** Largest body read, in bytes (default 100 kB, as `express.urlencoded`); larger ones get 413. */
  readonly limit?: number;
}

const DEFAULT_FORM_LIMIT = 100 * 1024;
const TOO_LARGE: GuardFailureBody = { message: 'The request body is too large.', code: 'REQUEST.INVALID' };

/**
 * Portcullis's guard for an Express 5 host (docs/oauth.md §5). `requireResources(authorize, options)`
 * returns a factory: `guard('Vendor_Module::orders', …)` is route middleware requiring every
 * listed ACL resource, `guard('anonymous')` lets anyone through. An allowed request
 * carries `req.portcullis`; a refusal is answered here as the standalone server does (401
 * unauthenticated, 400 malformed OAuth, 403 `{ message, code: 'ACCESS.DENIED', parameters:
 * { resources } }`, 503 database outage, 500 otherwise without details).
 *
 * Form bodies: OAuth 1.0a signs the parameters of an `application/x-www-form-urlencoded` body, so
 * the guard needs it raw. If nothing has read the body yet, the guard reads it (keeping it in
 * `req.rawFormBody` and parsing `req.body`). A host that parses forms for every route must mount
 * `formBody()` before `express.urlencoded()` (or instead of it); `express.text()`/`express.raw()`
 * bodies are used as they are. A signed form request whose raw body is gone fails with 500 and a
 * logged explanation, rather than a misleading signature refusal.
 * @throws TypeError at once for resources that are neither `'anonymous'` nor a non-empty list of ids
 */
export function requireResources(authorize: AuthorizeFn, options: PortcullisExpressOptions = {}): (...resources: readonly string[]) => ExpressMiddleware {
  if (typeof authorize !== 'function') throw new TypeError('The Portcullis Express middleware needs an "authorize" function (portcullis.guard.authorize).');
  return (...resources) => {
    const access = resources.length === 1 && resources[0] === 'anonymous' ? 'anonymous' : checkRouteAccess(resources, 'portcullis.express.require()');
    if (access === 'anonymous' || options.aclTree === undefined) return guardWith(authorize, options, () => access);
    const knownIn = knownCheck(access, options.aclTree);
    const handler = guardWith(authorize, options, (req) => {
      knownIn(req);
      return access;
    });
    return Object.assign(handler, { [DECLARED_RESOURCES]: access });
  };
}

/** Where a guard made by `require()` keeps its resources, for `check(app)` to find. */
const DECLARED_RESOURCES = Symbol('portcullis.express.declaredResources');

/**
 * The first-use check of one declaration: its ids against the tree, once per tree (a tree that
 * changes is checked again).
 * @returns a function throwing RouteResourceUnknownError (answered 500, logged) for a request of the route
 */
function knownCheck(resources: readonly string[], aclTree: () => KnownResources): (req: ExpressRequest) => void {
  let checked: { readonly tree: KnownResources; readonly error: ((route: string) => RouteResourceUnknownError) | null } | null = null;
  return (req) => {
    const tree = aclTree();
    if (checked?.tree !== tree) {
      let error: ((route: string) => RouteResourceUnknownError) | null = null;
      try {
        assertRouteResourcesKnown([{ route: '', resources }], tree);
      } catch (problem) {
        if (!(problem instanceof RouteResourceUnknownError)) throw problem;
        error = (route) => new RouteResourceUnknownError(problem.problems.map((found) => ({ ...found, route })));
      }
      checked = { tree, error };
    }
    if (checked.error !== null) throw checked.error(routeOf(req));
  };
}

/** `GET /rest/V1/orders`: the route's path as declared (with its mount path), else the request's. */
function routeOf(req: ExpressRequest): string {
  const declared: unknown = (req.route as { path?: unknown } | undefined)?.path;
  return `${req.method} ${typeof declared === 'string' ? `${req.baseUrl}${declared}` : splitRequestTarget(req.originalUrl).path}`;
}

/** The parts of Express's router (router 2) that `check(app)` reads. */
interface RouterLayer {
  readonly route?: { readonly path?: unknown; readonly stack?: readonly RouterLayer[] };
  readonly handle?: unknown;
  readonly method?: unknown;
  /** The path given to `use()` (router 2.3+; older ones show `…`). */
  readonly rawPath?: unknown;
}

/**
 * The guarded routes of an app or router, with their methods and full paths, found by walking its
 * router (and the routers mounted in it with `use()`; a sub-app mounted with `use()` is walked
 * only when passed itself).
 */
function declaredRoutesOf(stack: readonly RouterLayer[], prefix: string, found: RouteResources[]): RouteResources[] {
  for (const layer of stack) {
    if (layer.route !== undefined) {
      const path = `${prefix}${pathText(layer.route.path)}`;
      for (const inner of layer.route.stack ?? []) {
        const resources = declaredBy(inner.handle);
        if (resources !== undefined) found.push({ route: `${typeof inner.method === 'string' ? inner.method.toUpperCase() : 'ALL'} ${path}`, resources });
      }
      continue;
    }
    const mount = layer.rawPath === '/' ? '' : pathText(layer.rawPath);
    const resources = declaredBy(layer.handle);
    if (resources !== undefined) found.push({ route: `USE ${prefix}${mount === '' ? '/' : mount}`, resources });
    const nested = (layer.handle as { stack?: unknown } | undefined)?.stack;
    if (Array.isArray(nested)) declaredRoutesOf(nested as RouterLayer[], `${prefix}${mount}`, found);
  }
  return found;
}

function declaredBy(handle: unknown): readonly string[] | undefined {
  return typeof handle === 'function' ? (handle as { [DECLARED_RESOURCES]?: readonly string[] })[DECLARED_RESOURCES] : undefined;
}

function pathText(path: unknown): string {
  if (typeof path === 'string') return path;
  if (Array.isArray(path)) return path.map(pathText).join('|');
  return path instanceof RegExp ? String(path) : '…';
}

/**
 * App-level middleware (`app.use(...)`) guarding every request by route declarations (e.g.
 * Magento webapi.xml files loaded with `loadMagentoWebapiRouteTable`): each request needs the
 * access of the declaration its method and path match; one that matches none is refused (403
 * `ROUTE.UNDECLARED`).
 */
export function requireDeclared(authorize: AuthorizeFn, routes: RouteTable, options: PortcullisExpressOptions = {}): ExpressMiddleware {
  return guardWith(authorize, options, (req) => declaredAccessOf(routes, req.method, req.originalUrl));
}

function guardWith(authorize: AuthorizeFn, options: PortcullisExpressOptions, accessOf: (req: ExpressRequest) => RequiredAccess): ExpressMiddleware {
  const isUnavailable = options.isUnavailable ?? (() => false);
  const onUnexpected = options.onUnexpectedError ?? writeToStderr;
  const limit = options.formBodyLimit ?? DEFAULT_FORM_LIMIT;
  return async (req, res, next): Promise<void> => {
    try {
      const access = accessOf(req);
      const formBody = needsRawFormBody(req.headers) && access !== 'anonymous' ? await rawFormBodyOf(req, limit) : undefined;
      const principal = await authorize(
        guardRequestOf({ method: req.method, url: req.originalUrl, headers: req.headers, formBody, protocol: req.protocol, host: req.host, clientAddress: req.ip }, options.publicBaseUrl),
        access,
      );
      req.portcullis = principal;
      if (principal.kind === 'integration' && principal.rateLimit !== undefined) res.set(rateLimitHeaders(principal.rateLimit));
    } catch (error) {
      if (error instanceof FormBodyTooLargeError) {
        res.status(413).set('connection', 'close').json(TOO_LARGE);
        return;
      }
      const answer = answerGuardFailure(error, isUnavailable);
      if (answer.unexpected) onUnexpected(error, req);
      res.status(answer.status).set(answer.headers).json(answer.body);
      return;
    }
    next();
  };
}

/**
 * Reads an `application/x-www-form-urlencoded` body, keeping it raw in `req.rawFormBody` (for the
 * signature) and parsed in `req.body` (an object; a repeated field as a list). Other requests, and
 * bodies another parser already read, pass untouched. Mount it before `express.urlencoded()`,
 * which then leaves the body alone.
 */
export function formBody(options: FormBodyOptions = {}): ExpressMiddleware {
  const limit = options.limit ?? DEFAULT_FORM_LIMIT;
  return async (req, res, next): Promise<void> => {
    if (isFormUrlEncoded(req.headers['content-type']) && req.rawFormBody === undefined && isUnread(req)) {
      try {
        await readForm(req, limit);
      } catch (error) {
        if (!(error instanceof FormBodyTooLargeError)) throw error;
        res.status(413).set('connection', 'close').json(TOO_LARGE);
        return;
      }
    }
    next();
  };
}

class FormBodyTooLargeError extends Error {}

/** A request as Express's body parsers leave it (`req.body`). */
type WithBody = ExpressRequest & { body?: unknown };

function bodyOf(req: ExpressRequest): unknown {
  return (req as WithBody).body;
}

function isUnread(req: ExpressRequest): boolean {
  return bodyOf(req) === undefined && !req.readableEnded && !req.complete;
}

/** @throws Error (answered 500, logged) when another parser consumed the form without keeping it raw */
async function rawFormBodyOf(req: ExpressRequest, limit: number): Promise<string> {
  if (typeof req.rawFormBody === 'string') return req.rawFormBody;
  const body = bodyOf(req);
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (isUnread(req)) return readForm(req, limit);
  throw new Error(
    'Portcullis cannot check this signed form request: the application/x-www-form-urlencoded body was parsed without keeping it raw. ' +
      'Mount portcullis.express.formBody() before express.urlencoded().',
  );
}

/**
 * Reads the body into `req.rawFormBody` and `req.body`.
 * @throws FormBodyTooLargeError past `limit` bytes (the rest is drained, so the 413 still reaches the client)
 */
function readForm(req: ExpressRequest, limit: number): Promise<string> {
  if (Number(req.headers['content-length'] ?? '0') > limit) return Promise.reject(new FormBodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer | string) => {
      if (tooLarge) return;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > limit) {
        tooLarge = true;
        reject(new FormBodyTooLargeError());
        return;
      }
      chunks.push(bytes);
    });
    req.once('error', reject);
    req.once('end', () => {
      if (tooLarge) return;
      const raw = Buffer.concat(chunks).toString('utf8');
      req.rawFormBody = raw;
      (req as WithBody).body = parseFormBody(raw);
      resolve(raw);
    });
  });
}

function writeToStderr(error: unknown): void {
  process.stderr.write(`Portcullis guard failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
}

/** The Express middleware with its guard bound (`portcullis.express`). */
export interface PortcullisExpress {
  /** Route middleware requiring every listed ACL resource (`'anonymous'` alone: anyone). */
  require(...resources: readonly string[]): ExpressMiddleware;
  /** Route middleware letting anyone through (`req.portcullis` is `{ kind: 'anonymous' }`). */
  anonymous(): ExpressMiddleware;
  /** Keeps form bodies raw for signatures; mount before `express.urlencoded()`. */
  formBody(options?: FormBodyOptions): ExpressMiddleware;
  /** App-level middleware guarding every request by route declarations (webapi.xml); undeclared: 403. */
  declared(routes: RouteTable): ExpressMiddleware;
  /**
   * Checks the resources of every route of `app` (an Express app or Router; the routers mounted in
   * it too) guarded by `require()` against the ACL tree. Call it once the routes are declared,
   * before `listen()`; a sub-app mounted with `app.use()` needs its own call.
   * @throws RouteResourceUnknownError naming each route (method and path) and unknown id, with the closest id
   */
  check(app: { readonly router: unknown } | { readonly stack: unknown }): void;
}

export function portcullisExpress(authorize: AuthorizeFn, options: PortcullisExpressOptions = {}): PortcullisExpress {
  const guard = requireResources(authorize, options);
  return {
    require: (...resources) => guard(...resources),
    anonymous: () => guard('anonymous'),
    formBody: (formOptions) => formBody({ limit: options.formBodyLimit, ...formOptions }),
    declared: (routes) => requireDeclared(authorize, routes, options),
    check: (app) => {
      const { aclTree } = options;
      if (aclTree === undefined) throw new TypeError('portcullis.express.check() needs the ACL tree ("aclTree" option).');
      const router = 'router' in app ? app.router : app;
      const stack = (router as { stack?: unknown } | null)?.stack;
      if (!Array.isArray(stack)) throw new TypeError('portcullis.express.check() needs an Express app or Router.');
      assertRouteResourcesKnown(declaredRoutesOf(stack as RouterLayer[], '', []), aclTree());
    },
  };
}
