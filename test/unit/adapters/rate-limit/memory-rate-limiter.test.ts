import { MemoryRateLimiter } from '../../../../src/adapters/rate-limit/memory-rate-limiter';
import { type RateLimit, type RateLimitDecision } from '../../../../src/application/ports/rate-limiter.port';

/** Milliseconds since the epoch. */
const T0 = new Date('2026-05-01T08:00:00Z').getTime();
/** One request every 600 ms, 100 at once. */
const PER_MINUTE: RateLimit = { limit: 100, windowSeconds: 60 };

/** The fields of a decision other than the rate, which every decision repeats. */
const outcome = ({ allowed, remaining, resetSeconds, retryAfterSeconds }: RateLimitDecision): object => ({ allowed, remaining, resetSeconds, retryAfterSeconds });

describe('MemoryRateLimiter (GCRA)', () => {
  let limiter: MemoryRateLimiter;
  beforeEach(() => {
    limiter = new MemoryRateLimiter();
  });

  it('allows exactly `limit` requests at once, counting down what remains, then refuses', () => {
    for (let i = 1; i <= 100; i++) {
      const decision = limiter.take('c-1', PER_MINUTE, T0);
      expect({ i, allowed: decision.allowed, remaining: decision.remaining }).toEqual({ i, allowed: true, remaining: 100 - i });
    }
    const refused = limiter.take('c-1', PER_MINUTE, T0);
    expect(refused).toEqual({ allowed: false, limit: 100, windowSeconds: 60, remaining: 0, resetSeconds: 60, retryAfterSeconds: 1 });
  });

  it('reports a full bucket taken once: one fewer remaining, full again after one interval', () => {
    expect(limiter.take('c-1', PER_MINUTE, T0)).toEqual({ allowed: true, limit: 100, windowSeconds: 60, remaining: 99, resetSeconds: 1, retryAfterSeconds: 0 });
  });

  it('refills one request per emission interval (window / limit), not before', () => {
    for (let i = 0; i < 100; i++) limiter.take('c-1', PER_MINUTE, T0);
    expect(limiter.take('c-1', PER_MINUTE, T0 + 599).allowed).toBe(false);
    expect(outcome(limiter.take('c-1', PER_MINUTE, T0 + 600))).toEqual({ allowed: true, remaining: 0, resetSeconds: 60, retryAfterSeconds: 0 });
    expect(limiter.take('c-1', PER_MINUTE, T0 + 600).allowed).toBe(false);
    expect(limiter.take('c-1', PER_MINUTE, T0 + 1199).allowed).toBe(false);
    expect(limiter.take('c-1', PER_MINUTE, T0 + 1200).allowed).toBe(true);
    // Idle a whole window: full again.
    expect(outcome(limiter.take('c-1', PER_MINUTE, T0 + 1200 + 60_000))).toEqual({ allowed: true, remaining: 99, resetSeconds: 1, retryAfterSeconds: 0 });
  });

  it('states exact remaining, reset and retry-after seconds as the bucket drains and refills', () => {
    const twoPer10s: RateLimit = { limit: 2, windowSeconds: 10 }; // one request every 5 s
    expect(outcome(limiter.take('c-1', twoPer10s, T0))).toEqual({ allowed: true, remaining: 1, resetSeconds: 5, retryAfterSeconds: 0 });
    expect(outcome(limiter.take('c-1', twoPer10s, T0))).toEqual({ allowed: true, remaining: 0, resetSeconds: 10, retryAfterSeconds: 0 });
    expect(outcome(limiter.take('c-1', twoPer10s, T0))).toEqual({ allowed: false, remaining: 0, resetSeconds: 10, retryAfterSeconds: 5 });
    expect(outcome(limiter.take('c-1', twoPer10s, T0 + 1500))).toEqual({ allowed: false, remaining: 0, resetSeconds: 9, retryAfterSeconds: 4 });
    // Never less than a second while refused, however close the next request is.
    expect(outcome(limiter.take('c-1', twoPer10s, T0 + 4999))).toEqual({ allowed: false, remaining: 0, resetSeconds: 6, retryAfterSeconds: 1 });
    expect(outcome(limiter.take('c-1', twoPer10s, T0 + 5000))).toEqual({ allowed: true, remaining: 0, resetSeconds: 10, retryAfterSeconds: 0 });
    // Half an interval refilled: still one short of a request to spare.
    expect(outcome(limiter.take('c-1', twoPer10s, T0 + 12_500))).toEqual({ allowed: true, remaining: 0, resetSeconds: 8, retryAfterSeconds: 0 });
    expect(outcome(limiter.take('c-1', twoPer10s, T0 + 25_000))).toEqual({ allowed: true, remaining: 1, resetSeconds: 5, retryAfterSeconds: 0 });
  });

  it('keeps exact time when the window does not divide by the limit: 7 a minute is 7 at once and one every 8571.43 ms, without drift', () => {
    const sevenPerMinute: RateLimit = { limit: 7, windowSeconds: 60 };
    let allowed = 0;
    // A request every 10 ms for ten windows; the 70th refill falls due exactly at the end.
    for (let at = T0; at <= T0 + 600_000; at += 10) if (limiter.take('c-1', sevenPerMinute, at).allowed) allowed++;
    expect(allowed).toBe(7 + 70);

    limiter.forget('c-1');
    for (let i = 0; i < 7; i++) expect(limiter.take('c-1', sevenPerMinute, T0).allowed).toBe(true);
    expect(outcome(limiter.take('c-1', sevenPerMinute, T0))).toEqual({ allowed: false, remaining: 0, resetSeconds: 60, retryAfterSeconds: 9 });
    expect(limiter.take('c-1', sevenPerMinute, T0 + 8571).allowed).toBe(false);
    expect(limiter.take('c-1', sevenPerMinute, T0 + 8572).allowed).toBe(true);
  });

  it('keeps one bucket per key', () => {
    for (let i = 0; i < 100; i++) limiter.take('c-1', PER_MINUTE, T0);
    expect(limiter.take('c-1', PER_MINUTE, T0).allowed).toBe(false);
    expect(outcome(limiter.take('c-2', PER_MINUTE, T0))).toEqual({ allowed: true, remaining: 99, resetSeconds: 1, retryAfterSeconds: 0 });
    expect(limiter.take('c-1', PER_MINUTE, T0).allowed).toBe(false);
  });

  it('forgets a bucket: the key starts full again; forgetting an unknown key does nothing', () => {
    for (let i = 0; i < 100; i++) limiter.take('c-1', PER_MINUTE, T0);
    limiter.forget('c-1');
    limiter.forget('never-seen');
    expect(outcome(limiter.take('c-1', PER_MINUTE, T0))).toEqual({ allowed: true, remaining: 99, resetSeconds: 1, retryAfterSeconds: 0 });
  });

  it('drops idle buckets in sweeps, so that a stream of new keys keeps the map bounded', () => {
    const bounded = new MemoryRateLimiter({ sweepEveryTakes: 10 });
    const onePerSecond: RateLimit = { limit: 1, windowSeconds: 1 };
    let largest = 0;
    let allowed = 0;
    for (let i = 0; i < 10_000; i++) {
      if (bounded.take(`key-${i}`, onePerSecond, T0 + i * 1000).allowed) allowed++;
      largest = Math.max(largest, bounded.bucketCount);
    }
    expect(allowed).toBe(10_000);
    // At most two buckets are within their window at any time: twice that, plus one sweep's worth.
    expect(largest).toBeLessThanOrEqual(2 * 2 + 10);
  });

  it('keeps, through sweeps, every bucket still within its window', () => {
    const bounded = new MemoryRateLimiter({ sweepEveryTakes: 10 });
    const onePerHour: RateLimit = { limit: 1, windowSeconds: 3600 };
    for (let i = 0; i < 50; i++) bounded.take(`busy-${i}`, onePerHour, T0);
    for (let i = 0; i < 1000; i++) bounded.take(`passing-${i}`, { limit: 1, windowSeconds: 1 }, T0 + 2000 + i * 1000);
    for (let i = 0; i < 50; i++) expect(bounded.take(`busy-${i}`, onePerHour, T0 + 3_599_999).allowed).toBe(false);
    // The busy buckets, two passing ones, and at most as many added since the last sweep.
    expect(bounded.bucketCount).toBeLessThanOrEqual(2 * (50 + 2) + 10);
    for (let i = 0; i < 50; i++) expect(bounded.take(`busy-${i}`, onePerHour, T0 + 3_600_000).allowed).toBe(true);
  });

  it('judges a clock that went back as an empty bucket, never as more than a window to wait', () => {
    for (let i = 0; i < 100; i++) limiter.take('c-1', PER_MINUTE, T0);
    expect(outcome(limiter.take('c-1', PER_MINUTE, T0 - 3_600_000))).toEqual({ allowed: false, remaining: 0, resetSeconds: 60, retryAfterSeconds: 1 });
  });

  it('refuses a rate that is not a positive whole limit per whole seconds', () => {
    for (const rate of [
      { limit: 0, windowSeconds: 60 },
      { limit: 1.5, windowSeconds: 60 },
      { limit: 10, windowSeconds: 0 },
      { limit: 10, windowSeconds: 0.5 },
      { limit: Number.NaN, windowSeconds: 60 },
      { limit: 2 ** 40, windowSeconds: 86_400 },
    ]) {
      expect(() => limiter.take('c-1', rate, T0)).toThrow(RangeError);
    }
  });
});
