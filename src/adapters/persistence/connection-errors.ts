/** Socket and server-state errors that mean "the database is not reachable right now". */
const UNAVAILABLE_CODES = new Set([
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
]);

/** better-sqlite3 reports extended codes (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT…): match the family. */
const UNAVAILABLE_SQLITE_FAMILIES = ['SQLITE_BUSY', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_FULL'];

function isUnavailableCode(code: string): boolean {
  return UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLITE_FAMILIES.some((family) => code === family || code.startsWith(`${family}_`));
}

/**
 * True when an error (or what it wraps: TypeORM's `driverError`, a `cause`) says the database
 * cannot be reached, as opposed to a query it refused. mysql2 marks connection-level errors
 * `fatal`; the pool replaces such connections, so the next request after the outage succeeds.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    const { code, fatal, driverError, cause } = current as { code?: unknown; fatal?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof code === 'string' && isUnavailableCode(code)) return true;
    if (fatal === true) return true;
    if (current instanceof Error && /closed state|Pool is closed|connect ETIMEDOUT/.test(current.message)) return true;
    current = driverError ?? cause;
  }
  return false;
}
