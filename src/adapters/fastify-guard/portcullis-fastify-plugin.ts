import {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RouteOptions,
} from 'fastify';
import { type GuardRequest, type Principal, type RequiredAccess } from '../../application/guard/authorize-request.use-case';
import { rateLimitHeaders } from '../../application/guard/rate-limit-headers';
import { answerGuardFailure, checkRouteAccess, type RouteAccessDeclaration } from '../../application/guard/guard-failure';
import { RouteUndeclaredError } from '../../application/guard/guard.errors';
import { declaredAccessOf, guardRequestOf, needsRawFormBody, parseFormBody } from '../../application/guard/guard-request';
import { assertRouteResourcesKnown, type KnownResources } from '../../application/guard/route-resources';
import { type RouteTable } from '../../application/guard/route-table';

/** What a route of the host declares in its Fastify route `config`. */
export interface PortcullisRouteConfig {
  /** Every listed ACL resource is required, or `'anonymous'` for a route anyone may call. */
  readonly resources?: RouteAccessDeclaration;
}

declare module 'fastify' {
  // Interfaces must be named as Fastify names them to merge.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface FastifyContextConfig extends PortcullisRouteConfig {}
  interface FastifyRequest {
    /** Who the request acts for; set on every route registered after the Portcullis plugin (else null). */
    portcullis: Principal | null;
    /**
     * The raw `application/x-www-form-urlencoded` body as received (its parameters are signed).
     * Set by the plugin's form parser; a host with its own form parser sets it there.
     */
    rawFormBody: string | null;
  }
}

/**
 * The guard the plugin calls (`portcullis.guard.authorize`, AuthorizeRequest.execute) for every
 * request to a route that requires resources; a route declared `'anonymous'` is not checked (its
 * `request.portcullis` is `{ kind: 'anonymous' }`, what the guard answers for it).
 */
export type AuthorizeFn = (request: GuardRequest, required: RequiredAccess) => Promise<Principal>;

export interface PortcullisFastifyOptions {
  readonly authorize: AuthorizeFn;
  /**
   * `scheme://host[:port]` clients address (OAuth signatures are checked against it). Default:
   * the protocol and Host Fastify saw (`X-Forwarded-*` only with Fastify's `trustProxy`).
   */
  readonly publicBaseUrl?: string;
  /** Recognises a storage outage, answered 503 with `Retry-After: 5` (default: none is). */
  readonly isUnavailable?: (error: unknown) => boolean;
  /**
   * What a route with no `config.resources` gets: `'deny'` (default) refuses it with 403
   * `ROUTE.UNDECLARED`, so a forgotten declaration never opens a route; `'anonymous'` lets it through.
   */
  readonly defaultAccess?: 'deny' | 'anonymous';
  /**
   * Route declarations (e.g. Magento webapi.xml files loaded with `loadMagentoWebapiRouteTable`)
   * for routes without `config.resources`: each request takes the access of the declaration its
   * method and path match; a request that matches none is refused (403 `ROUTE.UNDECLARED`).
   */
  readonly routes?: RouteTable;
  /**
   * The ACL tree the routes' `config.resources` must be in (`portcullis.fastify.plugin` passes
   * its Portcullis's current tree). Checked once, when the app is ready (`onReady`, so
   * `app.ready()` and `app.listen()` reject): a declared id the tree lacks is an error naming the
   * route and the id, with the closest id. Without it, declarations are not checked.
   */
  readonly aclTree?: () => KnownResources;
}

const FORM = 'application/x-www-form-urlencoded';

type HookDone = (error?: Error) => void;

/**
 * Requests onRequest let through undecided (a signed form post waiting for its body), for
 * preValidation to check. A set of its own, not `request.portcullis` or the headers, which the
 * host's hooks in between may change.
 */
const undecided = new WeakSet<FastifyRequest>();

function deferToBody(request: FastifyRequest, done: HookDone): void {
  undecided.add(request);
  done();
}
type Hook = (request: FastifyRequest, reply: FastifyReply, done: HookDone) => void;
/** The guard's hooks of one route: preValidation decides what onRequest left undecided (a signed form post, once its body is read). */
interface Hooks {
  readonly onRequest: Hook;
  readonly preValidation?: Hook;
}

