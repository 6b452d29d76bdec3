import { ADMIN_UI_BASE } from '../../../src/adapters/http/admin-ui/admin-ui.routes';

/** The admin web UI's pages, assets and session: the UI's own, not operations of the API. */
const ADMIN_UI_ROUTES = [
  `GET ${ADMIN_UI_BASE}`,
  `GET ${ADMIN_UI_BASE}/*`,
  `GET ${ADMIN_UI_BASE}/assets/*`,
  `POST ${ADMIN_UI_BASE}/session`,
  `GET ${ADMIN_UI_BASE}/session`,
  `DELETE ${ADMIN_UI_BASE}/session`,
];
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type * as FastifyModule from 'fastify';
import { type FastifyInstance } from 'fastify';
import { httpRoutes } from '../../../src/adapters/http/http-app';
import { type HttpUseCases } from '../../../src/adapters/http/http-use-cases';
import { type HttpMetrics } from '../../../src/adapters/http/routes/metrics.routes';
import { SHOP_ACL, R } from '../../support/acl-fixtures';
import { type TokenExchange } from '../../../src/application/ports/token-exchange.port';
import { type Integration } from '../../../src/domain/integration/integration.aggregate';
import { HANDSHAKE_URLS, succeedingExchange } from '../../support/integration-fixtures';
import { oauth1aHeader } from '../../support/oauth-clients';

/** The third party's side of the handshake, without a network: what the credentials POST would carry. */
const posted: Array<{ consumerKey: string; consumerSecret: string; verifier: string }> = [];
const capturingExchange: TokenExchange = {
  identityLinkFor: (integration: Integration) => succeedingExchange.identityLinkFor(integration),
  sendCredentials: (integration: Integration, verifier: string) => {
    posted.push({ consumerKey: integration.credentials.require('oauth1').key, consumerSecret: integration.credentials.require('oauth1').secret, verifier });
    return Promise.resolve();
  },
};
import { startTestServer, type TestServer } from './server-harness';

/**
 * Every route Fastify registers, seen by an `onRoute` hook added to each instance as it is created
 * (the hook must exist before the routes are declared, which `buildHttpApp` does at once).
 */
const mockRegisteredRoutes: Array<{ method: string; url: string }> = [];
jest.mock('fastify', () => {
  const actual = jest.requireActual<typeof FastifyModule>('fastify');
  const create = actual.default as unknown as (...args: unknown[]) => FastifyInstance;
  const factory = (...args: unknown[]): FastifyInstance => {
    const app = create(...args);
    app.addHook('onRoute', (route) => {
      for (const method of Array.isArray(route.method) ? route.method : [route.method]) mockRegisteredRoutes.push({ method: String(method), url: route.url });
    });
    return app;
  };
  return Object.assign(factory, actual, { default: factory, fastify: factory });
});

/** The server's default METRICS=admin, as httpRoutes() is given it. */
const ADMIN_METRICS: HttpMetrics = { mode: 'admin', contentType: 'text/plain', text: () => Promise.resolve(''), adminRequest: () => undefined };

type Json = Record<string, unknown>;
interface Operation {
  readonly operationId: string;
  readonly security?: ReadonlyArray<Record<string, unknown>>;
  readonly responses: Record<string, { content?: Record<string, { schema: Json }> }>;
  readonly parameters?: ReadonlyArray<{ name: string; in: string }>;
  readonly requestBody?: unknown;
  readonly 'x-required-resources'?: readonly string[];
  readonly 'x-required-resources-any-of'?: readonly string[];
}
interface OpenApiDocument {
  readonly openapi: string;
  readonly info: { title: string; version: string };
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** `/rest/V1/integrations/{id}` ⇄ `/rest/V1/integrations/:id` */
const toFastifyUrl = (path: string): string => path.replace(/\{([A-Za-z]+)\}/g, ':$1');

function operationsOf(document: OpenApiDocument): Array<{ path: string; method: string; operation: Operation }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => (METHODS as readonly string[]).includes(method))
      .map(([method, operation]) => ({ path, method, operation })),
  );
}

