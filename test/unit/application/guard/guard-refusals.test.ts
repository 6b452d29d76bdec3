import { refusalOf, refusalReasonOf, refusedIntegrationOf } from '../../../../src/application/guard/guard-refusals';
import { AccessDeniedError, AdminTokenInvalidError } from '../../../../src/domain/admin-session/admin-session.errors';
import {
  ClientAddressNotAllowedError,
  GuardUnauthenticatedError,
  IntegrationBearerDisabledError,
  RateLimitExceededError,
  ReadOnlyAccessError,
  RouteUndeclaredError,
} from '../../../../src/application/guard/guard.errors';
import { OAuthHeaderMalformedError } from '../../../../src/domain/oauth/oauth.errors';
import {
  AccessTokenConsumerMismatchError,
  AccessTokenExpiredError,
  AccessTokenRevokedError,
  ConsumerUnknownError,
  IntegrationInactiveError,
  NonceInvalidError,
  NonceUsedError,
  SignatureInvalidError,
  TimestampRefusedError,
  TokenUnknownError,
} from '../../../../src/domain/oauth/oauth-problems';

const noOutage = (): boolean => false;

describe('refusalReasonOf (the fixed reasons usage and metrics count by)', () => {
  it.each([
    ['a bad signature', new SignatureInvalidError(), 'signature'],
    ['a replayed nonce', new NonceUsedError('i1'), 'nonce'],
    ['an over-long nonce', new NonceInvalidError(255), 'nonce'],
    ['a stale timestamp', new TimestampRefusedError(), 'timestamp'],
    ['a revoked token', new AccessTokenRevokedError(), 'revoked'],
    ['an inactive integration', new IntegrationInactiveError(), 'inactive'],
    ['an unknown token', new TokenUnknownError(), 'token'],
    ['an unknown consumer key', new ConsumerUnknownError(), 'token'],
    ["another consumer's token", new AccessTokenConsumerMismatchError(), 'token'],
    ['a bearer use switched off', new IntegrationBearerDisabledError(), 'token'],
    ['an expired admin token', new AdminTokenInvalidError('the token has expired'), 'token'],
    ['no credential', new GuardUnauthenticatedError('the request has no Authorization header'), 'unauthenticated'],
    ['a missing resource', new AccessDeniedError(['A::a']), 'forbidden'],
    ['an undeclared route', new RouteUndeclaredError('GET', '/x'), 'forbidden'],
    ['a malformed header', new OAuthHeaderMalformedError('x'), 'malformed'],
    ['expired credentials, or a grace period over', new AccessTokenExpiredError(), 'expired'],
    ['an address outside the allowlist', new ClientAddressNotAllowedError('192.0.2.1'), 'address'],
    ['an unknown address under an allowlist', new ClientAddressNotAllowedError(undefined), 'address'],
    ['over the rate limit', new RateLimitExceededError({ allowed: false, limit: 1, windowSeconds: 1, remaining: 0, resetSeconds: 1, retryAfterSeconds: 1 }), 'rate_limited'],
    ['a read-only integration writing', new ReadOnlyAccessError('POST', 'integration'), 'read_only'],
    ['a read-only admin role writing', new ReadOnlyAccessError('DELETE', 'admin'), 'read_only'],
  ])('%s: %s', (_what, error, reason) => {
    expect(refusalReasonOf(error, noOutage)).toBe(reason);
  });

  it('tells an outage (503) from a bug (500) among other errors', () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const isOutage = (error: unknown): boolean => (error as { code?: unknown }).code === 'ECONNREFUSED';
    expect(refusalReasonOf(outage, isOutage)).toBe('unavailable');
    expect(refusalReasonOf(new TypeError('x is undefined'), isOutage)).toBe('error');
  });
});

describe('refusalOf (whose refusal it is)', () => {
  it('marks an error with its integration without changing what it shows, the first mark staying', () => {
    const error = new SignatureInvalidError();
    const before = JSON.stringify(error);
    expect(refusalOf(refusalOf(error, 'i1'), 'i2')).toBe(error);
    expect(refusedIntegrationOf(error)).toBe('i1');
    expect(JSON.stringify(error)).toBe(before);
    expect(Object.keys(error)).not.toContain('i1');
  });

  it('answers null for an unmarked error and for what is no object', () => {
    expect(refusedIntegrationOf(new SignatureInvalidError())).toBeNull();
    expect(refusedIntegrationOf('boom')).toBeNull();
    expect(refusalOf('boom', 'i1')).toBe('boom');
  });
});
