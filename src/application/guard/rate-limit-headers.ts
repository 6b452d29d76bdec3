import { type RateLimitDecision } from '../ports/rate-limiter.port';

/**
 * The response header fields of a rate limit decision, names in lower case, as
 * draft-ietf-httpapi-ratelimit-headers-11 (May 2026) defines them: Structured Field Lists of one
 * item, the policy "default".
 *
 * - `ratelimit-policy: "default";q=<limit>;w=<windowSeconds>`: the quota per window.
 * - `ratelimit: "default";r=<remaining>;t=<seconds>`: the requests available now, and the
 *   effective window: when allowed, until the bucket is full again (the client that spreads `r`
 *   requests over `t` seconds is never refused); when refused, r=0 until one request is available
 *   again, the Retry-After, because the draft (section 6) asks that Retry-After not point before the
 *   end of the effective window.
 * - `retry-after: <seconds>` when refused.
 */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const policy = `"default";q=${decision.limit};w=${decision.windowSeconds}`;
  if (decision.allowed) {
    return { 'ratelimit-policy': policy, ratelimit: `"default";r=${decision.remaining};t=${decision.resetSeconds}` };
  }
  return {
    'ratelimit-policy': policy,
    ratelimit: `"default";r=${decision.remaining};t=${decision.retryAfterSeconds}`,
    'retry-after': String(decision.retryAfterSeconds),
  };
}