/**
 * Portcullis's guard for a Fastify host (docs/oauth.md §5). Register it before the routes it guards,
 * in the scope that holds them (it is not encapsulated: its hooks, request decorations and form
 * parser belong to that scope). Each route declares `config: { resources: ['Vendor_Module::x'] }`
 * or `config: { resources: 'anonymous' }`; an invalid declaration throws at registration, and
 * (given `aclTree`) a resource id the ACL tree lacks makes `ready()`/`listen()` reject, naming the
 * route and the id.
 *
 * A refusal is answered as the standalone server does: 401 unauthenticated, 400 malformed OAuth,
 * 403 `{ message, code: 'ACCESS.DENIED', parameters: { resources } }`, 503 on a database outage,
 * 500 otherwise (logged, no details). An allowed request carries `request.portcullis`.
 *
 * Form bodies: OAuth 1.0a signs the parameters of an `application/x-www-form-urlencoded` body, so
 * the guard needs that body raw. Unless the host already has a parser for that type, the plugin
 * adds one that keeps the raw text in `request.rawFormBody` and gives `request.body` as an object
 * (a repeated field as a list). A host with its own form parser (e.g. @fastify/formbody) must set
 * `request.rawFormBody` in it; a signed form request whose raw body cannot be seen fails with 500
 * and a log line saying so, rather than a misleading signature refusal. Requests that are not
 * signed form posts are checked in `onRequest`, before their body is read.
 */
export function portcullisFastifyPlugin(fastify: FastifyInstance, options: PortcullisFastifyOptions, done: (error?: Error) => void): void {
  try {
    install(fastify, options);
  } catch (error) {
    done(error as Error);
    return;
  }
  done();
}

