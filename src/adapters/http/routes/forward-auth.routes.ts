import { type Principal, type RequiredAccess } from '../../../application/guard/authorize-request.use-case';
import { RouteUndeclaredError } from '../../../application/guard/guard.errors';
import { type RouteTable } from '../../../application/guard/route-table';
import { splitRequestTarget } from '../../../domain/oauth/oauth-request';
import { HttpProblem } from '../http-errors';
import { type HttpUseCases } from '../http-use-cases';
import { RESPONSES } from '../response-schemas';
import { route, type RouteContext, type RouteSpec } from '../route-spec';

const TAG = 'Guard';
const URL = '/rest/V1/authorize';

/**
 * Forward-auth for gateways (OAUTH.md §5): nginx `auth_request`, Traefik ForwardAuth or Envoy
 * ext_authz ask here whether the client's request may pass. The client's `Authorization` header
 * comes along as it was; the gateway adds `X-Original-Method`, `X-Original-URI` and
 * `X-Required-Resources`.
 */
export function forwardAuthRoutes(useCases: HttpUseCases, publicBaseUrl: string | undefined, routes: RouteTable | undefined): RouteSpec[] {
  const handle = async ({ request, reply }: RouteContext<unknown, unknown>): Promise<Principal> => {
    const method = single(request.headers['x-original-method']);
    const uri = single(request.headers['x-original-uri']);
    const resources = single(request.headers['x-required-resources']);
    const missing = [
      ...(method === undefined ? [{ field: 'X-Original-Method', message: 'The gateway must send the client request\'s method in X-Original-Method.' }] : []),
      ...(uri === undefined || !uri.startsWith('/') ? [{ field: 'X-Original-URI', message: 'The gateway must send the client request\'s path and query, as sent, in X-Original-URI.' }] : []),
      ...(resources === undefined && routes === undefined
        ? [
            {
              field: 'X-Required-Resources',
              message: 'The gateway must send the resources the route needs (comma-separated) or "anonymous" in X-Required-Resources, unless route declarations (webapi.xml) are configured.',
            },
          ]
        : []),
    ];
    if (missing.length > 0) throw HttpProblem.badRequest(missing, 'The forward-auth request lacks headers the gateway must set.');
    const principal = await useCases.guard.authorize.execute(
      { method: method ?? '', url: uri ?? '', headers: request.headers, baseUrl: publicBaseUrl ?? `${request.protocol}://${request.host}` },
      resources !== undefined ? requiredOf(resources) : declaredAccess(routes, method ?? '', uri ?? ''),
    );
    if (principal.kind === 'integration') {
      void reply.header('x-portcullis-integration', principal.integrationId).header('x-portcullis-integration-name', encodeURIComponent(principal.name));
    } else if (principal.kind === 'admin') {
      void reply.header('x-portcullis-admin', encodeURIComponent(principal.username)).header('x-portcullis-admin-id', principal.adminUserId);
    }
    return principal;
  };
  const spec = {
    url: URL,
    tag: TAG,
    access: 'anonymous',
    success: {
      status: 200,
      description: 'Allowed. `X-Portcullis-Integration` (id) and `-Integration-Name`, or `X-Portcullis-Admin` (username, percent-encoded) and `-Admin-Id`, name the principal.',
      schema: RESPONSES.principal,
    },
    errors: [401, 403],
    errorDescriptions: {
      400: 'The gateway did not send X-Original-Method, X-Original-URI and X-Required-Resources.',
      401: 'The client is not authenticated (no or unknown credentials, a refused OAuth signature, a disabled bearer use).',
      403: 'The client lacks a required resource (named in `parameters.resources`), or no route declaration matches the original request.',
    },
    handle,
  } as const;
  return [
    route({ ...spec, method: 'GET', operationId: 'forwardAuthGet', summary: 'Forward-auth for gateways: may the original request pass?' }),
    route({ ...spec, method: 'POST', operationId: 'forwardAuthPost', summary: 'Forward-auth for gateways (POST form, for gateways that forward with the client method)' }),
  ];
}

/** What the route declarations say the original request needs; an undeclared route is refused. */
function declaredAccess(routes: RouteTable | undefined, method: string, uri: string): RequiredAccess {
  const path = splitRequestTarget(uri).path;
  const match = routes?.match(method, path);
  if (match === undefined || match === null) throw new RouteUndeclaredError(method, path);
  return match.access;
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
