import { ActorNotAllowedError } from '../../../../src/application/access/access.errors';
import { HTTP_STATUS_BY_KIND } from '../../../../src/application/guard/http-status';
import { ClientAddressNotAllowedError, RateLimitExceededError, ReadOnlyAccessError } from '../../../../src/application/guard/guard.errors';
import { AccessTokenExpiredError } from '../../../../src/domain/oauth/oauth-problems';
import { CallbackFailedError, TokenExchangeUnavailableError } from '../../../../src/application/ports/token-exchange.port';
import { TransactionConflictError } from '../../../../src/application/ports/unit-of-work.port';
import { DATABASE_UNAVAILABLE, HttpProblem, statusOf, toHttpAnswer } from '../../../../src/adapters/http/http-errors';
import { InvalidGrantError, InvalidResourceIdError, UnknownResourceError } from '../../../../src/domain/acl/acl.errors';
import {
  AccessDeniedError,
  AdminSignInFailedError,
  AdminTokenInvalidError,
  CurrentPasswordInvalidError,
  MissingCredentialsError,
} from '../../../../src/domain/admin-session/admin-session.errors';
import {
  AdminUserNotFoundError,
  SelfDeactivationError,
  UsernameTakenError,
  WeakPasswordError,
} from '../../../../src/domain/admin-user/admin-user.errors';
import {
  IntegrationAlreadyActiveError,
  IntegrationConfigManagedError,
  IntegrationNameTakenError,
  IntegrationNotActivatedError,
  IntegrationNotFoundError,
} from '../../../../src/domain/integration/integration.errors';
import { PrivilegeEscalationError } from '../../../../src/domain/role/privilege-escalation';
import { IntegrationRoleNotEditableError, RoleNameTakenError, RoleNotFoundError } from '../../../../src/domain/role/role.errors';
import { ERROR_KINDS, InvalidValueError, RuleViolationError, type DomainError } from '../../../../src/domain/kernel/domain-error';

const neverUnavailable = (): boolean => false;
const alwaysUnavailable = (): boolean => true;

const INTERNAL = { message: 'An internal error occurred. It has been logged.', code: 'INTERNAL' };

/** What Fastify throws for its own 4xx (it carries `code` and `statusCode`). */
function fastifyError(code: string, statusCode: number, message = 'fastify says no'): Error {
  return Object.assign(new Error(message), { code, statusCode });
}

/** A refusal of kind `rule` that names a field, as no core error does today. */
class FieldRuleError extends RuleViolationError {
  readonly code = 'RULE.BROKEN';
  constructor() {
    super('A rule is broken.', { field: 'name' });
  }
}

/** An error whose code the table never heard of: its kind alone decides. */
class SomethingUnlistedError extends RuleViolationError {
  readonly code = 'SOMETHING.UNLISTED';
  constructor() {
    super('Something new.');
  }
}

