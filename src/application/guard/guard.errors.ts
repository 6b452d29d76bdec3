import { ForbiddenError, RuleViolationError, UnauthenticatedError, unauthenticatedError } from '../../domain/kernel/domain-error';

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
