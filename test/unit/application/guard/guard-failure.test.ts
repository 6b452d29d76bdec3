import { toHttpAnswer } from '../../../../src/adapters/http/http-errors';
import {
  GUARD_DATABASE_UNAVAILABLE,
  GUARD_INTERNAL_ERROR,
  answerGuardFailure,
  describeGuardFailure,
} from '../../../../src/application/guard/guard-failure';
import { GuardUnauthenticatedError, IntegrationBearerDisabledError, RouteResourceUnknownError, RouteUndeclaredError } from '../../../../src/application/guard/guard.errors';
import { AccessDeniedError, AdminTokenInvalidError } from '../../../../src/domain/admin-session/admin-session.errors';
import { IntegrationNotFoundError } from '../../../../src/domain/integration/integration.errors';
import { NonceUsedError, SignatureInvalidError, TimestampRefusedError } from '../../../../src/domain/oauth/oauth-problems';
import { OAuthHeaderMalformedError } from '../../../../src/domain/oauth/oauth.errors';
import { type DomainError } from '../../../../src/domain/kernel/domain-error';

const neverUnavailable = (): boolean => false;
const alwaysUnavailable = (): boolean => true;

const refusals: [string, DomainError, number][] = [
  ['a malformed OAuth header', new OAuthHeaderMalformedError('the scheme is not OAuth'), 400],
  ['a refused timestamp', new TimestampRefusedError(), 400],
  ['no credentials', new GuardUnauthenticatedError('the request has no Authorization header'), 401],
  ['a disabled integration bearer', new IntegrationBearerDisabledError(), 401],
  ['a bad signature', new SignatureInvalidError(), 401],
  ['a replayed nonce', new NonceUsedError('c-1'), 401],
  ['an invalid admin token', new AdminTokenInvalidError('the token has expired'), 401],
  ['missing resources', new AccessDeniedError(['Shop_Sales::orders']), 403],
  ['an undeclared route', new RouteUndeclaredError('get', '/rest/V1/orders'), 403],
];

describe('the answers of the guard', () => {
  it.each(refusals)('answers %s with %i and its message, code and parameters', (_case, error, status) => {
    expect(answerGuardFailure(error, neverUnavailable)).toEqual({
      status,
      body: { message: error.message, code: error.code, parameters: error.parameters },
      headers: {},
      unexpected: false,
    });
    expect(describeGuardFailure(error)).toEqual({ status, body: { message: error.message, code: error.code, parameters: error.parameters } });
  });

  it.each(refusals)("answers %s as the standalone server's error table does (one table for every HTTP edge)", (_case, error) => {
    expect(answerGuardFailure(error, neverUnavailable).status).toBe(toHttpAnswer(error, neverUnavailable).status);
  });

  it.each<[string, DomainError]>([
    ['a route naming a resource the ACL tree lacks (the host set up wrong)', new RouteResourceUnknownError([{ route: 'GET /rest/V1/orders', id: 'Shop_Sales::ordrs', suggestion: null }])],
    ['a not-found error, which the guard never throws', new IntegrationNotFoundError('i-1')],
  ])('treats an error of a kind the guard never refuses with, %s, as a failure: 500, logged', (_case, error) => {
    expect(describeGuardFailure(error)).toBeNull();
    expect(answerGuardFailure(error, neverUnavailable)).toEqual({ status: 500, body: GUARD_INTERNAL_ERROR, headers: {}, unexpected: true });
  });

  it('answers a storage outage with 503 and Retry-After, and keeps a refusal a refusal', () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

    expect(answerGuardFailure(outage, alwaysUnavailable)).toEqual({ status: 503, body: GUARD_DATABASE_UNAVAILABLE, headers: { 'retry-after': '5' }, unexpected: false });
    expect(answerGuardFailure(new SignatureInvalidError(), alwaysUnavailable).status).toBe(401);
  });
});
