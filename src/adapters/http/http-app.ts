import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { CurrentPasswordInvalidError, MissingCredentialsError } from '../../domain/admin-session/admin-session.errors';
import { DomainError } from '../../domain/kernel/domain-error';
import { type AdminPrincipal } from '../../application/use-cases/admin-auth/authorize-admin.use-case';
import { HttpProblem, toHttpAnswer } from './http-errors';
import { type HttpUseCases } from './http-use-cases';
import { buildOpenApi } from './openapi';
import { ALL_SCHEMAS } from './response-schemas';
import { adminAuthRoutes } from './routes/admin-auth.routes';
import { adminUserRoutes } from './routes/admin-users.routes';
import { aclRoutes } from './routes/acl.routes';
import { integrationRoutes } from './routes/integrations.routes';
import { forwardAuthRoutes } from './routes/forward-auth.routes';
import { oauthRoutes } from './routes/oauth.routes';
import { roleRoutes } from './routes/roles.routes';
import { serviceRoutes } from './routes/service.routes';
import { metricsRoutes, type HttpMetrics } from './routes/metrics.routes';
import { isDtoClass, RawAnswer, requiredResourcesOf, type RouteSpec } from './route-spec';
import { credentialRequestOf } from './signed-request';
import { isFormUrlEncoded } from '../../domain/oauth/oauth-request';
import { type IntegrationCaller } from '../../application/oauth/authorize-integration-call.use-case';
import { CallbackFailedError } from '../../application/ports/token-exchange.port';
import { type RouteTable } from '../../application/guard/route-table';
import { parseInput } from './validation';
import { maskUrl, scrubSecrets } from './log-safety';
import { registerAdminUi, type AdminUiOptions } from './admin-ui/admin-ui.routes';
import { sessionTokenOf } from './admin-ui/admin-session-cookie';
import { withAuditSource } from './audit-source';
import { auditRoutes } from './routes/audit.routes';
import { rateLimitHeaders } from '../../application/guard/rate-limit-headers';

export interface HttpAppOptions {
  /** Fastify's logger option: false, true, or pino options; the adapter adds redaction and ids. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Recognises a storage outage (answered 503, never 500). */
  readonly isUnavailable?: (error: unknown) => boolean;
  /** Resolves when the database answers; rejects otherwise (GET /ready). */
  readonly checkReady?: () => Promise<void>;
  /** Trust X-Forwarded-* from a reverse proxy. */
  readonly trustProxy?: boolean;
  readonly publicBaseUrl?: string;
  readonly version?: string;
  /** Route declarations (e.g. from webapi.xml) forward-auth consults when X-Required-Resources is absent. */
  readonly routeTable?: RouteTable;
  /** Serves the admin web UI at /admin from these directories; absent: no UI. */
  readonly adminUi?: AdminUiOptions;
  /** Serves GET /metrics and counts every request answered; absent (METRICS=off): neither. */
  readonly metrics?: HttpMetrics;
}

/** Header values never written to logs. */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["proxy-authorization"]', 'res.headers["set-cookie"]'];

/** Every route of the standalone server, in one list (the OpenAPI document describes these). */
export function httpRoutes(useCases: HttpUseCases, options: HttpAppOptions, openApi: () => unknown): RouteSpec[] {
  return [
    ...serviceRoutes({ checkReady: options.checkReady ?? (() => Promise.resolve()), openApi }),
    ...adminAuthRoutes(useCases),
    ...integrationRoutes(useCases),
    ...roleRoutes(useCases),
    ...adminUserRoutes(useCases),
    ...aclRoutes(useCases),
    ...auditRoutes(useCases),
    ...oauthRoutes(useCases, options.publicBaseUrl),
    ...forwardAuthRoutes(useCases, options.publicBaseUrl, options.routeTable),
    ...metricsRoutes(options.metrics),
  ];
}