describe('statusOf (the error table)', () => {
  it.each<[string, DomainError, number]>([
    ['ADMIN_AUTH.SIGN_IN_FAILED', new AdminSignInFailedError(), 401],
    ['ADMIN_AUTH.TOKEN_INVALID', new AdminTokenInvalidError('the token has expired'), 401],
    ['ADMIN_AUTH.CREDENTIALS_REQUIRED', new MissingCredentialsError(['username']), 400],
    ['ADMIN_AUTH.CURRENT_PASSWORD_INVALID', new CurrentPasswordInvalidError(false), 400],
    ['ACCESS.DENIED', new AccessDeniedError(['Portcullis::roles']), 403],
    ['ACCESS.PRIVILEGE_ESCALATION', new PrivilegeEscalationError('edit role X', ['Magento_Sales::sales']), 403],
    ['ACCESS.ACTOR_NOT_ALLOWED', new ActorNotAllowedError('the user is inactive'), 403],
    ['INTEGRATION.NOT_FOUND', new IntegrationNotFoundError('i-1'), 404],
    ['ROLE.NOT_FOUND', new RoleNotFoundError('r-1'), 404],
    ['ADMIN_USER.NOT_FOUND', new AdminUserNotFoundError('u-1'), 404],
    ['INTEGRATION.NAME_TAKEN', new IntegrationNameTakenError('ERP'), 409],
    ['ROLE.NAME_TAKEN', new RoleNameTakenError('Support'), 409],
    ['ADMIN_USER.USERNAME_TAKEN', new UsernameTakenError('sally'), 409],
    ['INTEGRATION.ALREADY_ACTIVE', new IntegrationAlreadyActiveError('ERP'), 409],
    ['INTEGRATION.TOKEN_EXCHANGE_UNAVAILABLE', new TokenExchangeUnavailableError('ERP'), 503],
    ['ADMIN_USER.PASSWORD_WEAK', new WeakPasswordError('it must be at least 7 characters long'), 400],
    ['GRANT.INVALID', new InvalidGrantError('a resource cannot be both selected and excluded', ['A_B::c']), 400],
    ['ACL.RESOURCE_UNKNOWN', new UnknownResourceError(['A_B::c']), 400],
    ['ACL.RESOURCE_ID_INVALID', new InvalidResourceIdError('nope'), 400],
    ['VALIDATION.REQUIRED', new InvalidValueError('VALIDATION.REQUIRED', '"name" is required. Enter and try again.', { field: 'name' }), 400],
    ['VALIDATION.ANYTHING_NEW', new InvalidValueError('VALIDATION.ANYTHING_NEW', 'Something new is wrong.', {}), 400],
    ['INTEGRATION.CONFIG_MANAGED', new IntegrationConfigManagedError('ERP', 'edit'), 422],
    ['INTEGRATION.NOT_ACTIVATED', new IntegrationNotActivatedError('ERP'), 422],
    ['ADMIN_USER.SELF_CHANGE', new SelfDeactivationError('deactivate'), 422],
    ['SOMETHING.UNLISTED', new SomethingUnlistedError(), 422],
    ['OAUTH.TOKEN_EXPIRED', new AccessTokenExpiredError(), 401],
    ['GUARD.ADDRESS_NOT_ALLOWED', new ClientAddressNotAllowedError('10.1.2.3'), 403],
    ['GUARD.READ_ONLY', new ReadOnlyAccessError('POST', 'integration'), 403],
    ['GUARD.RATE_LIMITED', new RateLimitExceededError({ allowed: false, limit: 1, windowSeconds: 60, remaining: 0, resetSeconds: 60, retryAfterSeconds: 60 }), 429],
  ])('answers %s with %i', (code, error, status) => {
    expect(error.code).toBe(code);
    expect(statusOf(error)).toBe(status);
  });

  it('takes the status from the kind, never from the text of the code', () => {
    expect(statusOf(new InvalidValueError('X.VALIDATION.REQUIRED', 'Named oddly, still malformed.', {}))).toBe(400);
    expect(statusOf(new FieldRuleError())).toBe(422);
  });

  it('has a status for every kind: 400, 401, 403, 404, 409, 422, 429, 503, and 502 for a third party that failed', () => {
    expect(Object.fromEntries(ERROR_KINDS.map((kind) => [kind, HTTP_STATUS_BY_KIND[kind]]))).toEqual({
      malformed: 400,
      unauthenticated: 401,
      forbidden: 403,
      'not-found': 404,
      conflict: 409,
      rule: 422,
      'rate-limited': 429,
      unavailable: 503,
      upstream: 502,
    });
  });
});

