import { type RateLimit, type RateLimitDecision, type RateLimiter } from '../../application/ports/rate-limiter.port';

/** Placeholder (GCRA without pruning) until the rate-limit branch lands. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly tats = new Map<string, number>();

  take(key: string, rate: RateLimit, now: number): RateLimitDecision {
    const interval = (rate.windowSeconds * 1000) / rate.limit;
    const tolerance = rate.windowSeconds * 1000;
    const tat = Math.max(this.tats.get(key) ?? now, now);
    const next = tat + interval;
    const allowed = next - now <= tolerance;
    if (allowed) this.tats.set(key, next);
    const held = allowed ? next : tat;
    return {
      allowed,
      limit: rate.limit,
      windowSeconds: rate.windowSeconds,
      remaining: allowed ? Math.max(0, Math.floor((tolerance - (held - now)) / interval)) : 0,
      resetSeconds: Math.max(0, Math.ceil((held - now) / 1000)),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((next - now - tolerance) / 1000)),
    };
  }

  forget(key: string): void {
    this.tats.delete(key);
  }
}