/** The admin REST API on Fastify: thin routes over the use cases, one error table, one route list. */
export function buildHttpApp(useCases: HttpUseCases, options: HttpAppOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: withRedaction(options.logger ?? false),
    genReqId: (request) => requestIdFrom(request.headers['x-request-id']),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    // Errors the router raises before any route (a bad %-escape, an over-long path part) take the one error shape too.
    frameworkErrors: (error, request, reply) => {
      const answer = frameworkErrorAnswer(error);
      request.log.info({ code: error.code }, answer.message);
      void (reply as FastifyReply).status(answer.status).header('x-request-id', request.id).send({ message: answer.message, code: 'REQUEST.INVALID' });
    },
  });
  // JSON bodies are refused past a nesting depth no route needs: deeper ones exhaust the stack of the validators.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
      done(new HttpProblem(400, { message: `The request body is nested too deeply (at most ${MAX_JSON_DEPTH} levels).`, code: 'REQUEST.INVALID' }), undefined);
      return;
    }
    void parseJson(request, text, done);
  });
  // A JSON-only API: a text/plain body is refused (415) rather than handed to a route as a string.
  app.removeContentTypeParser('text/plain');
  // Form bodies reach the routes as the raw string: OAuth signs their parameters as sent.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const described: { document?: unknown } = {};
  const routes = httpRoutes(useCases, options, () => described.document);
  described.document = buildOpenApi(routes, { version: options.version ?? '0.0.0', ...(options.publicBaseUrl !== undefined ? { publicBaseUrl: options.publicBaseUrl } : {}) });

  const isUnavailable = options.isUnavailable ?? (() => false);
  // Graceful shutdown: once close() has begun, an answer to a request still in flight closes its
  // connection; otherwise a keep-alive client holds the server open until keepAliveTimeout (72 s).
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  const metrics = options.metrics;
  if (metrics !== undefined) {
    // By the route's pattern (`/rest/V1/integrations/:id`), never the URL: ids would make a series each.
    app.addHook('onResponse', (request, reply, done) => {
      metrics.adminRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode);
      done();
    });
  }
  app.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
  app.setErrorHandler((error, request, reply) => {
    const answer = toHttpAnswer(sign_inAware(error), isUnavailable);
    if (answer.unexpected) request.log.error({ err: loggableError(error) }, 'unexpected error');
    else if (answer.status === 503) request.log.warn({ err: loggableError(error) }, 'database unavailable');
    else if (error instanceof CallbackFailedError) request.log.warn(callbackFailure(error), 'the callback URL of an integration failed the credentials POST');
    return reply.status(answer.status).headers(answer.headers).send(answer.body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ message: `There is no route ${request.method} ${request.url.split('?')[0] ?? ''}.`, code: 'ROUTE.NOT_FOUND' }),
  );
  for (const spec of routes) register(app, spec, useCases, options.publicBaseUrl);
  if (options.adminUi !== undefined) registerAdminUi(app, useCases, options.adminUi, options.publicBaseUrl);
  return app;
}