describe('toHttpAnswer', () => {
  describe('domain errors', () => {
    it.each<[string, DomainError, number]>([
      ['AdminSignInFailedError', new AdminSignInFailedError(), 401],
      ['AdminTokenInvalidError', new AdminTokenInvalidError('the token has expired'), 401],
      ['AccessDeniedError', new AccessDeniedError(['Portcullis::roles']), 403],
      ['PrivilegeEscalationError', new PrivilegeEscalationError('edit role X', ['Magento_Sales::sales']), 403],
      ['ActorNotAllowedError', new ActorNotAllowedError('the user is inactive'), 403],
      ['IntegrationNotFoundError', new IntegrationNotFoundError('i-1'), 404],
      ['RoleNotFoundError', new RoleNotFoundError('r-1'), 404],
      ['AdminUserNotFoundError', new AdminUserNotFoundError('u-1'), 404],
      ['IntegrationNameTakenError', new IntegrationNameTakenError('ERP'), 409],
      ['RoleNameTakenError', new RoleNameTakenError('Support'), 409],
      ['UsernameTakenError', new UsernameTakenError('sally'), 409],
      ['IntegrationAlreadyActiveError', new IntegrationAlreadyActiveError('ERP'), 409],
      ['TokenExchangeUnavailableError', new TokenExchangeUnavailableError('ERP'), 503],
      ['CallbackFailedError', new CallbackFailedError('ERP', { status: 500 }), 502],
      ['MissingCredentialsError', new MissingCredentialsError(['username']), 400],
      ['InvalidGrantError', new InvalidGrantError('a resource cannot be both selected and excluded', ['A_B::c']), 400],
      ['UnknownResourceError', new UnknownResourceError(['A_B::c']), 400],
      ['InvalidResourceIdError', new InvalidResourceIdError('nope'), 400],
      ['IntegrationConfigManagedError', new IntegrationConfigManagedError('ERP', 'edit'), 422],
      ['IntegrationNotActivatedError', new IntegrationNotActivatedError('ERP'), 422],
      ['IntegrationRoleNotEditableError', new IntegrationRoleNotEditableError('r-1'), 422],
      ['SelfDeactivationError', new SelfDeactivationError('deactivate'), 422],
    ])('answers %s with %i and its message, code and parameters', (_name, error, status) => {
      const answer = toHttpAnswer(error, neverUnavailable);

      expect(answer).toEqual({
        status,
        body: { message: error.message, code: error.code, parameters: error.parameters },
        headers: {},
        unexpected: false,
      });
    });

    it('adds the per-field error of a 400 that names a field', () => {
      const error = new InvalidValueError('VALIDATION.EMAIL_INVALID', '"email" is not a valid email address.', { field: 'email', value: 'x' });

      expect(toHttpAnswer(error, neverUnavailable)).toEqual({
        status: 400,
        body: {
          message: error.message,
          code: 'VALIDATION.EMAIL_INVALID',
          parameters: { field: 'email', value: 'x' },
          errors: [{ field: 'email', message: error.message }],
        },
        headers: {},
        unexpected: false,
      });
    });

    it.each<[string, DomainError, string]>([
      ['a weak password', new WeakPasswordError('it must be at least 7 characters long'), 'password'],
      ['a wrong current password', new CurrentPasswordInvalidError(false), 'currentPassword'],
    ])('answers %s as a 400 on its field', (_case, error, field) => {
      const answer = toHttpAnswer(error, neverUnavailable);

      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ field, message: error.message }]);
    });

    it('adds no per-field errors to an answer other than 400', () => {
      const error = new FieldRuleError();

      const answer = toHttpAnswer(error, neverUnavailable);

      expect(answer.status).toBe(422);
      expect(answer.body).not.toHaveProperty('errors');
    });

    it('keeps a domain error a domain error, even when the storage check would call it an outage', () => {
      expect(toHttpAnswer(new RoleNotFoundError('r-1'), alwaysUnavailable).status).toBe(404);
    });
  });

  it('passes on an HttpProblem as decided by the adapter', () => {
    const problem = HttpProblem.badRequest([{ field: 'name', message: '"name" is required.' }]);

    expect(toHttpAnswer(problem, alwaysUnavailable)).toEqual({
      status: 400,
      body: {
        message: 'One or more input exceptions have occurred.',
        code: 'VALIDATION.FAILED',
        parameters: { fields: ['name'] },
        errors: [{ field: 'name', message: '"name" is required.' }],
      },
      headers: {},
      unexpected: false,
    });
    expect(toHttpAnswer(new HttpProblem(429, { message: 'Slow down.', code: 'RATE' }, { 'retry-after': '1' }), neverUnavailable)).toEqual({
      status: 429,
      body: { message: 'Slow down.', code: 'RATE' },
      headers: { 'retry-after': '1' },
      unexpected: false,
    });
  });

  it('answers a refusal over the rate limit with 429 and the headers saying when to retry', () => {
    const refused = new RateLimitExceededError({ allowed: false, limit: 100, windowSeconds: 60, remaining: 0, resetSeconds: 60, retryAfterSeconds: 1 });

    const answer = toHttpAnswer(refused, neverUnavailable);

    expect(answer).toEqual({
      status: 429,
      body: { message: refused.message, code: 'GUARD.RATE_LIMITED', parameters: { limit: 100, windowSeconds: 60, retryAfterSeconds: 1 } },
      headers: { 'retry-after': '1', ratelimit: '"default";r=0;t=1', 'ratelimit-policy': '"default";q=100;w=60' },
      unexpected: false,
    });
  });

  it('answers a storage outage with 503 and Retry-After, not as unexpected', () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:3306 password=hunter2'), { code: 'ECONNREFUSED' });

    const answer = toHttpAnswer(outage, alwaysUnavailable);

    expect(answer).toEqual({ status: 503, body: DATABASE_UNAVAILABLE, headers: { 'retry-after': '5' }, unexpected: false });
    expect(JSON.stringify(answer.body)).not.toContain('hunter2');
  });

  it('answers a transaction conflict, which carries no kind, as any unexpected failure: 500, logged', () => {
    const conflict = new TransactionConflictError({ cause: new Error('Deadlock found when trying to get lock') });

    expect(toHttpAnswer(conflict, neverUnavailable)).toEqual({ status: 500, body: INTERNAL, headers: {}, unexpected: true });
  });

  describe("Fastify's own client errors", () => {
    it.each([
      ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'The request body must be JSON (Content-Type: application/json).'],
      ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'The request body is empty; send a JSON object.'],
      ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'The request body is too large.'],
      ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 'The request body is not valid JSON.'],
      ['FST_ERR_NOT_FOUND', 404, 'Not found.'],
      ['FST_ERR_SOMETHING_NEW', 400, 'The request is malformed.'],
    ])('answers %s with %i and a message of its own', (code, status, message) => {
      expect(toHttpAnswer(fastifyError(code, status), neverUnavailable)).toEqual({
        status,
        body: { message, code: 'REQUEST.INVALID' },
        headers: {},
        unexpected: false,
      });
    });

    it('treats a Fastify error with a 5xx status, or a 4xx status without an FST_ code, as unexpected', () => {
      expect(toHttpAnswer(fastifyError('FST_ERR_INTERNAL', 500), neverUnavailable)).toMatchObject({ status: 500, unexpected: true });
      expect(toHttpAnswer(fastifyError('ER_PARSE_ERROR', 400), neverUnavailable)).toMatchObject({ status: 500, unexpected: true });
    });
  });

  describe('unknown errors', () => {
    it.each([
      ['an Error', new Error('SELECT * FROM admin_user WHERE password_hash = "scrypt$secret"')],
      ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'scrypt$secret')")],
      ['a thrown string', 'scrypt$secret'],
      ['a thrown object', { message: 'scrypt$secret', status: 400 }],
      ['undefined', undefined],
    ])('answer %s with 500, a generic message, and mark it unexpected', (_case, error) => {
      const answer = toHttpAnswer(error, neverUnavailable);

      expect(answer).toEqual({ status: 500, body: INTERNAL, headers: {}, unexpected: true });
      expect(JSON.stringify(answer)).not.toContain('scrypt$secret');
    });
  });
});
