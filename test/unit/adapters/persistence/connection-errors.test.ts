import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from '../../../../src/adapters/persistence/connection-errors';

/** An error as the drivers throw them: an Error with a string `code` (and mysql2's `fatal`). */
function driverError(code: string, extra: Record<string, unknown> = {}, message = `driver failed: ${code}`): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    'ECONNREFUSED',
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EAI_AGAIN',
    'PROTOCOL_CONNECTION_LOST',
    'PROTOCOL_SEQUENCE_TIMEOUT',
    'ER_SERVER_SHUTDOWN',
    'ER_CON_COUNT_ERROR',
    'ER_CONNECTION_KILLED',
    'SQLITE_BUSY',
    'SQLITE_IOERR',
    'SQLITE_CANTOPEN',
  ])('is true for %s', (code) => {
    expect(isDatabaseUnavailable(driverError(code))).toBe(true);
  });

  it.each([
    ['a SQL syntax error (mysql2)', driverError('ER_PARSE_ERROR', { errno: 1064, sqlState: '42000', fatal: false })],
    ['a SQL syntax error (SQLite)', driverError('SQLITE_ERROR', {}, 'near "selec": syntax error')],
    ['a unique violation', driverError('ER_DUP_ENTRY', { errno: 1062 })],
    ['a constraint failure (SQLite)', driverError('SQLITE_CONSTRAINT_UNIQUE')],
    ['a missing table', driverError('ER_NO_SUCH_TABLE')],
    ['an access denied', driverError('ER_ACCESS_DENIED_ERROR', { fatal: false })],
    ['a plain Error', new Error('something else went wrong')],
    ['a TypeError', new TypeError('x is not a function')],
  ])('is false for %s', (_case, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it.each([undefined, null, 'ECONNREFUSED', 42, { code: 42 }, { fatal: 'true' }])('is false for %p', (value) => {
    expect(isDatabaseUnavailable(value)).toBe(false);
  });

  it('is true for an error mysql2 marks fatal, whatever its code', () => {
    expect(isDatabaseUnavailable(driverError('ER_SOMETHING_NEW', { fatal: true }))).toBe(true);
  });

  it('recognises plain objects with a code, not only Errors', () => {
    expect(isDatabaseUnavailable({ code: 'ECONNREFUSED' })).toBe(true);
  });

  it.each([
    ['the pool is closed', 'Pool is closed.'],
    ['the connection is in a closed state', "Can't add new command when connection is in closed state"],
    ['a connect timeout', 'connect ETIMEDOUT'],
  ])('is true when the message says %s', (_case, message) => {
    expect(isDatabaseUnavailable(new Error(message))).toBe(true);
  });

  describe('wrapped errors', () => {
    it("looks inside TypeORM's QueryFailedError (driverError)", () => {
      const wrapped = new QueryFailedError('SELECT 1', [], driverError('PROTOCOL_CONNECTION_LOST', { fatal: true }));

      expect(isDatabaseUnavailable(wrapped)).toBe(true);
    });

    it('is false for a QueryFailedError around a syntax error', () => {
      const wrapped = new QueryFailedError('SELEC 1', [], driverError('ER_PARSE_ERROR', { fatal: false }));

      expect(isDatabaseUnavailable(wrapped)).toBe(false);
    });

    it('follows `cause` through several layers', () => {
      const inner = driverError('ECONNRESET');
      const outer = new Error('the unit of work failed', { cause: new Error('saving the role failed', { cause: inner }) });

      expect(isDatabaseUnavailable(outer)).toBe(true);
    });

    it('follows a mix of driverError and cause', () => {
      const error = { driverError: new Error('wrapped', { cause: { code: 'EHOSTUNREACH' } }) };

      expect(isDatabaseUnavailable(error)).toBe(true);
    });

    it('is false when nothing in the chain says the database is unreachable', () => {
      const error = new Error('outer', { cause: new QueryFailedError('SELEC 1', [], driverError('SQLITE_ERROR')) });

      expect(isDatabaseUnavailable(error)).toBe(false);
    });

    it('stops on a chain that loops back on itself', () => {
      const a = new Error('a') as Error & { cause?: unknown };
      const b = new Error('b', { cause: a });
      a.cause = b;

      expect(isDatabaseUnavailable(a)).toBe(false);
    });
  });
});

describe('isDatabaseUnavailable: better-sqlite3 extended codes', () => {
  it.each(['SQLITE_IOERR_WRITE', 'SQLITE_IOERR_SHORT_READ', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_CANTOPEN_ISDIR', 'SQLITE_FULL'])('%s is an outage', (code) => {
    expect(isDatabaseUnavailable(Object.assign(new Error('disk trouble'), { code }))).toBe(true);
  });

  it('SQLITE_CONSTRAINT_UNIQUE is not', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBe(false);
  });
});
