import { type Principal, type RequiredAccess } from '../../../application/guard/authorize-request.use-case';
import { declaredAccessOf, guardRequestOf } from '../../../application/guard/guard-request';
import { type RouteTable } from '../../../application/guard/route-table';
import { rateLimitHeaders } from '../../../application/guard/rate-limit-headers';
import { DomainError } from '../../../domain/kernel/domain-error';
import { HttpProblem } from '../http-errors';
import { type HttpUseCases } from '../http-use-cases';
import { RESPONSES } from '../response-schemas';
import { route, type RouteContext, type RouteSpec } from '../route-spec';

const TAG = 'Guard';
const URL = '/rest/V1/authorize';

/**
 * Forward-auth for gateways (docs/oauth.md §5): nginx `auth_request`, Traefik ForwardAuth or Envoy
 * ext_authz ask here whether the client's request may pass. The client's `Authorization` header
 * comes along as it was; the gateway adds `X-Original-Method`, `X-Original-URI` and
 * `X-Required-Resources`.
 */
export function forwardAuthRoutes(useCases: HttpUseCases, publicBaseUrl: string | undefined, routes: RouteTable | undefined): RouteSpec[] {
  const handle = async ({ request, reply }: RouteContext<unknown, unknown>): Promise<Principal> => {
    const method = single(request.headers['x-original-method']);
    const uri = single(request.headers['x-original-uri']);
    const resources = single(request.headers['x-required-resources']);
    // What the original request needs: the gateway's list, else what the route declarations say.
    const needs: { readonly required: RequiredAccess } | { readonly routes: RouteTable } | undefined =
      resources !== undefined ? { required: requiredOf(resources) } : routes !== undefined ? { routes } : undefined;
    const missing = [
      ...(method === undefined ? [{ field: 'X-Original-Method', message: 'The gateway must send the client request\'s method in X-Original-Method.' }] : []),
      ...(uri === undefined || !uri.startsWith('/') ? [{ field: 'X-Original-URI', message: 'The gateway must send the client request\'s path and query, as sent, in X-Original-URI.' }] : []),
      ...(needs === undefined
        ? [
            {
              field: 'X-Required-Resources',
              message: 'The gateway must send the resources the route needs (comma-separated) or "anonymous" in X-Required-Resources, unless route declarations (webapi.xml) are configured.',
            },
          ]
        : []),
    ];
    // Each undefined one is in `missing` already; naming them tells the compiler.
    if (missing.length > 0 || method === undefined || uri === undefined || needs === undefined) {
      throw HttpProblem.badRequest(missing, 'The forward-auth request lacks headers the gateway must set.');
    }
    let principal: Principal;
    try {
      principal = await useCases.guard.authorize.execute(
        // The client's address: the gateway's X-Forwarded-For under TRUST_PROXY, else the gateway's own.
        guardRequestOf({ method, url: uri, headers: request.headers, protocol: request.protocol, host: request.host, clientAddress: request.ip }, publicBaseUrl),
        'required' in needs ? needs.required : declaredAccessOf(needs.routes, method, uri),
      );
    } catch (error) {
      // A gateway that drops the body (nginx auth_request) still learns why: X-Portcullis-Refusal.
      if (error instanceof DomainError) void reply.header('x-portcullis-refusal', error.code);
      throw error;
    }
    if (principal.kind === 'integration') {
      void reply.header('x-portcullis-integration', principal.integrationId).header('x-portcullis-integration-name', encodeURIComponent(principal.name));
      // A gateway may copy them to the client's answer (nginx: auth_request_set).
      if (principal.rateLimit !== undefined) void reply.headers(rateLimitHeaders(principal.rateLimit));
      // The bucket's state is for the headers; the body names the principal only (RESPONSES.principal).
      return { kind: 'integration', integrationId: principal.integrationId, name: principal.name };
    } else if (principal.kind === 'admin') {
      void reply.header('x-portcullis-admin', encodeURIComponent(principal.username)).header('x-portcullis-admin-id', principal.adminUserId);
    }
    return principal;
  };
  const spec = {
    url: URL,
    tag: TAG,
    access: 'anonymous',
    // On every request a gateway guards, and it changes nothing the audit trail records.
    audited: false,
    success: {
      status: 200,
      description: 'Allowed. `X-Portcullis-Integration` (id) and `-Integration-Name`, or `X-Portcullis-Admin` (username, percent-encoded) and `-Admin-Id`, name the principal.',
      schema: RESPONSES.principal,
    },
    errors: [401, 403, 429],
    errorDescriptions: {
      400: 'The gateway did not send X-Original-Method, X-Original-URI and X-Required-Resources.',
      401: 'The client is not authenticated (no or unknown credentials, a refused OAuth signature, a disabled bearer use, expired credentials). `X-Portcullis-Refusal` carries the code.',
      403: 'The client lacks a required resource (named in `parameters.resources`), no route declaration matches the original request, its address is outside the IP allowlist, or read-only credentials ask to write. `X-Portcullis-Refusal` carries the code.',
      429: 'Over the integration\'s rate limit: `Retry-After`, `RateLimit-Policy` and `RateLimit` say when to retry. `X-Portcullis-Refusal` carries the code.',
    },
    handle,
  } as const;
  return [
    route({ ...spec, method: 'GET', operationId: 'forwardAuthGet', summary: 'Forward-auth for gateways: may the original request pass?' }),
    route({ ...spec, method: 'POST', operationId: 'forwardAuthPost', summary: 'Forward-auth for gateways (POST form, for gateways that forward with the client method)' }),
  ];
}

/** `anonymous`, or resource ids separated by commas (blank entries ignored). */
function requiredOf(header: string): RequiredAccess {
  if (header.trim().toLowerCase() === 'anonymous') return 'anonymous';
  return header
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

function single(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first.trim() === '' ? undefined : first.trim();
}
