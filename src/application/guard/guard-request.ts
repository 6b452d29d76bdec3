import { isOAuthAuthorization } from '../../domain/oauth/authorization-header';
import { isFormUrlEncoded, splitRequestTarget } from '../../domain/oauth/oauth-request';
import { RouteUndeclaredError } from './guard.errors';
import { type RequiredAccess, type RouteTable } from './route-table';

/**
 * Request normalisation shared by the guard's edges (the Fastify plugin, the Express middleware and
 * the standalone server's forward-auth route), so that they describe a request to AuthorizeRequest
 * the same way and look routes up the same way. Each edge only reads its framework's request.
 */

/** A request as any HTTP framework (or a gateway's forward-auth call) can describe it. */
export interface GuardRequest {
  readonly method: string;
  /** Path and query exactly as the client sent them (`/rest/V1/orders?x=%2F`). */
  readonly url: string;
  /** Header names in any case; a repeated header as a list. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body, when it is `application/x-www-form-urlencoded` (its parameters are signed). */
  readonly formBody?: string;
  /**
   * `scheme://host[:port]` the client addressed, for OAuth signatures: the configured public base
   * URL, or what the framework saw (honouring `X-Forwarded-*` only behind trusted proxies).
   */
  readonly baseUrl: string;
  /**
   * The client's IP address, for IP allowlists: the socket's peer, or the address a trusted proxy
   * or gateway reports (`X-Forwarded-For`, forward-auth) only when the edge trusts proxies
   * (TRUST_PROXY). Undefined when unknown: an integration with an allowlist is then refused.
   */
  readonly clientAddress?: string | undefined;
}

/** A request as an edge saw it, before the guard's normalisation. */
export interface EdgeRequest {
  readonly method: string;
  /** The request target exactly as the client sent it: raw path and query. */
  readonly url: string;
  readonly headers: GuardRequest['headers'];
  /** The raw body, when the edge read it because the guard needs it (see needsRawFormBody). */
  readonly formBody?: string | undefined;
  /**
   * The scheme and Host the framework saw (it honours `X-Forwarded-*` only behind the proxies it
   * trusts); used only when no public base URL is configured.
   */
  readonly protocol: string;
  readonly host: string;
  /** The client's address as the framework saw it (honouring proxies only when it trusts them). */
  readonly clientAddress?: string | undefined;
}

/**
 * The base URL OAuth signatures are checked against: the configured public base URL (PUBLIC_BASE_URL,
 * `publicBaseUrl`) when there is one, else `scheme://host[:port]` as the framework saw it.
 */
export function baseUrlOf(publicBaseUrl: string | undefined, protocol: string, host: string): string {
  return publicBaseUrl ?? `${protocol}://${host}`;
}

/** What AuthorizeRequest takes of a request an edge saw (the form body only when the edge has it). */
export function guardRequestOf(seen: EdgeRequest, publicBaseUrl: string | undefined): GuardRequest {
  const baseUrl = baseUrlOf(publicBaseUrl, seen.protocol, seen.host);
  // Two literals rather than a spread: this runs on every guarded request.
  return seen.formBody === undefined
    ? { method: seen.method, url: seen.url, headers: seen.headers, baseUrl, clientAddress: seen.clientAddress }
    : { method: seen.method, url: seen.url, headers: seen.headers, formBody: seen.formBody, baseUrl, clientAddress: seen.clientAddress };
}

/** The two request headers that decide whether the guard needs the raw body (Node names them so). */
export interface BodyDecidingHeaders {
  readonly 'content-type'?: string | undefined;
  readonly authorization?: string | undefined;
}

/**
 * Whether the guard needs the raw body: an OAuth 1.0a signed `application/x-www-form-urlencoded`
 * request, whose body parameters are signed (RFC 5849 §3.4.1.3.1). Any other request is decided
 * without reading its body.
 */
export function needsRawFormBody(headers: BodyDecidingHeaders): boolean {
  return isFormUrlEncoded(headers['content-type']) && isOAuthAuthorization(headers.authorization);
}

/**
 * A form body as the host's handlers get it: an object without prototype (a field named
 * `__proto__` stays a field), a repeated field as a list in the order sent.
 */
export function parseFormBody(raw: string): Record<string, string | string[]> {
  const fields = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of new URLSearchParams(raw)) {
    const held = fields[name];
    fields[name] = held === undefined ? value : Array.isArray(held) ? [...held, value] : [held, value];
  }
  return fields;
}

/**
 * What the route declarations say a request needs (a declaration's `self` resolved, see RouteMatch),
 * looked up by its method and the path of its raw target (the query is ignored).
 * @throws RouteUndeclaredError (403) when no declaration matches: a route nobody declared is never open
 */
export function declaredAccessOf(routes: RouteTable, method: string, url: string): RequiredAccess {
  const path = splitRequestTarget(url).path;
  const match = routes.match(method, path);
  if (match === null) throw new RouteUndeclaredError(method, path);
  return match.access;
}
