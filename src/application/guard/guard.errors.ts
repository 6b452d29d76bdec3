import { ForbiddenError, RateLimitedError, RuleViolationError, UnauthenticatedError, unauthenticatedError } from '../../domain/kernel/domain-error';
import { type RateLimitDecision } from '../ports/rate-limiter.port';

/** The request carries no credentials the guard accepts, or an unknown bearer token (401). */
export class GuardUnauthenticatedError extends UnauthenticatedError {
  readonly code = 'GUARD.UNAUTHENTICATED';
  constructor(reason: string) {
    super(`Authentication is required: ${reason}. Send an OAuth 1.0a signed request or a bearer token.`, { reason });
  }
}

/**
 * An integration's access token sent as `Authorization: Bearer` while that use is switched off
 * (the default, as in Magento 2.4.4+). Said plainly instead of Magento's misleading "not
 * authorized" (#38426).
 */
export class IntegrationBearerDisabledError extends unauthenticatedError('GUARD.INTEGRATION_BEARER_DISABLED', 'Bearer use of integration tokens is disabled') {}

/**
 * A request of a guarded host matches no route declaration (resources or `anonymous`): refused
 * (403) rather than let through, so a route someone forgot to declare is never open by accident.
 */
export class RouteUndeclaredError extends ForbiddenError {
  readonly code = 'ROUTE.UNDECLARED';
  constructor(method: string, route: string) {
    super(`The route ${method.toUpperCase()} ${route} declares no access (resources or "anonymous"), so it is refused.`, { method: method.toUpperCase(), route });
  }
}

/** A route of a guarded host requires a resource id its ACL tree does not have. */
export interface UnknownRouteResource {
  /** The route as `METHOD /url` (`GET, HEAD /rest/V1/orders`). */
  readonly route: string;
  readonly id: string;
  /** The tree's closest id (a likely typo), or null. */
  readonly suggestion: string | null;
}

/**
 * Routes of a guarded host declare resources the ACL tree does not have (a typo such as
 * `Shop_Sales::ordrs`): thrown when the app is made ready, so the host fails at start instead of
 * refusing every caller. Not a refusal of a request: when a request meets it (an Express route
 * checked on first use), it is answered 500 and logged.
 */
export class RouteResourceUnknownError extends RuleViolationError {
  readonly code = 'ROUTE.RESOURCE_UNKNOWN';
  constructor(readonly problems: readonly UnknownRouteResource[]) {
    const line = (problem: UnknownRouteResource): string =>
      `${problem.route} requires "${problem.id}"${problem.suggestion !== null ? ` (did you mean "${problem.suggestion}"?)` : ''}`;
    super(
      problems.length === 1
        ? `Portcullis: the route ${line(problems[0] as UnknownRouteResource)}, which is not in the ACL tree.`
        : `Portcullis: ${problems.length} route resources are not in the ACL tree:\n${problems.map((problem) => `  ${line(problem)}`).join('\n')}`,
      { routes: problems.map((problem) => problem.route), ids: problems.map((problem) => problem.id) },
    );
  }
}

/** A call from an address its integration's allowlist (`CredentialPolicy.allowedIps`) does not hold (403). */
export class ClientAddressNotAllowedError extends ForbiddenError {
  readonly code = 'GUARD.ADDRESS_NOT_ALLOWED';
  constructor(address: string | undefined) {
    super(
      address === undefined
        ? 'The client address of this call is unknown, and this integration may only call from the addresses it allows.'
        : `Calls from ${address} are not allowed for this integration: its IP allowlist does not include that address.`,
      address === undefined ? {} : { address },
    );
  }
}

/** A method other than GET, HEAD or OPTIONS by a read-only integration or admin role (403). */
export class ReadOnlyAccessError extends ForbiddenError {
  readonly code = 'GUARD.READ_ONLY';
  constructor(method: string, who: 'integration' | 'admin') {
    super(
      `${who === 'integration' ? 'The integration is read-only' : 'Your role is read-only'}: only GET, HEAD and OPTIONS requests are allowed, not ${method}.`,
      { method },
    );
  }
}

/**
 * More calls than the integration's rate limit allows (429): `decision` says when to retry and
 * what the RateLimit headers carry.
 */
export class RateLimitExceededError extends RateLimitedError {
  readonly code = 'GUARD.RATE_LIMITED';
  constructor(readonly decision: RateLimitDecision) {
    super(
      `Rate limit exceeded: this integration may make ${decision.limit} requests per ${decision.windowSeconds} seconds. Retry after ${decision.retryAfterSeconds} seconds.`,
      { limit: decision.limit, windowSeconds: decision.windowSeconds, retryAfterSeconds: decision.retryAfterSeconds },
    );
  }
}
