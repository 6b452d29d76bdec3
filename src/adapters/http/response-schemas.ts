import { REFUSAL_REASONS } from '../../domain/usage/usage';

/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 uses) of every answer body. Fastify serialises responses
 * with them, so they also whitelist what leaves the server: a field not listed is never sent.
 */
type Schema = Readonly<Record<string, unknown>>;

const dateTime: Schema = { type: 'string', format: 'date-time' };
const nullableDateTime: Schema = { type: ['string', 'null'], format: 'date-time' };
const nullableUrl: Schema = { type: ['string', 'null'] };
const nullableString: Schema = { type: ['string', 'null'] };
const stringList: Schema = { type: 'array', items: { type: 'string' } };

function object(properties: Record<string, Schema>, optional: readonly string[] = []): Schema {
  return {
    type: 'object',
    additionalProperties: false,
    properties,
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
  };
}

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** One page of a paged list (integrations, roles, admin users, audit entries): the same four fields for each. */
const page = (item: Schema): Schema =>
  object({ items: { type: 'array', items: item }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } });

export const SCHEMAS: Readonly<Record<string, Schema>> = {
  Error: object(
    {
      message: { type: 'string' },
      code: { type: 'string' },
      parameters: { type: 'object', additionalProperties: true },
      errors: { type: 'array', items: object({ field: { type: 'string' }, message: { type: 'string' } }) },
    },
    ['parameters', 'errors'],
  ),
  /** A refusal of the OAuth token endpoints, `application/x-www-form-urlencoded` (docs/oauth.md §4). */
  OAuthProblem: object({ oauth_problem: { type: 'string' } }),
  GrantView: object({ resourceAccess: { enum: ['all', 'custom'] }, resources: stringList, excluded: stringList }),
  IntegrationSummary: object({
    id: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    endpoint: nullableUrl,
    identityLinkUrl: nullableUrl,
    status: { enum: ['inactive', 'active', 'reset'] },
    setupType: { enum: ['manual', 'config'] },
    notSecure: { type: 'boolean' },
    usesTokenExchange: { type: 'boolean' },
    createdAt: dateTime,
    updatedAt: dateTime,
    lastUsedAt: nullableDateTime,
    statusReason: { type: ['string', 'null'] },
    orphaned: { type: 'boolean' },
    policy: ref('CredentialPolicy'),
  }),
  /** Expiry, client addresses and rate limit of an integration's credentials. */
  CredentialPolicy: object({
    expiresAt: { ...nullableDateTime, description: 'Calls are refused from then on (401 "The access token has expired"); null: never.' },
    allowedIps: { ...stringList, description: 'CIDR ranges (IPv4, IPv6) calls may come from; empty: anywhere.' },
    rateLimit: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { limit: { type: 'integer', minimum: 1 }, windowSeconds: { type: 'integer', minimum: 1 } },
      required: ['limit', 'windowSeconds'],
      description: 'At most `limit` requests per `windowSeconds` (a token bucket); null: no limit.',
    },
  }),
  Credentials: object({
    consumerKey: { type: 'string' },
    consumerSecret: { type: 'string' },
    accessToken: { type: 'string' },
    accessTokenSecret: { type: 'string' },
  }),
  Activation: {
    oneOf: [
      object({ mode: { const: 'local' }, credentials: ref('Credentials'), previousTokenValidUntil: dateTime }, ['previousTokenValidUntil']),
      object({ mode: { const: 'exchange' }, identityLinkUrl: { type: 'string' }, consumerKey: { type: 'string' } }),
    ],
  },
  Role: object({
    id: { type: 'string' },
    name: { type: 'string' },
    access: ref('GrantView'),
    readOnly: { type: 'boolean', description: 'Its admins may only use GET, HEAD and OPTIONS on routes that require resources.' },
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
  AdminUser: object({
    id: { type: 'string' },
    username: { type: 'string' },
    firstName: { type: 'string' },
    lastName: { type: 'string' },
    email: { type: 'string' },
    active: { type: 'boolean' },
    roleId: { type: 'string' },
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
  AclNode: object({
    id: { type: 'string' },
    title: { type: 'string' },
    sortOrder: { type: 'integer' },
    children: { type: 'array', items: ref('AclNode') },
  }),
  /** One entry of the audit trail (the same fields as `portcullis audit:export`'s lines). */
  AuditEntry: object({
    seq: { type: 'integer' },
    occurredAt: dateTime,
    actor: object({ kind: { enum: ['admin', 'system', 'cli', 'config-sync', 'anonymous', 'integration'] }, id: nullableString, name: nullableString }),
    action: { type: 'string' },
    target: object({ kind: { enum: ['integration', 'role', 'admin_user', 'config'] }, id: nullableString, name: nullableString }),
    source: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { ip: nullableString, userAgent: nullableString, requestId: nullableString },
      required: ['ip', 'userAgent', 'requestId'],
    },
    details: { type: 'object', additionalProperties: true },
    prevHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  }),
  Permissions: object({
    access: ref('GrantView'),
    permissions: {
      type: 'array',
      items: object(
        {
          resourceId: { type: 'string' },
          title: { type: 'string' },
          parentId: { type: ['string', 'null'] },
          depth: { type: 'integer' },
          allowed: { type: 'boolean' },
          reason: {
            type: 'object',
            additionalProperties: false,
            properties: { kind: { enum: ['all', 'selected', 'implied', 'path', 'excluded', 'not-granted'] }, by: { type: 'string' }, to: stringList },
            required: ['kind'],
          },
        },
      ),
    },
  }),
};

/** An integration with its access; the summary's fields plus `access`. */
const integrationProperties = (SCHEMAS.IntegrationSummary as { properties: Record<string, Schema> }).properties;
const policyProperties = (SCHEMAS.CredentialPolicy as { properties: Record<string, Schema> }).properties;
export const INTEGRATION_VIEW: Schema = object({
  ...integrationProperties,
  access: ref('GrantView'),
  policy: object({ ...policyProperties, readOnly: { type: 'boolean', description: 'Only GET, HEAD and OPTIONS on what `access` allows.' } }),
});

/** A row of the integrations grid: the summary's fields plus the allowed calls of the last 24 hours. */
export const INTEGRATION_LIST_ITEM: Schema = object({
  ...integrationProperties,
  calls24h: { type: 'integer', minimum: 0, description: 'Allowed calls in the current hour (UTC) and the 23 before it.' },
});

/** Refused calls by reason: only reasons with calls appear. */
const refusedCalls: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(REFUSAL_REASONS.map((reason) => [reason, { type: 'integer', minimum: 1 }])),
  description: `Refused calls by reason (${REFUSAL_REASONS.join(', ')}); a reason with none is left out.`,
};

/** An integration's calls per hour (GET /rest/V1/integrations/{id}/usage). */
export const INTEGRATION_USAGE: Schema = object({
  integrationId: { type: 'string' },
  from: dateTime,
  to: dateTime,
  hours: {
    type: 'array',
    description: 'Hours (UTC, by their start) with at least one call, in order.',
    items: object({ hour: dateTime, allowed: { type: 'integer', minimum: 0 }, refused: refusedCalls }),
  },
  totals: object({ allowed: { type: 'integer', minimum: 0 }, refused: refusedCalls }),
});

/**
 * A row of the All Users grid: the user's fields plus their role's name (null when it was deleted)
 * and until when their sign-in is locked after too many failures (null when it is not).
 */
const adminUserProperties = (SCHEMAS.AdminUser as { properties: Record<string, Schema> }).properties;
export const ADMIN_USER_LIST_ITEM: Schema = object({ ...adminUserProperties, roleName: { type: ['string', 'null'] }, lockedUntil: nullableDateTime });

export const RESPONSES = {
  /** Who a guarded request acts for. */
  principal: {
    oneOf: [
      object({ kind: { const: 'integration' }, integrationId: { type: 'string' }, name: { type: 'string' } }),
      object({ kind: { const: 'admin' }, adminUserId: { type: 'string' }, username: { type: 'string' } }),
      object({ kind: { const: 'anonymous' } }),
    ],
  },
  /** `application/x-www-form-urlencoded` answer of the OAuth token endpoints, described as its fields. */
  oauthTokenPair: object({
    oauth_token: { type: 'string', pattern: '^[0-9a-z]{32}$' },
    oauth_token_secret: { type: 'string', pattern: '^[0-9a-z]{32}$' },
  }),
  integrationPage: page(ref('IntegrationListItem')),
  integrationUsage: ref('IntegrationUsage'),
  /** Prometheus's text exposition format. */
  metrics: { type: 'string', description: 'Prometheus text format (version 0.0.4).' },
  integration: ref('Integration'),
  rotatedSecret: object({ integration: ref('Integration'), consumerKey: { type: 'string' }, consumerSecret: { type: 'string' }, previousSecretValidUntil: dateTime }),
  savedIntegration: object({ integration: ref('Integration'), activation: ref('Activation') }, ['activation']),
  activatedIntegration: object({ integration: ref('Integration'), activation: ref('Activation') }),
  deletedIntegration: object({ id: { type: 'string' }, name: { type: 'string' } }),
  credentials: ref('Credentials'),
  permissions: ref('Permissions'),
  aclTree: { type: 'array', items: ref('AclNode') },
  role: ref('Role'),
  rolePage: page(ref('Role')),
  deletedRole: object({ id: { type: 'string' }, name: { type: 'string' }, usersWithoutRole: { type: 'integer' } }),
  adminUser: ref('AdminUser'),
  adminUserPage: page(ref('AdminUserListItem')),
  deletedAdminUser: object({ id: { type: 'string' }, username: { type: 'string' } }),
  unlockedAdminUser: object({ id: { type: 'string' }, username: { type: 'string' }, wasLockedUntil: nullableDateTime }),
  auditPage: page(ref('AuditEntry')),
  token: { type: 'string', description: 'The admin bearer token.' },
  boolean: { type: 'boolean' },
  health: object({ status: { const: 'ok' } }),
  ready: object({ status: { const: 'ready' }, database: { const: 'up' } }),
} as const;

export const ALL_SCHEMAS: Readonly<Record<string, Schema>> = {
  ...SCHEMAS,
  Integration: INTEGRATION_VIEW,
  IntegrationListItem: INTEGRATION_LIST_ITEM,
  IntegrationUsage: INTEGRATION_USAGE,
  AdminUserListItem: ADMIN_USER_LIST_ITEM,
};
