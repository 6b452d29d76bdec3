import { RateLimitExceededError } from '../../application/guard/guard.errors';
import { HTTP_STATUS_BY_KIND } from '../../application/guard/http-status';
import { rateLimitHeaders } from '../../application/guard/rate-limit-headers';
import { DomainError } from '../../domain/kernel/domain-error';

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
 * The status of an error the core throws on purpose: the status of its kind, the table every HTTP
 * edge shares (HTTP_STATUS_BY_KIND). Unknown errors are 500 and never show their text (toHttpAnswer).
 */
export function statusOf(error: DomainError): number {
  return HTTP_STATUS_BY_KIND[error.kind];
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
    const status = statusOf(error);
    const body: ErrorBody = { message: error.message, code: error.code, parameters: error.parameters };
    const field = error.parameters.field;
    if (status === 400 && typeof field === 'string') {
      return { status, body: { ...body, errors: [{ field, message: error.message }] }, headers: {}, unexpected: false };
    }
    // A refusal over the rate limit says when to retry (Retry-After, RateLimit), as on the guard's edges.
    return { status, body, headers: error instanceof RateLimitExceededError ? rateLimitHeaders(error.decision) : {}, unexpected: false };
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
