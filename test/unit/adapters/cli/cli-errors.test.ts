import { CliRuleViolation, CliUsageError, EXIT, codeOf, toCliFailure, type FailureClassifier } from '../../../../src/adapters/cli/cli-errors';
import { IntegrationNameTakenError } from '../../../../src/domain/integration/integration.errors';
import { InvalidValueError } from '../../../../src/domain/shared/domain-error';

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

  it('finds the driver code under TypeORM wrappers', () => {
    expect(codeOf({ driverError: { code: 'ER_BAD_DB_ERROR' } })).toBe('ER_BAD_DB_ERROR');
    expect(codeOf(new Error('plain'))).toBeNull();
  });
});
