import { DomainError, type ErrorParameters } from '../../domain/shared/domain-error';

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

/** OAuth 1.0a input that is malformed rather than refused (docs/oauth.md §4): 400. */
const MALFORMED_OAUTH = new Set([
  'OAUTH.HEADER_MALFORMED',
  'OAUTH.PARAMETER_DUPLICATED',
  'OAUTH.PARAMETERS_MISSING',
  'OAUTH.VERSION_REJECTED',
  'OAUTH.TOKEN_LENGTH_INVALID',
  'OAUTH.SIGNATURE_METHOD_UNSUPPORTED',
  'OAUTH.TIMESTAMP_REFUSED',
  'OAUTH.NONCE_INVALID',
  'OAUTH.BASE_URL_INVALID',
  'OAUTH.REQUEST_PATH_INVALID',
]);

/** The status of a guard refusal code, or null for a code the guard never answers with. */
function statusOfGuardCode(code: string): number | null {
  if (code === 'ACCESS.DENIED' || code === 'ROUTE.UNDECLARED') return 403;
  if (code === 'ADMIN_AUTH.TOKEN_INVALID' || code.startsWith('GUARD.')) return 401;
  if (code.startsWith('OAUTH.')) return MALFORMED_OAUTH.has(code) ? 400 : 401;
  return null;
}

/**
 * The answer to a refusal of AuthorizeRequest: 401 not authenticated (GUARD.*, OAUTH.*,
 * ADMIN_AUTH.TOKEN_INVALID), 400 malformed OAuth input, 403 missing resources (ACCESS.DENIED) or
 * an undeclared route. Null for anything else (not a refusal: an unexpected failure).
 */
export function describeGuardFailure(error: unknown): GuardFailure | null {
  if (!(error instanceof DomainError)) return null;
  const status = statusOfGuardCode(error.code);
  if (status === null) return null;
  return { status, body: { message: error.message, code: error.code, parameters: error.parameters } };
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
  if (refusal !== null) return { ...refusal, headers: {}, unexpected: false };
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
