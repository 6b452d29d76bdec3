import { type FastifyRequest } from 'fastify';
import { baseUrlOf, guardRequestOf } from '../../application/guard/guard-request';
import { type ConsumerRequestInput } from '../../application/oauth/consumer-request';
import { isFormUrlEncoded, splitRequestTarget } from '../../domain/oauth/oauth-request';
import { type CredentialRequest } from '../../application/guard/authenticator';
import { sessionTokenOf } from './admin-ui/admin-session-cookie';

/**
 * What the signature core needs of a request, exactly as the client sent it: the raw path and
 * query (percent-encoding untouched), the raw form body (only when form-encoded), and the base
 * URL — PUBLIC_BASE_URL when configured, else the scheme and Host the request arrived with
 * (`X-Forwarded-Proto/Host` only when trusted proxies are configured, Fastify's `trustProxy`).
 */
export function consumerRequestOf(request: FastifyRequest, publicBaseUrl: string | undefined): ConsumerRequestInput {
  const { path, rawQuery } = splitRequestTarget(request.raw.url ?? request.url);
  const formBody = isFormUrlEncoded(request.headers['content-type']) && typeof request.body === 'string' ? request.body : undefined;
  const authorization = request.headers.authorization;
  return {
    method: request.method,
    baseUrl: baseUrlOf(publicBaseUrl, request.protocol, request.host),
    path,
    rawQuery,
    ...(formBody !== undefined ? { formBody } : {}),
    authorization,
  };
}

/**
 * What the authenticators of the admin API read of a request: as `consumerRequestOf` for the
 * signature, with the admin session of the web UI's cookie.
 */
export function credentialRequestOf(request: FastifyRequest, publicBaseUrl: string | undefined): CredentialRequest {
  const formBody = isFormUrlEncoded(request.headers['content-type']) && typeof request.body === 'string' ? request.body : undefined;
  const sessionToken = sessionTokenOf(request);
  const seen = { method: request.method, url: request.raw.url ?? request.url, headers: request.headers, formBody, protocol: request.protocol, host: request.host, clientAddress: request.ip };
  return { ...guardRequestOf(seen, publicBaseUrl), ...(sessionToken !== undefined ? { sessionToken } : {}) };
}
