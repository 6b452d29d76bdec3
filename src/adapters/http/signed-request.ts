import { type FastifyRequest } from 'fastify';
import { baseUrlOf } from '../../application/guard/guard-request';
import { type ConsumerRequestInput } from '../../application/oauth/consumer-request';
import { isFormUrlEncoded, splitRequestTarget } from '../../domain/oauth/oauth-request';
import { isOAuthAuthorization } from '../../domain/oauth/authorization-header';

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

/** True when the request carries an `Authorization: OAuth …` header (an integration's signed call). */
export function isOAuthSigned(request: FastifyRequest): boolean {
  return isOAuthAuthorization(request.headers.authorization);
}
