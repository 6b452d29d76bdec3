import { injectionToken } from '../../domain/kernel/injection-token';

/**
 * A rate limit: at most `limit` requests per `windowSeconds`, refilled continuously (a token bucket
 * of `limit` tokens). Both are positive integers (the RateLimit headers carry whole seconds).
 */
export interface RateLimit {
  readonly limit: number;
  readonly windowSeconds: number;
}

/** What a rate limiter decided for one request, with what the IETF RateLimit headers say. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly windowSeconds: number;
  /** Requests that could still be made now (0 when refused). */
  readonly remaining: number;
  /** Whole seconds (≥ 0, rounded up) until the bucket is full again. */
  readonly resetSeconds: number;
  /** Whole seconds (≥ 1, rounded up) until the next request would be allowed; 0 when allowed. */
  readonly retryAfterSeconds: number;
}

/**
 * Takes one request from the bucket of `key` under `rate` (GCRA, the token bucket's exact
 * equivalent). Synchronous where the buckets are in this process; a promise where they are shared
 * (Redis), so the caller awaits only then.
 */
export interface RateLimiter {
  /**
   * @param now the clock's time, milliseconds since the epoch (fractions ignored); a limiter that
   *   keeps its buckets elsewhere may judge by that store's clock instead, and says so
   * @throws RangeError unless the rate's limit and windowSeconds are positive integers
   * @throws an unavailable error when shared buckets cannot be reached (the Redis limiter's
   *   RedisUnavailableError): the request is neither allowed nor refused, the guard answers 503
   */
  take(key: string, rate: RateLimit, now: number): RateLimitDecision | Promise<RateLimitDecision>;
  /** Forgets the bucket of `key` (its limit changed, or the integration is gone). */
  forget?(key: string): void | Promise<void>;
}

export const RATE_LIMITER = injectionToken<RateLimiter>('RateLimiter');
