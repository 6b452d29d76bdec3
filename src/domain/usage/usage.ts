/**
 * Why the guard refused a call, in a small fixed set (docs/architecture.md, "Usage and metrics"):
 * the usage per integration and the metrics count refusals by these, never by error code, so the
 * set of stored outcomes and of metric series stays bounded.
 * - `signature`: the OAuth signature does not match
 * - `nonce`: the nonce was used before (a replay), or is too long
 * - `timestamp`: `oauth_timestamp` is outside the allowed skew
 * - `revoked`: the access token was revoked
 * - `inactive`: the integration is not active
 * - `token`: the token or consumer key is unknown, not an access token, another consumer's, or a
 *   bearer use that is switched off; an admin token that is revoked or expired
 * - `unauthenticated`: no credential at all, or one of no known kind
 * - `forbidden`: the grant lacks a required resource
 * - `malformed`: OAuth input that is not well-formed (header, parameters, version, method)
 * - `unavailable`: the storage could not be reached (answered 503)
 * - `error`: anything else (answered 500 and logged)
 * - `expired`: the credentials expired, or a replaced token's grace period is over
 * - `address`: the call came from an address the integration's allowlist does not hold
 * - `rate_limited`: over the integration's rate limit (answered 429)
 * - `read_only`: a method other than GET, HEAD or OPTIONS by a read-only integration or admin
 */
export const REFUSAL_REASONS = [
  'signature',
  'nonce',
  'timestamp',
  'revoked',
  'inactive',
  'token',
  'unauthenticated',
  'forbidden',
  'malformed',
  'unavailable',
  'error',
  'expired',
  'address',
  'rate_limited',
  'read_only',
] as const;

export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** What became of a call: allowed, or refused for a reason. */
export type CallOutcome = 'allowed' | RefusalReason;

/** Every outcome, `allowed` first: the index of an outcome in this list is stable within a release. */
export const CALL_OUTCOMES: readonly CallOutcome[] = ['allowed', ...REFUSAL_REASONS];

/** One hour in milliseconds: usage is counted per hour (UTC), an hour named by its start. */
export const HOUR_MS = 3_600_000;

/** The start of the hour (UTC) that `time` falls in. */
export function hourOf(time: Date): Date {
  return new Date(Math.floor(time.getTime() / HOUR_MS) * HOUR_MS);
}

/** Calls of one integration in one hour with one outcome. */
export interface HourlyCalls {
  /** The hour's start (UTC, whole hour). */
  readonly hour: Date;
  readonly outcome: CallOutcome;
  /** At least 1 in what stores answer. */
  readonly calls: number;
}
