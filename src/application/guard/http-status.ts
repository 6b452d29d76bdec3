import { type ErrorKind } from '../../domain/kernel/domain-error';

/**
 * The HTTP status of each kind of error the core throws on purpose: the one table of every HTTP
 * edge, the standalone server's (admin API, forward-auth) and the guard's in a host's app (Fastify
 * plugin, Express middleware), so that they cannot answer the same refusal differently. It lives
 * beside the guard because the guard is framework-free and answers in HTTP itself.
 */
export const HTTP_STATUS_BY_KIND: Readonly<Record<ErrorKind, number>> = Object.freeze({
  malformed: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  rule: 422,
  unavailable: 503,
  // The fault is a third party's, not this server's: Bad Gateway.
  upstream: 502,
  'rate-limited': 429,
});
