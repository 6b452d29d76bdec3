import { type MetadataStorage } from 'class-transformer/types/MetadataStorage';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the storage module ships without its own typings path
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };
import { ValidationTypes } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { ALL_SCHEMAS } from './response-schemas';
import { errorStatusesOf, isDtoClass, requiredResourcesOf, type RouteSpec } from './route-spec';

type Schema = Record<string, unknown>;

const FORM = 'application/x-www-form-urlencoded';

export interface OpenApiInfo {
  readonly version: string;
  /** Where clients reach the server (PUBLIC_BASE_URL); omitted from the document when unknown. */
  readonly publicBaseUrl?: string;
}

/** The OpenAPI 3.1 document of the given routes, from the same specs the server registers. */
export function buildOpenApi(routes: readonly RouteSpec[], info: OpenApiInfo): Schema {
  const dtoSchemas = validationMetadatasToSchemas({
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: '#/components/schemas/',
    // The one custom rule (PlainText, the text rule) adds no keyword; the default converter would
    // guess a type from the property's design type (`Object` for `string | null`).
    additionalConverters: { [ValidationTypes.CUSTOM_VALIDATION]: {} },
  }) as Record<string, Schema>;
  const paths: Record<string, Record<string, unknown>> = {};
  const usedDtos = new Set<string>();
  for (const spec of routes) {
    const path = spec.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const operation: Schema = {
      operationId: spec.operationId,
      summary: spec.summary,
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      tags: [spec.tag],
      security:
        spec.access === 'anonymous'
          ? []
          : spec.integrations === true
            ? [{ adminToken: [] }, { oauth1: [] }]
            : spec.bearerIntegrations === true
              ? [{ adminToken: [] }, { integrationToken: [] }]
              : [{ adminToken: [] }],
      ...requiredResourcesExtensions(spec),
    };
    const parameters = [...pathParameters(spec.url), ...(spec.query !== undefined ? queryParameters(dtoSchemas[spec.query.name]) : [])];
    if (parameters.length > 0) operation.parameters = parameters;
    if (spec.query !== undefined) usedDtos.add(spec.query.name);
    if (spec.body !== undefined) {
      const schema = isDtoClass(spec.body) ? { $ref: `#/components/schemas/${spec.body.name}` } : spec.body.schema;
      if (isDtoClass(spec.body)) usedDtos.add(spec.body.name);
      operation.requestBody = { required: true, content: { 'application/json': { schema } } };
    }
    const wire = spec.wire ?? 'json';
    const successType = wire === 'oauth' ? FORM : wire === 'html' ? 'text/html' : wire === 'text' ? 'text/plain' : 'application/json';
    const responses: Record<string, unknown> = {
      [String(spec.success.status)]: { description: spec.success.description, content: { [successType]: { schema: spec.success.schema } } },
    };
    for (const [status, description] of errorStatusesOf(spec)) {
      // The OAuth endpoints refuse in the OAuth wire format; an outage or a bug is still JSON.
      responses[String(status)] =
        wire === 'oauth' && (status === 400 || status === 401)
          ? { description, content: { [FORM]: { schema: { $ref: '#/components/schemas/OAuthProblem' } } } }
          : { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    operation.responses = responses;
    (paths[path] ??= {})[spec.method.toLowerCase()] = operation;
  }
  const components: Record<string, Schema> = { ...ALL_SCHEMAS };
  // The bodies' nested classes (a policy in an integration body) are components too.
  for (const name of usedDtos) {
    const schema = dtoSchemas[name];
    if (schema === undefined) continue;
    components[name] = schema;
    for (const nested of dtoRefsOf(schema)) usedDtos.add(nested);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Portcullis admin API',
      version: info.version,
      description: 'Integrations, roles, admin users and the ACL of Portcullis (Magento-compatible admin sign-in).',
    },
    ...(info.publicBaseUrl !== undefined ? { servers: [{ url: info.publicBaseUrl }] } : {}),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'From POST /rest/V1/integration/admin/token.' },
        integrationToken: {
          type: 'http',
          scheme: 'bearer',
          description: "An integration's access token, on the routes that take it as bearer (GET /metrics) whatever ALLOW_INTEGRATION_BEARER says.",
        },
        oauth1: {
          type: 'http',
          scheme: 'OAuth',
          description: "OAuth 1.0a (RFC 5849) signed with an active integration's consumer secret and access token secret (HMAC-SHA256 or HMAC-SHA1).",
        },
      },
    },
  };
}

/** `x-required-resources` (all of them) or `x-required-resources-any-of` (at least one). */
function requiredResourcesExtensions(spec: RouteSpec): Schema {
  const required = requiredResourcesOf(spec);
  if (required === null) return {};
  return required.anyOf !== undefined ? { 'x-required-resources-any-of': required.anyOf } : { 'x-required-resources': required.all };
}

function pathParameters(url: string): Schema[] {
  return [...url.matchAll(/:([A-Za-z]+)/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: { type: 'string' } }));
}

function queryParameters(schema: Schema | undefined): Schema[] {
  const properties = (schema?.properties ?? {}) as Record<string, Schema>;
  const required = (schema?.required ?? []) as string[];
  return Object.entries(properties).map(([name, property]) => ({ name, in: 'query', required: required.includes(name), schema: property }));
}

/** The names of the components `schema` refers to (`#/components/schemas/<name>`), at any depth. */
function dtoRefsOf(schema: unknown): string[] {
  const text = JSON.stringify(schema);
  return [...text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1] ?? '');
}
