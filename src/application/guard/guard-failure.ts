import { DomainError, type ErrorKind, type ErrorParameters } from '../../domain/kernel/domain-error';
import { RateLimitExceededError } from './guard.errors';
import { HTTP_STATUS_BY_KIND } from './http-status';
import { rateLimitHeaders } from './rate-limit-headers';

/**
 * How the guard's refusals are answered over HTTP, shared by the framework wrappers (Fastify
 * plugin, Express middleware) so that a host's API answers exactly as the standalone server does:
 * the same statuses and the same JSON bodies `{ message, code, parameters }`.
 */

/** The JSON body of a refusal. */
export interface GuardFailureBody {
  readonly message: string;
  readonly code: string;
  readonly parameters?: ErrorParameters;
}

export interface GuardFailure {
  readonly status: number;
  readonly body: GuardFailureBody;
}

/** An answer to send, with its headers; `unexpected` ones are to be logged with their stack. */
export interface GuardAnswer extends GuardFailure {
  readonly headers: Readonly<Record<string, string>>;
  readonly unexpected: boolean;
}

/**
 * The kinds of error that are the guard's refusals. The guard refuses no other way: an error of
 * another kind from it (a route naming a resource the ACL tree lacks...) is the host's setup
 * failing, answered 500 and logged.
 */
const REFUSAL_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['malformed', 'unauthenticated', 'forbidden', 'rate-limited']);

/**
 * The answer to a refusal of AuthorizeRequest, with the status of its kind (HTTP_STATUS_BY_KIND):
 * 400 malformed OAuth input, 401 not authenticated, 403 missing resources (ACCESS.DENIED), an
 * undeclared route, a read-only principal's write or a call from an address not allowed, 429 over
 * the rate limit. Null for anything else (not a refusal: an unexpected failure).
 */
export function describeGuardFailure(error: unknown): GuardFailure | null {
  if (!(error instanceof DomainError) || !REFUSAL_KINDS.has(error.kind)) return null;
  return { status: HTTP_STATUS_BY_KIND[error.kind], body: { message: error.message, code: error.code, parameters: error.parameters } };
}

export const GUARD_DATABASE_UNAVAILABLE: GuardFailureBody = Object.freeze({
  message: 'The database is unavailable. Try again shortly.',
  code: 'SERVICE.DATABASE_UNAVAILABLE',
});

export const GUARD_INTERNAL_ERROR: GuardFailureBody = Object.freeze({
  message: 'An internal error occurred. It has been logged.',
  code: 'INTERNAL',
});

/**
 * Any failure of the guard as an answer: a refusal (describeGuardFailure), 503 with
 * `Retry-After: 5` when `isUnavailable` recognises a storage outage, else 500 without details
 * (`unexpected`: the caller logs it).
 */
export function answerGuardFailure(error: unknown, isUnavailable: (error: unknown) => boolean = () => false): GuardAnswer {
  const refusal = describeGuardFailure(error);
  if (refusal !== null) return { ...refusal, headers: error instanceof RateLimitExceededError ? rateLimitHeaders(error.decision) : {}, unexpected: false };
  if (isUnavailable(error)) return { status: 503, body: GUARD_DATABASE_UNAVAILABLE, headers: { 'retry-after': '5' }, unexpected: false };
  return { status: 500, body: GUARD_INTERNAL_ERROR, headers: {}, unexpected: true };
}

/** Route access as a host declares it: every listed resource, or `anonymous`. */
export type RouteAccessDeclaration = 'anonymous' | readonly string[];

/**
 * Checks a route's declaration at registration time, so a typo fails at start, not per request.
 * @throws TypeError unless it is `'anonymous'` or a non-empty list of non-blank resource ids
 */
export function checkRouteAccess(declared: unknown, where: string): RouteAccessDeclaration {
  if (declared === 'anonymous') return 'anonymous';
  if (Array.isArray(declared) && declared.length > 0 && declared.every((id) => typeof id === 'string' && id.trim() !== '')) {
    return (declared as readonly string[]).map((id) => id.trim());
  }
  throw new TypeError(`${where}: resources must be 'anonymous' or a non-empty list of ACL resource ids, not ${JSON.stringify(declared)}.`);
}
