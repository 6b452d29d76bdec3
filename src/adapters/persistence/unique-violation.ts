import { QueryFailedError } from 'typeorm';

/**
 * True when a write failed on a unique or primary key. The drivers say it differently:
 * better-sqlite3 `SQLITE_CONSTRAINT_UNIQUE` / `SQLITE_CONSTRAINT_PRIMARYKEY`, mysql2 `ER_DUP_ENTRY`.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'ER_DUP_ENTRY';
}

/** Which unique key was violated, when the driver says (the key name on MySQL, columns on SQLite). */
export function violatedKey(error: unknown): string {
  if (!(error instanceof QueryFailedError)) return '';
  const message = (error.driverError as { message?: unknown }).message;
  return typeof message === 'string' ? message : '';
}

/**
 * True when a write failed because a row it references is gone (a foreign key). The drivers say it
 * differently: better-sqlite3 `SQLITE_CONSTRAINT_FOREIGNKEY`, mysql2 `ER_NO_REFERENCED_ROW_2`.
 */
export function isForeignKeyViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === 'ER_NO_REFERENCED_ROW_2' || code === 'ER_NO_REFERENCED_ROW';
}
