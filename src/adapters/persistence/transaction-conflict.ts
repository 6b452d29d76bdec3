import { QueryFailedError } from 'typeorm';

/**
 * True when the database ended a transaction (or a statement of it) because of a concurrent one:
 * MySQL and MariaDB `ER_LOCK_DEADLOCK` (rolled back to break a deadlock) and `ER_LOCK_WAIT_TIMEOUT`
 * (innodb_lock_wait_timeout passed waiting for a row lock); SQLite `SQLITE_BUSY` and its extended
 * codes (the busy timeout passed waiting for the write lock, or another process wrote since this
 * transaction's snapshot). Nothing the transaction wrote stays once it is rolled back.
 */
export function isTransactionConflict(error: unknown): boolean {
  const code = driverCode(error);
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY'));
}

/**
 * True when only the statement gave up waiting for a lock another transaction holds, so that the
 * transaction may try it again: MySQL's `ER_LOCK_WAIT_TIMEOUT` (innodb_rollback_on_timeout is off
 * by default) and SQLite's plain `SQLITE_BUSY` (the busy timeout passed).
 */
export function isLockWaitTimeout(error: unknown): boolean {
  const code = driverCode(error);
  return code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY';
}

function driverCode(error: unknown): unknown {
  return error instanceof QueryFailedError ? (error.driverError as { code?: unknown }).code : undefined;
}
