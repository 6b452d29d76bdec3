import { CliRuleViolation, CliUsageError, EXIT, codeOf, toCliFailure, type FailureClassifier } from '../../../../src/adapters/cli/cli-errors';
import { RateLimitExceededError } from '../../../../src/application/guard/guard.errors';
import { ConfigFilesError, NothingDeclaredError } from '../../../../src/application/config-sync/config-sync.errors';
import { CallbackFailedError, TokenExchangeUnavailableError } from '../../../../src/application/ports/token-exchange.port';
import { TransactionConflictError } from '../../../../src/application/ports/unit-of-work.port';
import { AccessDeniedError, AdminTokenInvalidError } from '../../../../src/domain/admin-session/admin-session.errors';
import { IntegrationNameTakenError, IntegrationNotActivatedError, IntegrationNotFoundError } from '../../../../src/domain/integration/integration.errors';
import { ERROR_KINDS, InvalidValueError } from '../../../../src/domain/kernel/domain-error';

const classify: FailureClassifier = {
  isUnavailable: (error) => (error as { code?: string }).code === 'ECONNREFUSED',
  configProblem: (error) => ((error as { code?: string }).code === 'CONFIG.INVALID' ? 'PORT must be a number.' : null),
};

describe('the CLI error table', () => {
  it('maps core refusals to 1, usage to 2, settings to 78, outages to 69 and anything else to 70', () => {
    expect(toCliFailure(new IntegrationNameTakenError('A'), classify)).toEqual({ exitCode: 1, code: 'INTEGRATION.NAME_TAKEN', message: 'The integration with name "A" exists.', unexpected: false });
    expect(toCliFailure(new InvalidValueError('VALIDATION.RANGE', 'bad\n  value', {}), classify)).toMatchObject({ exitCode: EXIT.ruleViolation, message: 'bad value' });
    expect(toCliFailure(new CliRuleViolation('CLI.CANCELLED', 'Cancelled.'), classify).exitCode).toBe(1);
    expect(toCliFailure(new CliUsageError('give --yes'), classify)).toMatchObject({ exitCode: 2, code: 'CLI.USAGE' });
    expect(toCliFailure(Object.assign(new Error('x'), { code: 'CONFIG.INVALID' }), classify)).toMatchObject({ exitCode: 78, message: 'PORT must be a number.' });
    expect(toCliFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), classify)).toMatchObject({
      exitCode: 69,
      code: 'SERVICE.DATABASE_UNAVAILABLE',
    });
    const bug = toCliFailure(new TypeError('secret-laden text'), classify);
    expect(bug).toMatchObject({ exitCode: 70, code: 'INTERNAL', unexpected: true });
    expect(bug.message).not.toContain('secret-laden');
  });

  it("tells the operator why a callback URL could not be reached (the HTTP API keeps it for the server's log)", () => {
    expect(toCliFailure(new CallbackFailedError('ERP', { reason: 'the address 10.0.0.5 is private and not in the allowed networks' }), classify)).toEqual({
      exitCode: 1,
      code: 'OAUTH.CALLBACK_FAILED',
      message: 'The callback URL of integration "ERP" could not be reached, so the integration was not activated. Reason: the address 10.0.0.5 is private and not in the allowed networks.',
      unexpected: false,
    });
    expect(toCliFailure(new CallbackFailedError('ERP', { status: 500 }), classify).message).toBe(
      'The callback URL of integration "ERP" answered HTTP 500 to the credentials POST, so the integration was not activated. The third party must answer 2xx.',
    );
  });

  it('exits 1 for a refusal of every kind, the token exchange this instance lacks included (69 is for a database outage)', () => {
    const failures = [
      new InvalidValueError('VALIDATION.RANGE', 'out of range', {}),
      new AdminTokenInvalidError('the token has expired'),
      new AccessDeniedError(['Portcullis::roles']),
      new IntegrationNotFoundError('i-1'),
      new IntegrationNameTakenError('A'),
      new IntegrationNotActivatedError('A'),
      new TokenExchangeUnavailableError('A'),
      new CallbackFailedError('A', { status: 500 }),
      new RateLimitExceededError({ allowed: false, limit: 1, windowSeconds: 60, remaining: 0, resetSeconds: 60, retryAfterSeconds: 60 }),
    ].map((error) => [error.kind, toCliFailure(error, classify).exitCode]);

    expect(Object.fromEntries(failures)).toEqual(Object.fromEntries(ERROR_KINDS.map((kind) => [kind, EXIT.ruleViolation])));
  });

  it('exits 70 for a transaction conflict, which carries no kind, as for any unexpected failure', () => {
    const conflict = new TransactionConflictError({ cause: new Error('Deadlock found when trying to get lock') });

    expect(toCliFailure(conflict, classify)).toMatchObject({ exitCode: 70, code: 'INTERNAL', unexpected: true });
  });

  it('exits 78 for configuration files that cannot be used, as for other settings', () => {
    const problems = new ConfigFilesError([{ location: { file: 'acl.xml', line: 3, column: 5 }, message: 'bad' }]);

    expect(toCliFailure(problems, classify)).toEqual({ exitCode: 78, code: 'CONFIG.INVALID_FILES', message: problems.message, unexpected: false });
    expect(toCliFailure(new NothingDeclaredError(['ERP'], false), classify)).toMatchObject({ exitCode: 78, code: 'CONFIG.NOTHING_DECLARED' });
  });

  it('finds the driver code under TypeORM wrappers', () => {
    expect(codeOf({ driverError: { code: 'ER_BAD_DB_ERROR' } })).toBe('ER_BAD_DB_ERROR');
    expect(codeOf(new Error('plain'))).toBeNull();
  });
});
