import { DomainError } from '../../domain/shared/domain-error';

/** The request carries no credentials the guard accepts, or an unknown bearer token (401). */
export class GuardUnauthenticatedError extends DomainError {
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
export class IntegrationBearerDisabledError extends DomainError {
  readonly code = 'GUARD.INTEGRATION_BEARER_DISABLED';
  constructor() {
    super('Bearer use of integration tokens is disabled');
  }
}

/**
 * A request of a guarded host matches no route declaration (resources or `anonymous`): refused
 * (403) rather than let through, so a route someone forgot to declare is never open by accident.
 */
export class RouteUndeclaredError extends DomainError {
  readonly code = 'ROUTE.UNDECLARED';
  constructor(method: string, route: string) {
    super(`The route ${method.toUpperCase()} ${route} declares no access (resources or "anonymous"), so it is refused.`, { method: method.toUpperCase(), route });
  }
}
