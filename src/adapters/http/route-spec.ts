import { type ClassConstructor } from 'class-transformer';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type IntegrationCaller } from '../../application/oauth/authorize-integration-call.use-case';
import { type AdminPrincipal } from '../../application/use-cases/admin-auth/authorize-admin.use-case';
import { percentEncode } from '../../domain/oauth/percent-encoding';

type Schema = Readonly<Record<string, unknown>>;

/** What a route handler receives: parsed, validated input and the signed-in admin. */
export interface RouteContext<B, Q> {
  readonly body: B;
  readonly query: Q;
  readonly params: Readonly<Record<string, string>>;
  /** Null on anonymous routes, and for an integration's OAuth-signed call (see `integrations`). */
  readonly principal: AdminPrincipal | null;
  /** The integration of an OAuth-signed call, on routes that allow them; null otherwise. */
  readonly caller: IntegrationCaller | null;
  /** The bearer token as sent (sign-out revokes it). */
  readonly token: string | undefined;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

/**
 * One endpoint, declared once: the server registers it and the OpenAPI document describes it
 * from the same object, so the two cannot drift apart.
 */
export interface RouteSpec<B = unknown, Q = unknown> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify syntax (`/rest/V1/integrations/:id`). */
  readonly url: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  /**
   * Resources the admin's role must allow (all of them), `{ anyOf }` for at least one of them,
   * `signed-in` for any admin, or `anonymous`.
   */
  readonly access: 'anonymous' | 'signed-in' | readonly string[] | { readonly anyOf: readonly string[] };
  /**
   * Integrations may call this read-only route with an OAuth 1.0a signed request (their grant
   * must allow `access`); the handler then gets `caller` and no `principal`.
   */
  readonly integrations?: boolean;
  /**
   * Integrations may call this route with their access token as `Authorization: Bearer`, whatever
   * `guard.integrationBearer` says (their grant must allow `access`): for clients that cannot sign
   * OAuth 1.0a, such as Prometheus on GET /metrics. The handler then gets no `principal`.
   */
  readonly bearerIntegrations?: boolean;
  /**
   * `oauth`: an OAuth 1.0a token endpoint (docs/oauth.md §4), answered `application/x-www-form-urlencoded`
   * (the handler returns `formAnswer(...)`, refusals included); `html`: a page (the handler returns
   * a RawAnswer); `text`: plain text (a RawAnswer, e.g. the metrics); `json` (default) otherwise.
   */
  readonly wire?: 'json' | 'oauth' | 'html' | 'text';
  /** A class-validator DTO, or a JSON Schema for bodies the use case checks itself. */
  readonly body?: ClassConstructor<object> | { readonly schema: Schema };
  readonly query?: ClassConstructor<object>;
  /**
   * False for a route that changes nothing the audit trail records and answers often (forward-auth,
   * on every request a gateway guards): its handling skips naming the request as the source of
   * audit entries. Default true.
   */
  readonly audited?: boolean;
  /** The body carries `currentPassword`, checked before the handler runs (Magento's "Your Password"). */
  readonly confirmsPassword?: boolean;
  readonly success: { readonly status: number; readonly description: string; readonly schema: Schema };
  /** Statuses this route can answer besides 401/403/400/404/500/503, which are derived. */
  readonly errors?: readonly number[];
  /** Overrides of the derived error descriptions (e.g. a 401 that is not about a bearer token). */
  readonly errorDescriptions?: Readonly<Record<number, string>>;
  handle(context: RouteContext<B, Q>): Promise<unknown>;
}

/** An answer that is not JSON: an OAuth endpoint's form-encoded fields, or a small HTML page. */
export class RawAnswer {
  constructor(
    readonly status: number,
    readonly contentType: string,
    readonly body: string,
  ) {}
}

/**
 * `oauth_token=…&oauth_token_secret=…` or `oauth_problem=…`, encoded as RFC 3986 requires (as
 * OAuth clients decode it; `+` never stands for a space).
 */
export function formAnswer(status: number, fields: Readonly<Record<string, string>>): RawAnswer {
  const body = Object.entries(fields)
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
    .join('&');
  return new RawAnswer(status, 'application/x-www-form-urlencoded', body);
}

/** Keeps the DTO types of one route while letting routes of every type sit in one list. */
export function route<B = unknown, Q = unknown>(spec: RouteSpec<B, Q>): RouteSpec {
  return spec;
}

export function isDtoClass(body: RouteSpec['body']): body is ClassConstructor<object> {
  return typeof body === 'function';
}

/** The resources a route asks of the caller's grant; null for anonymous and any-admin routes. */
export function requiredResourcesOf(spec: RouteSpec): { readonly all: readonly string[]; readonly anyOf?: readonly string[] } | null {
  if (spec.access === 'anonymous' || spec.access === 'signed-in') return null;
  return isAnyOf(spec.access) ? { all: [], anyOf: spec.access.anyOf } : { all: spec.access };
}

function isAnyOf(access: RouteSpec['access']): access is { readonly anyOf: readonly string[] } {
  return typeof access === 'object' && !Array.isArray(access);
}

/** The error statuses a route can answer, each with a description. */
export function errorStatusesOf(spec: RouteSpec): ReadonlyMap<number, string> {
  const statuses = new Map<number, string>();
  if (spec.body !== undefined || spec.query !== undefined || spec.confirmsPassword === true) {
    statuses.set(400, 'Invalid input: every invalid field is named in `errors`.');
  }
  if (spec.access !== 'anonymous') {
    statuses.set(
      401,
      spec.integrations === true
        ? 'No bearer token, or an unknown, revoked or expired one; or an OAuth-signed call refused (the message is one of docs/oauth.md §4).'
        : spec.bearerIntegrations === true
          ? "No bearer token, or an unknown, revoked or expired one (an admin's, or an integration's access token)."
          : 'No bearer token, or an unknown, revoked or expired one.',
    );
  }
  if (requiredResourcesOf(spec) !== null) statuses.set(403, 'The admin role lacks a required resource (named in `parameters.resources`), or the change would grant more than the admin holds.');
  if (spec.url.includes(':')) statuses.set(404, 'No such record.');
  for (const status of spec.errors ?? []) statuses.set(status, DEFAULT_DESCRIPTIONS[status] ?? 'Refused.');
  statuses.set(500, 'Unexpected error (logged; no details are sent).');
  statuses.set(503, 'The database is unavailable; retry after the `Retry-After` seconds.');
  for (const [status, text] of Object.entries(spec.errorDescriptions ?? {})) statuses.set(Number(status), text);
  return statuses;
}

const DEFAULT_DESCRIPTIONS: Readonly<Record<number, string>> = {
  409: 'Conflict: the name is taken, or the state does not allow the operation.',
  422: 'A rule of the domain refuses the operation (the message says which).',
  502: "The third party's callback URL refused the OAuth credentials or could not be reached (token exchange).",
};
