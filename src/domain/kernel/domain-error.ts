/** Values that an error may carry to its adapters; never a secret. */
export type ErrorParameters = Readonly<Record<string, string | number | readonly string[]>>;

/**
 * What kind of refusal an error is, the one thing an adapter needs to answer it (an HTTP status,
 * a CLI exit code): each adapter maps the kinds once, never error classes one by one.
 */
export const ERROR_KINDS = ['malformed', 'unauthenticated', 'forbidden', 'not-found', 'conflict', 'rule', 'unavailable', 'upstream', 'rate-limited'] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/**
 * Base of every error the core throws on purpose. `code` is stable and names the error for its
 * callers; `kind` decides how adapters answer it; `message` is for people; `parameters` hold the
 * offending values. A class declares its kind by extending the base of that kind (`NotFoundError`,
 * `ConflictError`...); the compiler refuses a class that declares none.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  /** An accessor in each kind's base (on the prototype, so logs and JSON of the error are unchanged). */
  abstract get kind(): ErrorKind;
  readonly parameters: ErrorParameters;

  protected constructor(message: string, parameters: ErrorParameters = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.parameters = parameters;
  }
}

/** The input is not well-formed: a value breaks its format, length or range, or is missing. */
export abstract class MalformedError extends DomainError { get kind(): 'malformed' { return 'malformed'; } }

/** The caller is not authenticated: no credentials, or credentials that are refused. */
export abstract class UnauthenticatedError extends DomainError { get kind(): 'unauthenticated' { return 'unauthenticated'; } }

/** The caller is known but may not do this (its grant lacks a resource, or it cannot act). */
export abstract class ForbiddenError extends DomainError { get kind(): 'forbidden' { return 'forbidden'; } }

/** What the request names does not exist. */
export abstract class NotFoundError extends DomainError { get kind(): 'not-found' { return 'not-found'; } }

/** The request collides with the current state (a name taken, already active). */
export abstract class ConflictError extends DomainError { get kind(): 'conflict' { return 'conflict'; } }

/** Any other rule of the model refuses the request as it stands. */
export abstract class RuleViolationError extends DomainError { get kind(): 'rule' { return 'rule'; } }

/** Something the request needs is not available from this instance (a capability it lacks). */
export abstract class UnavailableError extends DomainError { get kind(): 'unavailable' { return 'unavailable'; } }

/** A third party the core called for the request failed or refused it (an integration's callback URL). */
export abstract class UpstreamError extends DomainError { get kind(): 'upstream' { return 'upstream'; } }

/** The caller made more requests than its rate limit allows; it may retry later. */
export abstract class RateLimitedError extends DomainError { get kind(): 'rate-limited' { return 'rate-limited'; } }

/** A value given to the core breaks a rule of its own (format, length, range). */
export class InvalidValueError extends MalformedError {
  readonly code: string;

  constructor(code: string, message: string, parameters: ErrorParameters) {
    super(message, parameters);
    this.code = code;
  }
}

/**
 * The base of an error of kind malformed with code `code` and always the same text, `message`:
 * `class TimestampRefusedError extends malformedError('OAUTH.TIMESTAMP_REFUSED', 'Incorrect timestamp…') {}`.
 */
export function malformedError<Code extends string>(code: Code, message: string): new () => MalformedError & { readonly code: Code } {
  return class extends MalformedError {
    readonly code = code;
    constructor() {
      super(message);
    }
  };
}

/** The base of an error of kind unauthenticated with code `code` and always the same text, `message` (as `malformedError`). */
export function unauthenticatedError<Code extends string>(code: Code, message: string): new () => UnauthenticatedError & { readonly code: Code } {
  return class extends UnauthenticatedError {
    readonly code = code;
    constructor() {
      super(message);
    }
  };
}

/**
 * The base of an error for an ID that names no `what` (an aggregate), with code `code`:
 * `class RoleNotFoundError extends unknownIdError('ROLE.NOT_FOUND', 'role') {}` is thrown as
 * `new RoleNotFoundError(id)`: `The role with ID "<id>" does not exist.`
 */
export function unknownIdError<Code extends string>(code: Code, what: string): new (id: string) => NotFoundError & { readonly code: Code } {
  return class extends NotFoundError {
    readonly code = code;
    constructor(id: string) {
      super(`The ${what} with ID "${id}" does not exist.`, { id });
    }
  };
}
