import { type RateLimit, type RateLimitDecision } from '../ports/rate-limiter.port';

/**
 * GCRA, the generic cell rate algorithm (the token bucket's exact equivalent), as the rate limiters
 * share it so that they decide and report alike; the Redis limiter runs the same step in Lua.
 *
 * A bucket is its theoretical arrival time (TAT): the moment it is full again (absent or past: full).
 * Durations count in ticks of 1/limit ms, so that the emission interval (one request's refill,
 * windowSeconds·1000/limit ms) is `windowMs` ticks and the tolerance (a full bucket, `limit`
 * requests) is `limit·windowMs` ticks. Both are integers, so a full bucket gives exactly `limit`
 * requests at once however the division falls, with no rounding drift.
 */

/** Ticks are exact integers in a double up to 2^53; a TAT lies at most tolerance + one interval ahead. */
const MAX_TOLERANCE_TICKS = 2 ** 52;

/**
 * The window in milliseconds, once the rate is checked.
 * @throws RangeError unless limit and windowSeconds are positive integers with limit × window ≤ 2^52 ticks
 */
export function gcraWindowMs(rate: RateLimit): number {
  const windowMs = rate.windowSeconds * 1000;
  if (!Number.isInteger(rate.limit) || rate.limit < 1 || !Number.isInteger(rate.windowSeconds) || rate.windowSeconds < 1 || rate.limit * windowMs > MAX_TOLERANCE_TICKS) {
    throw new RangeError(`A rate limit needs a positive whole limit and window (seconds), got ${rate.limit} per ${rate.windowSeconds} s`);
  }
  return windowMs;
}

/**
 * The decision of one take from a bucket whose TAT lies `ahead` ticks past now (0: full; at most
 * the tolerance: empty). Allowed when the TAT moved one interval on, `ahead + windowMs`, stays
 * within the tolerance; the bucket then holds that, else it is left as it was.
 */
export function gcraDecision(rate: RateLimit, windowMs: number, ahead: number): RateLimitDecision {
  const tolerance = rate.limit * windowMs;
  const after = ahead + windowMs;
  const allowed = after <= tolerance;
  const ticksPerSecond = 1000 * rate.limit;
  return {
    allowed,
    limit: rate.limit,
    windowSeconds: rate.windowSeconds,
    remaining: allowed ? Math.floor((tolerance - after) / windowMs) : 0,
    resetSeconds: Math.ceil((allowed ? after : ahead) / ticksPerSecond),
    // The next take is allowed once the TAT has come within one interval of the tolerance.
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((after - tolerance) / ticksPerSecond)),
  };
}