function register(app: FastifyInstance, spec: RouteSpec, useCases: HttpUseCases, publicBaseUrl: string | undefined): void {
  const serializer = (spec.wire ?? 'json') === 'json' ? serializationSchema(spec.success.schema) : null;
  app.route({
    method: spec.method,
    url: spec.url,
    ...(serializer !== null ? { schema: { response: { [spec.success.status]: serializer } } } : {}),
    // Whatever the request changes (sign-in included) is recorded with it as the source.
    handler:
      spec.audited === false
        ? (request: FastifyRequest, reply: FastifyReply) => handle(request, reply)
        : (request: FastifyRequest, reply: FastifyReply) => withAuditSource(useCases.audit.scope, request, () => handle(request, reply)),
  });

  async function handle(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    // Form bodies are parsed (as raw text) for the OAuth endpoints only; the JSON API refuses them.
    if ((spec.wire ?? 'json') === 'json' && request.body !== undefined && isFormUrlEncoded(request.headers['content-type'])) {
      throw new HttpProblem(415, { message: 'The request body must be JSON (Content-Type: application/json).', code: 'REQUEST.INVALID' });
    }
    if ((spec.wire ?? 'json') === 'json' && spec.body === undefined && request.body !== undefined) refuseUndeclaredBody(request.body);
    const token = bearerTokenOf(request) ?? sessionTokenOf(request);
    let principal: AdminPrincipal | null = null;
    let caller: IntegrationCaller | null = null;
    if (spec.access !== 'anonymous') {
      // One path for every door (RequestAuthorizer); this one lets integrations in only on
      // routes that declare it and require resources.
      const required = requiredResourcesOf(spec);
      const bearer = spec.bearerIntegrations === true && required !== null;
      const integrations = (spec.integrations === true || bearer) && required !== null;
      const door = bearer ? useCases.adminAuth.bearerRequests : useCases.adminAuth.requests;
      const { principal: who, rateLimit } = await door.authorize(credentialRequestOf(request, publicBaseUrl), required ?? { all: [] }, (kind) => kind === 'admin' || integrations);
      if (who.kind === 'admin') principal = who;
      else caller = { integrationId: who.integrationId, name: who.name };
      if (rateLimit !== null) void reply.headers(rateLimitHeaders(rateLimit));
    }
    let body: unknown;
    try {
      // No body is an empty one; a JSON null is a body that is not an object (400).
      body = spec.body !== undefined && isDtoClass(spec.body) ? await parseInput(spec.body, request.body === undefined ? {} : request.body, 'body') : (request.body ?? {});
    } catch (error) {
      throw spec.confirmsPassword === true && principal !== null ? await withCurrentPasswordChecked(error, request.body, principal, useCases) : error;
    }
    const query = spec.query !== undefined ? await parseInput(spec.query, request.query ?? {}, 'query') : request.query;
    if (spec.confirmsPassword === true && principal !== null) {
      await useCases.adminAuth.verifyCurrentPassword.execute({ actor: principal.actor, currentPassword: (body as { currentPassword: string }).currentPassword });
    }
    let result: unknown;
    try {
      result = await spec.handle({ body, query, params: request.params as Record<string, string>, principal, caller, token, request, reply });
    } catch (error) {
      throw withGrantFields(error, body);
    }
    if (result instanceof RawAnswer) return reply.status(result.status).type(result.contentType).send(result.body);
    // Fastify sends strings as they are; Magento answers the admin token as a JSON string.
    if (typeof result === 'string') return reply.status(spec.success.status).type('application/json; charset=utf-8').send(JSON.stringify(result));
    return reply.status(spec.success.status).send(result);
  }
}

/**
 * A 400 naming other fields still says whether "Your Password" was right (issue 17.6: every
 * invalid field at once), so the admin does not fix the form only to be told next about the
 * password. The check counts toward the lock-out as on any save.
 */
async function withCurrentPasswordChecked(error: unknown, rawBody: unknown, principal: AdminPrincipal, useCases: HttpUseCases): Promise<unknown> {
  if (!(error instanceof HttpProblem) || error.status !== 400 || error.body.errors === undefined) return error;
  const errors = error.body.errors;
  const currentPassword = typeof rawBody === 'object' && rawBody !== null ? (rawBody as { currentPassword?: unknown }).currentPassword : undefined;
  // Refused by the DTO already (missing, too long), or not sent: nothing to check.
  if (typeof currentPassword !== 'string' || currentPassword === '' || errors.some((entry) => entry.field === 'currentPassword')) return error;
  try {
    await useCases.adminAuth.verifyCurrentPassword.execute({ actor: principal.actor, currentPassword });
    return error;
  } catch (refusal) {
    if (!(refusal instanceof CurrentPasswordInvalidError)) throw refusal;
    return HttpProblem.badRequest([...errors, { field: 'currentPassword', message: refusal.message }], error.body.message);
  }
}

/**
 * An unknown or conflicting resource id is a rule of the domain, which does not know the fields
 * of the request; here it is named in `errors` under the list(s) it came from.
 */