/** A key naming one operation in failure messages and set comparisons. */
const key = (method: string, url: string): string => `${method.toUpperCase()} ${url}`;

/** Validates answer bodies against the schemas the served document gives, `$ref`s included. */
class ResponseValidator {
  private readonly ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    // The document's components travel with each response schema, so `#/components/schemas/X`
    // resolves inside it; `components` itself is not a validation keyword.
    this.ajv.addKeyword({ keyword: 'components' });
  }

  /** The operation serving this concrete path, if the document describes one. */
  find(method: string, path: string): { template: string; operation: Operation } | null {
    const candidates = Object.entries(this.document.paths).filter(([template, item]) => {
      if (item[method.toLowerCase()] === undefined) return false;
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[A-Za-z]+\\?\}/g, '[^/]+')}$`);
      return pattern.test(path);
    });
    // A literal path wins over a templated one.
    candidates.sort(([a], [b]) => a.split('{').length - b.split('{').length);
    const found = candidates[0];
    return found === undefined ? null : { template: found[0], operation: found[1][method.toLowerCase()] as Operation };
  }

  /** Null when the body matches; otherwise why not. */
  check(method: string, path: string, status: number, contentType: string, body: unknown): string | null {
    const found = this.find(method, path);
    const where = found === null ? key(method, path) : `${found.operation.operationId} (${key(method, found.template)}) ${status}`;
    let schema: Json;
    if (found === null) {
      // Only the not-found handler answers outside the document; it answers the Error shape.
      if (status !== 404) return `${where}: no operation describes this path`;
      schema = { $ref: '#/components/schemas/Error' };
    } else {
      const response = found.operation.responses[String(status)];
      if (response === undefined) return `${where}: status ${status} is not documented (documented: ${Object.keys(found.operation.responses).join(', ')})`;
      const [mediaType, media] = Object.entries(response.content ?? {})[0] ?? [];
      if (mediaType === undefined || media === undefined) return `${where}: no schema`;
      if (!contentType.startsWith(mediaType)) return `${where}: content-type is ${contentType}, not ${mediaType}`;
      schema = media.schema;
    }
    if (found === null && !contentType.startsWith('application/json')) return `${where}: content-type is ${contentType}, not application/json`;
    const cacheKey = `${found?.template ?? 'unknown'} ${method} ${status}`;
    let validate = this.compiled.get(cacheKey);
    if (validate === undefined) {
      validate = this.ajv.compile({ ...schema, components: this.document.components });
      this.compiled.set(cacheKey, validate);
    }
    if (validate(body)) return null;
    return `${where}: body does not match its schema: ${this.ajv.errorsText(validate.errors, { separator: '; ' })}\n  body: ${JSON.stringify(body).slice(0, 500)}`;
  }
}

describe('OpenAPI description (SQLite)', () => {
  let t: TestServer;
  let document: OpenApiDocument;

  beforeAll(async () => {
    t = await startTestServer('sqlite', { overrides: { aclResources: [SHOP_ACL], tokenExchange: capturingExchange } });
    const response = await fetch(`${t.server.url}/rest/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenApiDocument;
  });
  afterAll(() => t.close());

  describe('the document', () => {
    it('is OpenAPI 3.1.0 with a title, a version and the bearer scheme', () => {
      expect(document.openapi).toBe('3.1.0');
      expect(document.info.title).toEqual(expect.any(String));
      expect(document.info.version).toEqual(expect.any(String));
      expect(document.components.securitySchemes.adminToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    });

    it('describes every route Fastify registered, and nothing else', () => {
      // HEAD routes are Fastify's automatic companions of GET routes, not operations of their own;
      // the admin web UI's pages and session (/admin) are the UI's, not the API's.
      const registered = new Set(mockRegisteredRoutes.filter((route) => route.method !== 'HEAD').map((route) => key(route.method, route.url)));
      expect(registered.size).toBeGreaterThan(20);
      const described = new Set(operationsOf(document).map(({ path, method }) => key(method, toFastifyUrl(path))));
      const isWebUi = (route: string): boolean => ADMIN_UI_ROUTES.includes(route);
      const undescribed = [...registered].filter((route) => !described.has(route) && !isWebUi(route));
      const stale = [...described].filter((operation) => !registered.has(operation));
      expect({ undescribed, stale }).toEqual({ undescribed: [], stale: [] });
      for (const { path, method } of operationsOf(document)) {
        expect(t.server.app.hasRoute({ method: method.toUpperCase(), url: toFastifyUrl(path) })).toBe(true);
      }
    });

    it('matches the route list httpRoutes() gives, operation by operation', () => {
      const specs = httpRoutes({} as HttpUseCases, { metrics: ADMIN_METRICS }, () => ({}));
      const fromSpecs = specs.map((spec) => `${spec.operationId} ${key(spec.method, spec.url)}`).sort();
      const fromDocument = operationsOf(document)
        .map(({ path, method, operation }) => `${operation.operationId} ${key(method, toFastifyUrl(path))}`)
        .sort();
      expect(fromDocument).toEqual(fromSpecs);
    });

    it('gives every operation a unique operationId, its path parameters, its success and error answers, and security when signed-in', () => {
      const specs = new Map(httpRoutes({} as HttpUseCases, { metrics: ADMIN_METRICS }, () => ({})).map((spec) => [spec.operationId, spec]));
      const ids = operationsOf(document).map(({ operation }) => operation.operationId);
      expect(new Set(ids).size).toBe(ids.length);
      const problems: string[] = [];
      for (const { path, method, operation } of operationsOf(document)) {
        const name = `${operation.operationId} (${key(method, path)})`;
        const spec = specs.get(operation.operationId);
        if (spec === undefined) {
          problems.push(`${name}: no route spec`);
          continue;
        }
        const statuses = Object.keys(operation.responses).map(Number);
        const expected = [spec.success.status, 500, 503];
        const signedIn = spec.access !== 'anonymous';
        if (signedIn) expected.push(401);
        if (Array.isArray(spec.access) || typeof spec.access === 'object') expected.push(403);
        if (path.includes('{')) expected.push(404);
        if (spec.body !== undefined || spec.query !== undefined) expected.push(400);
        expected.push(...(spec.errors ?? []));
        for (const status of expected) {
          if (!statuses.includes(status)) problems.push(`${name}: no ${status} response`);
        }
        for (const [status, response] of Object.entries(operation.responses)) {
          // The OAuth endpoints answer their own wire format (docs/oauth.md §4) except on an outage or a bug.
          const oauthWire: boolean = spec.wire === 'oauth' && ['200', '400', '401'].includes(status);
          const mediaType = oauthWire
            ? 'application/x-www-form-urlencoded'
            : spec.wire === 'html' && status === '200'
              ? 'text/html'
              : spec.wire === 'text' && status === '200'
                ? 'text/plain'
                : 'application/json';
          const schema = response.content?.[mediaType]?.schema;
          if (schema === undefined) problems.push(`${name}: ${status} has no ${mediaType} schema`);
          const errorSchema = oauthWire ? '#/components/schemas/OAuthProblem' : '#/components/schemas/Error';
          if (Number(status) >= 400 && schema?.$ref !== errorSchema) problems.push(`${name}: error ${status} is not the ${errorSchema} schema`);
        }
        const security = operation.security ?? [];
        if (signedIn && !security.some((requirement) => 'adminToken' in requirement)) problems.push(`${name}: requires a token but declares no security`);
        if (spec.integrations === true && !security.some((requirement) => 'oauth1' in requirement)) problems.push(`${name}: open to integrations but declares no oauth1 security`);
        if (!signedIn && security.length > 0) problems.push(`${name}: anonymous but declares security`);
        if (Array.isArray(spec.access) && JSON.stringify(operation['x-required-resources']) !== JSON.stringify(spec.access)) {
          problems.push(`${name}: x-required-resources differs from the route's`);
        }
        if (typeof spec.access === 'object' && !Array.isArray(spec.access)) {
          const anyOf = (spec.access as { anyOf: readonly string[] }).anyOf;
          if (JSON.stringify(operation['x-required-resources-any-of']) !== JSON.stringify(anyOf)) problems.push(`${name}: x-required-resources-any-of differs from the route's`);
        }
        const declared = new Set((operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name));
        for (const [, parameter] of path.matchAll(/\{([A-Za-z]+)\}/g)) {
          if (!declared.has(parameter ?? '')) problems.push(`${name}: path parameter ${parameter ?? ''} not declared`);
        }
        if (spec.body !== undefined && operation.requestBody === undefined) problems.push(`${name}: body not described`);
      }
      expect(problems).toEqual([]);
    });

    it('describes the query of every paged list: page and pageSize alike, and the integrations grid’s filters and order', () => {
      const queryOf = (path: string): string[] => (document.paths[path]?.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      expect(queryOf('/rest/V1/integrations').sort()).toEqual(['direction', 'email', 'name', 'page', 'pageSize', 'sort', 'status', 'unusedForDays']);
      expect(queryOf('/rest/V1/roles').sort()).toEqual(['page', 'pageSize']);
      expect(queryOf('/rest/V1/admin-users').sort()).toEqual(['page', 'pageSize']);
      const schemaOf = (path: string): Json | undefined => document.paths[path]?.get?.responses['200']?.content?.['application/json']?.schema;
      for (const path of ['/rest/V1/integrations', '/rest/V1/roles', '/rest/V1/admin-users']) {
        expect({ path, required: schemaOf(path)?.required }).toEqual({ path, required: ['items', 'total', 'page', 'pageSize'] });
      }
      expect(document.paths['/rest/V1/acl/resources']?.get).toMatchObject({
        'x-required-resources-any-of': ['Portcullis::acl', 'Portcullis::integrations', 'Portcullis::roles'],
      });
    });

    it('resolves every $ref to a component', () => {
      const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1] ?? '');
      expect(refs.length).toBeGreaterThan(0);
      const dangling = refs.filter((ref) => !ref.startsWith('#/components/schemas/') || document.components.schemas[ref.slice('#/components/schemas/'.length)] === undefined);
      expect([...new Set(dangling)]).toEqual([]);
    });
  });

  it('answers every operation, on its success and error paths, with bodies matching the document', async () => {
    const validator = new ResponseValidator(document);
    const failures: string[] = [];
    const succeeded = new Set<string>();
    const base = t.server.url;

    /** One real HTTP exchange, checked against the document; expects the given status. */
    const call = async (
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      path: string,
      expected: number,
      options: { token?: string; body?: unknown; authorization?: string; headers?: Record<string, string> } = {},
    ): Promise<{ status: number; body: Json & unknown[] & string & boolean; headers: Headers }> => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(options.token !== undefined ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.authorization !== undefined ? { authorization: options.authorization } : {}),
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      const text = await response.text();
      const contentType = response.headers.get('content-type') ?? '';
      let body: unknown;
      if (contentType.startsWith('application/x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(text));
      else if (contentType.startsWith('text/html') || contentType.startsWith('text/plain')) body = text;
      else {
        try {
          body = JSON.parse(text);
        } catch {
          failures.push(`${key(method, path)} ${response.status}: not JSON: ${text.slice(0, 200)}`);
        }
      }
      const problem = validator.check(method, path.split('?')[0] ?? path, response.status, response.headers.get('content-type') ?? '', body);
      if (problem !== null) failures.push(problem);
      if (response.status !== expected) failures.push(`${key(method, path)}: expected ${expected}, got ${response.status}: ${text.slice(0, 300)}`);
      const found = validator.find(method, path.split('?')[0] ?? path);
      if (found !== null && response.status < 300) succeeded.add(found.operation.operationId);
      return { status: response.status, body: body as Json & unknown[] & string & boolean, headers: response.headers };
    };

    // The validator is not vacuous: a wrong body, an extra field or an undocumented status fails.
    expect(validator.check('GET', '/health', 200, 'application/json', { status: 'fine' })).toMatch(/does not match/);
    expect(validator.check('GET', '/rest/V1/roles/x', 404, 'application/json', { message: 'm', code: 'c', stack: 'at …' })).toMatch(/does not match/);
    expect(validator.check('GET', '/rest/V1/roles/x', 200, 'application/json', { id: 'x' })).toMatch(/does not match/);
    expect(validator.check('GET', '/health', 418, 'application/json', {})).toMatch(/not documented/);

    const password = t.adminPassword;
    const I = '/rest/V1/integrations';

    // Service.
    await call('GET', '/health', 200);
    await call('GET', '/ready', 200);
    await call('GET', '/rest/openapi.json', 200);
    await call('GET', '/rest/V1/nothing-here', 404);

    // Sign-in.
    await call('POST', '/rest/V1/integration/admin/token', 400, { body: {} });
    await call('POST', '/rest/V1/integration/admin/token', 401, { body: { username: 'admin', password: 'wrong-password-1' } });
    const token = (await call('POST', '/rest/V1/integration/admin/token', 200, { body: { username: 'admin', password } })).body;
    expect(token).toMatch(/^[0-9a-z]{32}$/);
    await call('GET', I, 401);
    await call('GET', I, 401, { token: 'x'.repeat(32) });

    // ACL tree.
    const tree = (await call('GET', '/rest/V1/acl/resources', 200, { token })).body;
    expect(JSON.stringify(tree)).toContain(R.orders);
    const preview = (await call('POST', '/rest/V1/acl/permissions', 200, { token, body: { resourceAccess: 'custom', resources: [R.orders], excluded: [R.cancel] } })).body;
    expect(JSON.stringify(preview)).toContain('"excluded"');
    await call('POST', '/rest/V1/acl/permissions', 400, { token, body: { resourceAccess: 'custom', resources: ['Nope::nope'] } });

    // Integrations: validation, create, conflicts.
    await call('POST', I, 400, { token, body: { name: '', email: 'not-an-email', resourceAccess: 'some', currentPassword: password } });
    await call('POST', I, 400, { token, body: { name: 'No password', email: 'a@shop.example', resourceAccess: 'all' } });
    await call('POST', I, 400, { token, body: { name: 'Wrong password', email: 'a@shop.example', resourceAccess: 'all', currentPassword: 'not-mine-1' } });
    await call('POST', I, 400, { token, body: { name: 'Unknown resource', email: 'a@shop.example', resourceAccess: 'custom', resources: ['Nope::nope'], currentPassword: password } });
    const orders = (
      await call('POST', I, 201, {
        token,
        body: {
          name: 'Order sync',
          email: 'ops@shop.example',
          endpoint: 'https://erp.example/callback',
          resourceAccess: 'custom',
          resources: [R.orders],
          excluded: [R.cancel],
          currentPassword: password,
        },
      })
    ).body as { integration: { id: string; status: string } };
    expect(orders.integration.status).toBe('inactive');
    const saved = (
      await call('POST', I, 201, { token, body: { name: 'Reporting', email: 'bi@shop.example', resourceAccess: 'all', activate: true, currentPassword: password } })
    ).body as { integration: { id: string }; activation: { mode: string } };
    expect(saved.activation.mode).toBe('local');
    const partner = (
      await call('POST', I, 201, { token, body: { name: 'Partner app', email: 'dev@partner.example', ...HANDSHAKE_URLS, resourceAccess: 'all', activate: true, currentPassword: password } })
    ).body as { integration: { id: string }; activation: { mode: string } };
    expect(partner.activation.mode).toBe('exchange');
    await call('POST', `${I}/${partner.integration.id}/reauthorize`, 200, { token });
    // The third party's handshake (docs/oauth.md §1), signed by oauth-1.0a: refusals and answers in the OAuth wire format.
    const handshake = posted[posted.length - 1] ?? { consumerKey: '', consumerSecret: '', verifier: '' };
    const consumer = { consumerKey: handshake.consumerKey, consumerSecret: handshake.consumerSecret };
    await call('POST', '/oauth/token/request', 400);
    await call('POST', '/oauth/token/request', 401, { authorization: oauth1aHeader({ method: 'POST', url: `${base}/oauth/token/request`, ...consumer, consumerSecret: 'wrong' }) });
    const requestToken = (await call('POST', '/oauth/token/request', 200, { authorization: oauth1aHeader({ method: 'POST', url: `${base}/oauth/token/request`, ...consumer }) }))
      .body as unknown as Record<string, string>;
    const access = (
      await call('POST', '/oauth/token/access', 200, {
        authorization: oauth1aHeader({
          method: 'POST',
          url: `${base}/oauth/token/access`,
          ...consumer,
          token: requestToken.oauth_token ?? '',
          tokenSecret: requestToken.oauth_token_secret ?? '',
          oauthParams: { oauth_verifier: handshake.verifier },
        }),
      })
    ).body as unknown as Record<string, string>;
    // The integration (All resources) calls the routes open to integrations.
    const signedGet = (path: string): string =>
      oauth1aHeader({ method: 'GET', url: `${base}${path}`, ...consumer, token: access.oauth_token ?? '', tokenSecret: access.oauth_token_secret ?? '' });
    await call('GET', '/rest/V1/acl/resources', 200, { authorization: signedGet('/rest/V1/acl/resources') });
    await call('GET', `${I}?pageSize=5`, 200, { authorization: signedGet(`${I}?pageSize=5`) });
    await call('GET', '/admin/integrations/login-success', 200);
    // Forward-auth, as a gateway asks it.
    const gateway = (resources: string): Record<string, string> => ({ 'x-original-method': 'GET', 'x-original-uri': '/rest/V1/orders?id=1', 'x-required-resources': resources });
    await call('GET', '/rest/V1/authorize', 200, { authorization: signedGet('/rest/V1/orders?id=1'), headers: gateway(R.orders) });
    await call('POST', '/rest/V1/authorize', 200, { token, headers: gateway(R.orders) });
    await call('GET', '/rest/V1/authorize', 200, { headers: gateway('anonymous') });
    await call('GET', '/rest/V1/authorize', 400, { token });
    await call('GET', '/rest/V1/authorize', 401, { headers: gateway(R.orders) });
    await call('POST', `${I}/${partner.integration.id}/revoke`, 200, { token });
    await call('GET', '/rest/V1/acl/resources', 401, { authorization: signedGet('/rest/V1/acl/resources') });
    await call('POST', `${I}/no-such-integration/revoke`, 404, { token });
    await call('POST', I, 409, { token, body: { name: 'Order sync', email: 'x@shop.example', resourceAccess: 'all', currentPassword: password } });

    // List, get, update.
    const page = (await call('GET', `${I}?page=1&pageSize=1&status=inactive&name=order`, 200, { token })).body as { total: number };
    expect(page.total).toBe(1);
    await call('GET', `${I}?pageSize=1000`, 400, { token });
    await call('GET', `${I}/${orders.integration.id}`, 200, { token });
    await call('GET', `${I}/no-such-id`, 404, { token });
    await call('PUT', `${I}/${orders.integration.id}`, 200, { token, body: { name: 'Order sync (ERP)', endpoint: null, currentPassword: password } });
    await call('PUT', `${I}/${orders.integration.id}`, 409, { token, body: { name: 'Reporting', currentPassword: password } });
    await call('PUT', `${I}/${orders.integration.id}`, 400, { token, body: { email: 'nope', currentPassword: password } });
    await call('PUT', `${I}/no-such-id`, 404, { token, body: { name: 'Ghost', currentPassword: password } });

    // Activation, credentials, reauthorization, permissions.
    await call('GET', `${I}/${orders.integration.id}/credentials`, 422, { token });
    await call('POST', `${I}/${orders.integration.id}/reauthorize`, 422, { token });
    await call('POST', `${I}/${orders.integration.id}/activate`, 200, { token });
    await call('POST', `${I}/${orders.integration.id}/activate`, 409, { token });
    await call('POST', `${I}/no-such-id/activate`, 404, { token });
    const credentials = (await call('GET', `${I}/${orders.integration.id}/credentials`, 200, { token })).body as { accessToken: string };
    const reauthorized = (await call('POST', `${I}/${orders.integration.id}/reauthorize`, 200, { token })).body as {
      activation: { credentials: { accessToken: string } };
    };
    expect(reauthorized.activation.credentials.accessToken).not.toBe(credentials.accessToken);
    await call('POST', `${I}/${orders.integration.id}/reauthorize`, 200, { token, body: { graceSeconds: 60 } });
    await call('POST', `${I}/${orders.integration.id}/rotate-secret`, 200, { token, body: { graceSeconds: 60 } });
    await call('POST', `${I}/${orders.integration.id}/rotate-secret`, 200, { token });
    await call('POST', `${I}/${orders.integration.id}/rotate-secret`, 400, { token, body: { graceSeconds: 604801 } });
    await call('POST', `${I}/no-such-id/rotate-secret`, 404, { token });
    await call('GET', `${I}/no-such-id/credentials`, 404, { token });
    await call('GET', `${I}/${orders.integration.id}/permissions`, 200, { token });
    await call('GET', `${I}/no-such-id/permissions`, 404, { token });
    await call('GET', `${I}/${orders.integration.id}/history?pageSize=2`, 200, { token });
    await call('GET', `${I}/no-such-id/history`, 404, { token });
    await call('GET', `${I}/${orders.integration.id}/history?page=0`, 400, { token });
    await call('GET', `/rest/V1/audit?pageSize=5&action=integration.created`, 200, { token });
    await call('GET', `/rest/V1/audit?from=yesterday`, 400, { token });
    await call('GET', '/rest/V1/audit', 401, {});
    // Usage and metrics.
    const usage = (await call('GET', `${I}/${saved.integration.id}/usage?from=2026-01-01&to=2026-01-02T00:00:00Z`, 200, { token })).body as unknown as { hours: unknown[] };
    expect(usage.hours).toEqual([]);
    await call('GET', `${I}/${saved.integration.id}/usage`, 200, { token });
    await call('GET', `${I}/${saved.integration.id}/usage?from=yesterday`, 400, { token });
    await call('GET', `${I}/no-such-id/usage`, 404, { token });
    await call('GET', '/metrics', 401);
    expect(String((await call('GET', '/metrics', 200, { token })).body)).toContain('portcullis_guard_decisions_total');

    // Roles.
    const R_ = '/rest/V1/roles';
    const roles = (await call('GET', `${R_}?page=1&pageSize=50`, 200, { token })).body as { items: Array<{ name: string }> };
    expect(roles.items.map((role) => role.name)).toContain('Administrators');
    await call('GET', `${R_}?pageSize=1000`, 400, { token });
    await call('POST', R_, 400, { token, body: { name: 'x'.repeat(51), resourceAccess: 'custom', currentPassword: password } });
    const role = (
      await call('POST', R_, 201, { token, body: { name: 'Integration managers', resourceAccess: 'custom', resources: ['Portcullis::integrations'], currentPassword: password } })
    ).body as { id: string };
    await call('POST', R_, 409, { token, body: { name: 'Integration managers', resourceAccess: 'all', currentPassword: password } });
    await call('GET', `${R_}/${role.id}`, 200, { token });
    await call('GET', `${R_}/no-such-id`, 404, { token });
    await call('PUT', `${R_}/${role.id}`, 200, { token, body: { resourceAccess: 'custom', resources: ['Portcullis::integrations', R.customers], currentPassword: password } });
    await call('PUT', `${R_}/${role.id}`, 409, { token, body: { name: 'Administrators', currentPassword: password } });
    await call('PUT', `${R_}/no-such-id`, 404, { token, body: { name: 'Ghost', currentPassword: password } });
    await call('GET', `${R_}/${role.id}/permissions`, 200, { token });
    await call('GET', `${R_}/no-such-id/permissions`, 404, { token });

    // Admin users.
    const U = '/rest/V1/admin-users';
    const users = (await call('GET', U, 200, { token })).body as { items: Array<{ id: string; username: string; roleName: string | null }> };
    const adminId = users.items.find((user) => user.username === 'admin')?.id ?? '';
    expect(users.items.find((user) => user.id === adminId)?.roleName).toBe('Administrators');
    await call('GET', `${U}?page=0`, 400, { token });
    await call('POST', U, 400, { token, body: { username: 'has space', firstName: '', lastName: 'L', email: 'x', password: 'p', roleId: role.id, currentPassword: password } });
    await call('POST', U, 400, {
      token,
      body: { username: 'weak', firstName: 'W', lastName: 'Eak', email: 'weak@shop.example', password: 'short', roleId: role.id, currentPassword: password },
    });
    const user = (
      await call('POST', U, 201, {
        token,
        body: { username: 'jane', firstName: 'Jane', lastName: 'Doe', email: 'jane@shop.example', password: 'jane-pass-1', roleId: role.id, currentPassword: password },
      })
    ).body as { id: string };
    await call('POST', U, 409, {
      token,
      body: { username: 'jane', firstName: 'Jane', lastName: 'Again', email: 'jane2@shop.example', password: 'jane-pass-2', roleId: role.id, currentPassword: password },
    });
    await call('GET', `${U}/${user.id}`, 200, { token });
    await call('GET', `${U}/no-such-id`, 404, { token });
    await call('PUT', `${U}/${user.id}`, 200, { token, body: { lastName: 'Roe', password: 'jane-pass-3', currentPassword: password } });
    await call('PUT', `${U}/${adminId}`, 422, { token, body: { active: false, currentPassword: password } });
    await call('PUT', `${U}/no-such-id`, 404, { token, body: { firstName: 'Ghost', currentPassword: password } });
    // Locked Users > Unlock: jane locked out by six failures, unlocked by the admin.
    for (let i = 0; i < 6; i += 1) await call('POST', '/rest/V1/integration/admin/token', 401, { body: { username: 'jane', password: `wrong-pass-${i}` } });
    const lockedJane = ((await call('GET', `${U}?pageSize=200`, 200, { token })).body as { items: Array<{ username: string; lockedUntil: string | null }> }).items.find(
      (item) => item.username === 'jane',
    );
    expect(lockedJane?.lockedUntil).toEqual(expect.any(String));
    const unlocked = (await call('POST', `${U}/${user.id}/unlock`, 200, { token })).body as { wasLockedUntil: string | null };
    expect(unlocked.wasLockedUntil).toBe(lockedJane?.lockedUntil);
    await call('POST', `${U}/no-such-id/unlock`, 404, { token });

    // A limited admin: 403 where the role lacks the resource, 200 where it has it.
    const janeToken = (await call('POST', '/rest/V1/integration/admin/token', 200, { body: { username: 'jane', password: 'jane-pass-3' } })).body;
    await call('GET', I, 200, { token: janeToken });
    await call('GET', '/rest/V1/authorize', 403, { token: janeToken, headers: gateway('Portcullis::roles') });
    await call('GET', R_, 403, { token: janeToken });
    await call('GET', U, 403, { token: janeToken });
    await call('GET', '/rest/V1/audit', 403, { token: janeToken });
    // Jane manages integrations: she reads the tree the integration form picks from.
    await call('GET', '/rest/V1/acl/resources', 200, { token: janeToken });
    await call('POST', I, 403, { token: janeToken, body: { name: 'Too much', email: 'j@shop.example', resourceAccess: 'all', currentPassword: 'jane-pass-3' } });
    await call('DELETE', '/rest/V1/integration/admin/token', 200, { token: janeToken });
    await call('GET', I, 401, { token: janeToken });
    await call('DELETE', '/rest/V1/integration/admin/token', 401, { token: janeToken });

    // Deletions.
    await call('DELETE', `${I}/${saved.integration.id}`, 200, { token });
    await call('DELETE', `${I}/${saved.integration.id}`, 404, { token });
    await call('DELETE', `${U}/${adminId}`, 422, { token });
    await call('DELETE', `${U}/${user.id}`, 200, { token });
    await call('DELETE', `${U}/${user.id}`, 404, { token });
    await call('DELETE', `${R_}/${role.id}`, 200, { token });
    await call('DELETE', `${R_}/${role.id}`, 404, { token });

    expect(failures).toEqual([]);
    // A route added without a call here fails this test: every operation answered with success at least once.
    const missing = operationsOf(document)
      .map(({ operation }) => operation.operationId)
      .filter((id) => !succeeded.has(id));
    expect(missing).toEqual([]);
  });
});
