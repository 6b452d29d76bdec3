import { rateLimitHeaders } from '../../../../src/application/guard/rate-limit-headers';

describe('rateLimitHeaders (draft-ietf-httpapi-ratelimit-headers-11)', () => {
  it('states the policy and the service limit of an allowed request, without Retry-After', () => {
    expect(rateLimitHeaders({ allowed: true, limit: 100, windowSeconds: 60, remaining: 42, resetSeconds: 35, retryAfterSeconds: 0 })).toEqual({
      'ratelimit-policy': '"default";q=100;w=60',
      ratelimit: '"default";r=42;t=35',
    });
  });

  it('states the last request a bucket allowed as r=0, with the seconds until it is full', () => {
    expect(rateLimitHeaders({ allowed: true, limit: 1, windowSeconds: 1, remaining: 0, resetSeconds: 1, retryAfterSeconds: 0 })).toEqual({
      'ratelimit-policy': '"default";q=1;w=1',
      ratelimit: '"default";r=0;t=1',
    });
  });

  it('adds Retry-After to a refusal, and ends the effective window there, not later (draft section 6)', () => {
    expect(rateLimitHeaders({ allowed: false, limit: 7, windowSeconds: 60, remaining: 0, resetSeconds: 60, retryAfterSeconds: 9 })).toEqual({
      'ratelimit-policy': '"default";q=7;w=60',
      ratelimit: '"default";r=0;t=9',
      'retry-after': '9',
    });
  });

  it('names every field in lower case', () => {
    const headers = rateLimitHeaders({ allowed: false, limit: 2, windowSeconds: 10, remaining: 0, resetSeconds: 10, retryAfterSeconds: 5 });
    for (const name of Object.keys(headers)) expect(name).toBe(name.toLowerCase());
  });
});
