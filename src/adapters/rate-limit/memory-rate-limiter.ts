import { gcraDecision, gcraWindowMs } from '../../application/guard/gcra';
import { type RateLimit, type RateLimitDecision, type RateLimiter } from '../../application/ports/rate-limiter.port';

export interface MemoryRateLimiterOptions {
  /**
   * Full buckets are dropped in a sweep after this many takes, or after as many takes as the last
   * sweep left buckets if more (so that sweeping costs O(1) a take, amortised). Default 1024.
   */
  readonly sweepEveryTakes?: number;
}

/** A bucket's theoretical arrival time: `tatMs` whole milliseconds and `tatTicks` (< limit) ticks of 1/limit ms. */
interface Bucket {
  tatMs: number;
  tatTicks: number;
}

/**
 * Rate limits kept in this process (GCRA, see application/guard/gcra.ts): one process, or buckets
 * that need not be shared. `take` is synchronous and O(1); it allocates only its decision, and a
 * bucket for a key it has not seen or has dropped.
 *
 * A full bucket is the same as none, so sweeps drop every bucket whose TAT has passed (its key was
 * idle for up to a window): the map holds the keys used within their window and those added since
 * the last sweep: at most twice the buckets that sweep left, plus sweepEveryTakes.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly sweepEveryTakes: number;
  private takesUntilSweep: number;

  constructor(options: MemoryRateLimiterOptions = {}) {
    this.sweepEveryTakes = options.sweepEveryTakes ?? 1024;
    this.takesUntilSweep = this.sweepEveryTakes;
  }

  /** @throws RangeError unless the rate's limit and windowSeconds are positive integers */
  take(key: string, rate: RateLimit, now: number): RateLimitDecision {
    const windowMs = gcraWindowMs(rate);
    const nowMs = Math.floor(now);
    const bucket = this.buckets.get(key);
    // Clamped: a TAT further ahead than an empty bucket's comes only from a clock that went back.
    const ahead = bucket === undefined ? 0 : Math.min(rate.limit * windowMs, Math.max(0, (bucket.tatMs - nowMs) * rate.limit + bucket.tatTicks));
    const decision = gcraDecision(rate, windowMs, ahead);
    if (decision.allowed) {
      const after = ahead + windowMs;
      const wholeMs = Math.floor(after / rate.limit);
      if (bucket === undefined) {
        this.buckets.set(key, { tatMs: nowMs + wholeMs, tatTicks: after - wholeMs * rate.limit });
      } else {
        bucket.tatMs = nowMs + wholeMs;
        bucket.tatTicks = after - wholeMs * rate.limit;
      }
    }
    if (--this.takesUntilSweep <= 0) this.sweep(nowMs);
    return decision;
  }

  forget(key: string): void {
    this.buckets.delete(key);
  }

  /** Buckets held: the keys used within their window, and at most one sweep's worth more. */
  get bucketCount(): number {
    return this.buckets.size;
  }

  private sweep(nowMs: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tatMs < nowMs) this.buckets.delete(key);
    }
    this.takesUntilSweep = Math.max(this.sweepEveryTakes, this.buckets.size);
  }
}
