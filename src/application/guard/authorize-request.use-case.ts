import { GuardUnauthenticatedError } from './guard.errors';
import { type GuardRequest } from './guard-request';
import { type RequiredAccess } from './route-table';

export { type GuardRequest } from './guard-request';
export { type RequiredAccess } from './route-table';
import { type RateLimitDecision } from '../ports/rate-limiter.port';
import { type Authorization } from './authenticator';
import { type RequestAuthorizer } from './request-authorizer';
import { requestAuthorization, requestBearerToken } from './request-credentials';

/** Who a request acts for; an integration under a rate limit with its bucket's state (for the RateLimit headers). */
export type Principal =
  | { readonly kind: 'integration'; readonly integrationId: string; readonly name: string; readonly rateLimit?: RateLimitDecision }
  | { readonly kind: 'admin'; readonly adminUserId: string; readonly username: string }
  | { readonly kind: 'anonymous' };


/**
 * The guard's refusal when no authenticator recognises a request's credential: no Authorization
 * header, an unknown bearer token, or a scheme that is neither OAuth nor Bearer.
 */
export function guardUnrecognised(request: GuardRequest): GuardUnauthenticatedError {
  const authorization = requestAuthorization(request);
  if (authorization === undefined || authorization.trim() === '') return new GuardUnauthenticatedError('the request has no Authorization header');
  if (requestBearerToken(request) !== undefined) return new GuardUnauthenticatedError('the bearer token is unknown');
  return new GuardUnauthenticatedError('the Authorization header is neither "OAuth …" nor "Bearer <token>"');
}

/**
 * The guard (docs/oauth.md §5), free of any framework: authenticates a request through its
 * authenticators — an integration's OAuth 1.0a signature, an admin's bearer token, an
 * integration's access token as bearer (when enabled) — then checks the principal's grant allows
 * every required resource. Built with `guardUnrecognised` as the authorizer's refusal.
 */
export class AuthorizeRequest {
  constructor(private readonly authorizer: RequestAuthorizer) {}

  /**
   * @throws GuardUnauthenticatedError, IntegrationBearerDisabledError, the OAuth refusals of
   *   docs/oauth.md §4, AdminTokenInvalidError (401 each)
   * @throws AccessDeniedError naming every required resource the principal lacks (403)
   */
  execute(request: GuardRequest, required: RequiredAccess): Promise<Principal> {
    if (required === 'anonymous') return Promise.resolve({ kind: 'anonymous' });
    // `then` rather than async/await: one promise less on every guarded request.
    return this.authorizer.authorize(request, { all: required }).then(principalOf);
  }
}

function principalOf({ principal, rateLimit }: Authorization): Principal {
  if (principal.kind === 'admin') return { kind: 'admin', adminUserId: principal.adminUserId, username: principal.username };
  return rateLimit === null
    ? { kind: 'integration', integrationId: principal.integrationId, name: principal.name }
    : { kind: 'integration', integrationId: principal.integrationId, name: principal.name, rateLimit };
}
