import { DomainError } from '../../domain/shared/domain-error';

/** The JSON body of every error answer. */
export interface ErrorBody {
  readonly message: string;
  readonly code: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** Per-field problems of a 400 answer. */
  readonly errors?: readonly FieldError[];
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** An answer the HTTP adapter decided itself (bad request shape, unknown route, outage). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(body.message);
    this.name = 'HttpProblem';
  }

  static badRequest(errors: readonly FieldError[], message = 'One or more input exceptions have occurred.'): HttpProblem {
    return new HttpProblem(400, { message, code: 'VALIDATION.FAILED', parameters: { fields: errors.map((e) => e.field) }, errors });
  }
}

/**
 * The error table of the HTTP adapter: a code's prefix or the whole code decides the status.
 * Codes not listed are rule violations (422). Unknown errors are 500 and never show their text.
 */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  'ADMIN_AUTH.SIGN_IN_FAILED': 401,
  'ADMIN_AUTH.TOKEN_INVALID': 401,
  'ADMIN_AUTH.CREDENTIALS_REQUIRED': 400,
  'ADMIN_AUTH.CURRENT_PASSWORD_INVALID': 400,
  'ACCESS.DENIED': 403,
  'ROUTE.UNDECLARED': 403,
  'ACCESS.PRIVILEGE_ESCALATION': 403,
  'ACCESS.ACTOR_NOT_ALLOWED': 403,
  'INTEGRATION.NOT_FOUND': 404,
  'ROLE.NOT_FOUND': 404,
  'ADMIN_USER.NOT_FOUND': 404,
  'INTEGRATION.NAME_TAKEN': 409,
  'ROLE.NAME_TAKEN': 409,
  'ADMIN_USER.USERNAME_TAKEN': 409,
  'INTEGRATION.ALREADY_ACTIVE': 409,
  'INTEGRATION.ORPHANED': 409,
  'INTEGRATION.TOKEN_EXCHANGE_UNAVAILABLE': 503,
  // The third party's callback URL refused or failed the credentials post.
  'OAUTH.CALLBACK_FAILED': 502,
  'ADMIN_USER.PASSWORD_WEAK': 400,
  'GRANT.INVALID': 400,
  'ACL.RESOURCE_UNKNOWN': 400,
  'ACL.RESOURCE_ID_INVALID': 400,
  // OAuth 1.0a (docs/oauth.md §4): malformed input is 400; every other OAUTH.* refusal is 401.
  'OAUTH.HEADER_MALFORMED': 400,
  'OAUTH.PARAMETER_DUPLICATED': 400,
  'OAUTH.PARAMETERS_MISSING': 400,
  'OAUTH.VERSION_REJECTED': 400,
  'OAUTH.TOKEN_LENGTH_INVALID': 400,
  'OAUTH.SIGNATURE_METHOD_UNSUPPORTED': 400,
  'OAUTH.TIMESTAMP_REFUSED': 400,
  'OAUTH.NONCE_INVALID': 400,
  'OAUTH.BASE_URL_INVALID': 400,
  'OAUTH.REQUEST_PATH_INVALID': 400,
};

const STATUS_BY_PREFIX: Readonly<Record<string, number>> = { 'VALIDATION.': 400, 'OAUTH.': 401, 'GUARD.': 401 };

export function statusOf(code: string): number {
  const exact = STATUS_BY_CODE[code];
  if (exact !== undefined) return exact;
  const prefix = Object.keys(STATUS_BY_PREFIX).find((p) => code.startsWith(p));
  return prefix === undefined ? 422 : (STATUS_BY_PREFIX[prefix] ?? 422);
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Readonly<Record<string, string>>;
  /** Unexpected: log it with its stack. */
  readonly unexpected: boolean;
}

export const DATABASE_UNAVAILABLE: ErrorBody = {
  message: 'The database is unavailable. Try again shortly.',
  code: 'SERVICE.DATABASE_UNAVAILABLE',
};

/**
 * Maps any thrown value to an answer. `isUnavailable` recognises storage outages (decided by the
 * composition root, which knows the database driver).
 */
export function toHttpAnswer(error: unknown, isUnavailable: (error: unknown) => boolean): HttpAnswer {
  if (error instanceof HttpProblem) return { status: error.status, body: error.body, headers: error.headers, unexpected: false };
  if (error instanceof DomainError) {
    const status = statusOf(error.code);
    const body: ErrorBody = { message: error.message, code: error.code, parameters: error.parameters };
    const field = error.parameters.field;
    if (status === 400 && typeof field === 'string') {
      return { status, body: { ...body, errors: [{ field, message: error.message }] }, headers: {}, unexpected: false };
    }
    return { status, body, headers: {}, unexpected: false };
  }
  if (isUnavailable(error)) return { status: 503, body: DATABASE_UNAVAILABLE, headers: { 'retry-after': '5' }, unexpected: false };
  const fastifyStatus = clientErrorStatusOf(error);
  if (fastifyStatus !== null) {
    return { status: fastifyStatus, body: { message: clientErrorMessage(error, fastifyStatus), code: 'REQUEST.INVALID' }, headers: {}, unexpected: false };
  }
  return {
    status: 500,
    body: { message: 'An internal error occurred. It has been logged.', code: 'INTERNAL' },
    headers: {},
    unexpected: true,
  };
}

/** Fastify's own 4xx errors (malformed JSON, unsupported media type, body too large). */
function clientErrorStatusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_')) return null;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? statusCode : null;
}

function clientErrorMessage(error: unknown, status: number): string {
  const code = (error as { code: string }).code;
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'The request body must be JSON (Content-Type: application/json).';
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'The request body is empty; send a JSON object.';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'The request body is too large.';
  if (code.startsWith('FST_ERR_CTP_INVALID_JSON') || error instanceof SyntaxError) return 'The request body is not valid JSON.';
  return status === 404 ? 'Not found.' : 'The request is malformed.';
}