function withGrantFields(error: unknown, body: unknown): unknown {
  if (!(error instanceof DomainError) || (error.code !== 'ACL.RESOURCE_UNKNOWN' && error.code !== 'GRANT.INVALID')) return error;
  const ids = error.parameters.ids;
  if (!Array.isArray(ids) || typeof body !== 'object' || body === null) return error;
  const errors = (['resources', 'excluded'] as const)
    .filter((field) => {
      const list = (body as Record<string, unknown>)[field];
      return Array.isArray(list) && ids.some((id) => list.includes(id));
    })
    .map((field) => ({ field, message: error.message }));
  if (errors.length === 0) return error;
  return new HttpProblem(400, { message: error.message, code: error.code, parameters: error.parameters, errors });
}

/** A route that declares no body takes none: an empty JSON object at most. */
function refuseUndeclaredBody(body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw HttpProblem.badRequest([{ field: 'body', message: 'The request body must be a JSON object.' }]);
  }
  const fields = Object.keys(body);
  if (fields.length > 0) throw HttpProblem.badRequest(fields.map((field) => ({ field, message: `"${field}" is not a known field.` })));
}

/** Nesting depth of JSON bodies; the deepest request body of the API is 3 levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether a JSON text opens more than `max` arrays/objects at once. One pass over the text, brackets
 * inside strings skipped; run before parsing, so a hostile body costs no more than its length.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

function frameworkErrorAnswer(error: { code: string }): { status: number; message: string } {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return { status: 414, message: 'A part of the request path is longer than 100 characters.' };
  if (error.code === 'FST_ERR_BAD_URL') return { status: 400, message: 'The request URL is malformed.' };
  return { status: 400, message: 'The request is malformed.' };
}

function bearerTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** The sign-in's missing fields as per-field errors, with Magento's texts. */
function sign_inAware(error: unknown): unknown {
  if (!(error instanceof MissingCredentialsError)) return error;
  return HttpProblem.badRequest(error.fields.map((field) => ({ field, message: `"${field}" is required. Enter and try again.` })));
}

function requestIdFrom(header: string | string[] | undefined): string {
  // A caller's id is kept when it is short and plain, so logs can be matched across services.
  return typeof header === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(header) ? header : randomUUID();
}

function withRedaction(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === false || logger === undefined) return false;
  const base = logger === true ? {} : logger;
  return { ...base, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, serializers: { req: requestForLog } };
}

/** Fastify's request fields, with the URL's credentials masked (an `oauth_*` query parameter, a token in the path). */
function requestForLog(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: maskUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * What is logged of a failed credentials POST: the integration and why (the admin is told only
 * that the callback URL could not be reached). Never the URL, whose query may hold a secret.
 */
function callbackFailure(error: CallbackFailedError): Record<string, unknown> {
  const { name, status } = error.parameters;
  return { integration: name, ...(status !== undefined ? { status } : {}), ...(error.reason !== undefined ? { reason: scrubSecrets(error.reason) } : {}) };
}

/** What is logged of an unexpected error: its type, code and scrubbed message and stack. */
function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    message: scrubSecrets(error.message),
    stack: scrubSecrets(error.stack ?? ''),
  };
}

/**
 * Fastify serialises with the route's response schema, which also whitelists the fields sent.
 * Shared schemas are inlined; a recursive one (the ACL tree) is serialised as is.
 */
function serializationSchema(schema: Readonly<Record<string, unknown>>): Record<string, unknown> | null {
  const inline = (value: unknown, seen: readonly string[]): unknown => {
    if (Array.isArray(value)) return value.map((item) => inline(item, seen));
    if (typeof value !== 'object' || value === null) return value;
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      const name = ref.replace('#/components/schemas/', '');
      if (seen.includes(name)) throw new RecursiveSchema();
      return inline(ALL_SCHEMAS[name], [...seen, name]);
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, inline(item, seen)]));
  };
  try {
    return inline(schema, []) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof RecursiveSchema) return null;
    throw error;
  }
}

class RecursiveSchema extends Error {}