function install(fastify: FastifyInstance, options: PortcullisFastifyOptions): void {
  const { authorize, publicBaseUrl } = options;
  const isUnavailable = options.isUnavailable ?? (() => false);
  const defaultAccess = options.defaultAccess ?? 'deny';
  if (typeof authorize !== 'function') throw new TypeError('The Portcullis Fastify plugin needs an "authorize" function (portcullis.guard.authorize).');
  if (defaultAccess !== 'deny' && defaultAccess !== 'anonymous') throw new TypeError(`"defaultAccess" must be 'deny' or 'anonymous', not ${JSON.stringify(defaultAccess)}.`);

  if (!fastify.hasRequestDecorator('portcullis')) fastify.decorateRequest('portcullis', null);
  if (!fastify.hasRequestDecorator('rawFormBody')) fastify.decorateRequest('rawFormBody', null);
  if (!fastify.hasContentTypeParser(FORM)) {
    fastify.addContentTypeParser(FORM, { parseAs: 'string' }, (request, body, done) => {
      const raw = typeof body === 'string' ? body : body.toString('utf8');
      request.rawFormBody = raw;
      done(null, parseFormBody(raw));
    });
  }

  const refuse = (request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply => {
    const answer = answerGuardFailure(error, isUnavailable);
    if (answer.unexpected) request.log.error({ err: error }, 'The Portcullis guard failed unexpectedly');
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  };
  /**
   * Answers the refusal; should answering it fail (the host's `isUnavailable` or logger throws),
   * Fastify's error handler answers 500, so the request never hangs and no rejection goes unhandled.
   */
  const refuseOr = (request: FastifyRequest, reply: FastifyReply, error: unknown, done: HookDone): void => {
    try {
      refuse(request, reply, error);
    } catch (failure) {
      done(failure instanceof Error ? failure : new Error(String(failure)));
    }
  };

  /**
   * Sets `request.portcullis` and calls `done`, or answers the refusal (and never calls `done`,
   * which ends the request there). Callback-style rather than async, so that a request costs one
   * promise (the guard's) and no more.
   */
  const check = (request: FastifyRequest, reply: FastifyReply, access: RequiredAccess, formBody: string | undefined, done: HookDone): void => {
    let decided: PromiseLike<Principal> | Principal;
    try {
      decided = authorize(
        guardRequestOf(
          { method: request.method, url: request.raw.url ?? request.url, headers: request.headers, formBody, protocol: request.protocol, host: request.host, clientAddress: request.ip },
          publicBaseUrl,
        ),
        access,
      );
    } catch (error) {
      refuseOr(request, reply, error, done);
      return;
    }
    // Any thenable (a promise of another realm too); a plain value is taken as given.
    if (!isThenable(decided)) {
      admit(request, reply, decided);
      done();
      return;
    }
    decided.then(
      (principal) => {
        admit(request, reply, principal);
        done();
      },
      (error: unknown) => {
        refuseOr(request, reply, error, done);
      },
    );
  };

  /** Names the caller on the request; under a rate limit, the answer carries the RateLimit headers. */
  const admit = (request: FastifyRequest, reply: FastifyReply, principal: Principal): void => {
    request.portcullis = principal;
    if (principal.kind === 'integration' && principal.rateLimit !== undefined) void reply.headers(rateLimitHeaders(principal.rateLimit));
  };

  /** The form body of a signed form post, or the refusal (500) when the host's parser hid it. */
  const checkForm = (request: FastifyRequest, reply: FastifyReply, access: RequiredAccess, done: HookDone): void => {
    let formBody: string;
    try {
      formBody = rawFormBodyOf(request);
    } catch (error) {
      refuseOr(request, reply, error, done);
      return;
    }
    check(request, reply, access, formBody, done);
  };

  // An anonymous route is not checked: one synchronous hook names the caller (a fresh object each
  // time, as the guard gives it), and nothing waits for the body.
  const anonymousHooks: Hooks = {
    onRequest: (request, _reply, done) => {
      request.portcullis = { kind: 'anonymous' };
      done();
    },
  };

  /**
   * The hooks of a route whose access is fixed. A signed form post waits for its body (parsed
   * before preValidation); any other request is decided in onRequest, before its body is read.
   * preValidation goes by what onRequest did, never by the headers again (a host's hook in between
   * may have changed them): a request onRequest let through undecided is checked there, with its
   * raw form body (empty where Fastify read none).
   */
  const fixedHooks = (access: RequiredAccess): Hooks => {
    if (access === 'anonymous') return anonymousHooks;
    return {
      onRequest: (request, reply, done) => {
        if (needsRawFormBody(request.headers)) deferToBody(request, done);
        else check(request, reply, access, undefined, done);
      },
      preValidation: (request, reply, done) => {
        if (undecided.delete(request)) checkForm(request, reply, access, done);
        else done();
      },
    };
  };

  /** The hooks of a route whose access is found per request (route declarations); an Error refuses. */
  const declaredHooks = (accessOf: (request: FastifyRequest) => RequiredAccess | RouteUndeclaredError): Hooks => ({
    onRequest: (request, reply, done) => {
      const access = accessOf(request);
      if (access instanceof RouteUndeclaredError) refuseOr(request, reply, access, done);
      else if (access === 'anonymous') anonymousHooks.onRequest(request, reply, done);
      else if (needsRawFormBody(request.headers)) deferToBody(request, done);
      else check(request, reply, access, undefined, done);
    },
    preValidation: (request, reply, done) => {
      if (!undecided.delete(request)) {
        done();
        return;
      }
      const access = accessOf(request);
      if (access instanceof RouteUndeclaredError) refuseOr(request, reply, access, done);
      else if (access === 'anonymous') anonymousHooks.onRequest(request, reply, done);
      else checkForm(request, reply, access, done);
    },
  });

  // Routes declaring resources, by URL and declaration, with their methods (GET and its HEAD route as one).
  const declaredRoutes = new Map<string, { readonly url: string; readonly resources: readonly string[]; readonly methods: string[] }>();
  const remember = (method: RouteOptions['method'], url: string, resources: readonly string[]): void => {
    const key = JSON.stringify([url, resources]);
    const entry = declaredRoutes.get(key) ?? { url, resources, methods: [] };
    entry.methods.push(...asList(method).map(String));
    declaredRoutes.set(key, entry);
  };
  const { aclTree } = options;
  if (aclTree !== undefined) {
    // The tree is the one current when the app is ready; a Portcullis's tree is fixed when it is
    // created. A resource missing from a tree changed later is refused per request (403), never allowed.
    fastify.addHook('onReady', (done) => {
      try {
        assertRouteResourcesKnown(
          [...declaredRoutes.values()].map((entry) => ({ route: `${entry.methods.join(', ')} ${entry.url}`, resources: entry.resources })),
          aclTree(),
        );
      } catch (error) {
        done(error as Error);
        return;
      }
      done();
    });
  }

  // The refusal is returned, not thrown: the hook that meets it answers it.
  const declaredBy = (routes: RouteTable) => (request: FastifyRequest): RequiredAccess | RouteUndeclaredError => {
    try {
      return declaredAccessOf(routes, request.method, request.raw.url ?? request.url);
    } catch (error) {
      if (error instanceof RouteUndeclaredError) return error;
      throw error;
    }
  };

  fastify.addHook('onRoute', (route: RouteOptions) => {
    const where = `${String(route.method)} ${route.url}`;
    const declared = route.config?.resources;
    let hooks: Hooks;
    if (declared !== undefined) {
      const access = checkRouteAccess(declared, `Route ${where}`);
      if (access !== 'anonymous') remember(route.method, route.url, access);
      hooks = fixedHooks(access);
    } else if (options.routes !== undefined) {
      hooks = declaredHooks(declaredBy(options.routes));
    } else if (defaultAccess === 'anonymous') {
      hooks = anonymousHooks;
    } else {
      fastify.log.warn(`Portcullis: route ${where} declares no access (config.resources); every request to it is refused with 403.`);
      // Answering from a callback hook without calling done() ends the request there.
      hooks = {
        onRequest: (request, reply) => {
          refuse(request, reply, new RouteUndeclaredError(request.method, route.url));
        },
      };
    }
    // The guard runs before the route's own hooks.
    route.onRequest = [hooks.onRequest, ...asList(route.onRequest)] as RouteOptions['onRequest'];
    if (hooks.preValidation !== undefined) route.preValidation = [hooks.preValidation, ...asList(route.preValidation)] as RouteOptions['preValidation'];
  });
}

// Not encapsulated (what `fastify-plugin` does): the hooks and decorations apply to the scope that
// registers the plugin. Named for Fastify's error messages and `printPlugins()`.
Object.assign(portcullisFastifyPlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'portcullis',
});

function isThenable<T>(value: PromiseLike<T> | T): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function asList<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

/** @throws Error (answered 500, logged) when the host parsed the form without keeping it raw */
function rawFormBodyOf(request: FastifyRequest): string {
  if (typeof request.rawFormBody === 'string') return request.rawFormBody;
  if (typeof request.body === 'string') return request.body;
  if (request.body === undefined || request.body === null) return '';
  throw new Error(
    'Portcullis cannot check this signed form request: the host parsed the application/x-www-form-urlencoded body without keeping it raw. ' +
      'Set request.rawFormBody in your form parser, or let the Portcullis plugin parse forms.',
  );
}

/** What a host may still choose when the guard and base URL come from `createPortcullis`. */
export type PortcullisFastifyPluginOptions = Partial<Omit<PortcullisFastifyOptions, 'authorize' | 'aclTree'>>;

export type PortcullisFastifyPlugin = (fastify: FastifyInstance, options: PortcullisFastifyPluginOptions, done: (error?: Error) => void) => void;

/** The plugin with its guard, base URL and outage check bound (`portcullis.fastify.plugin`). */
export function boundFastifyPlugin(bound: PortcullisFastifyOptions): PortcullisFastifyPlugin {
  const plugin: PortcullisFastifyPlugin = (fastify, options, done) => portcullisFastifyPlugin(fastify, { ...bound, ...definedOnly(options) }, done);
  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'portcullis',
  });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
