import { isAbsolute, join } from 'node:path';
import { type SqlDialect } from './schemas/schemas';

export interface DatabaseLocation {
  readonly dialect: SqlDialect;
  /** For MySQL/MariaDB: which TypeORM driver type (MariaDB differs in a few DDL details). */
  readonly driver: 'better-sqlite3' | 'mysql' | 'mariadb';
  /** SQLite: the file path (or `:memory:`); MySQL: the URL as given. */
  readonly target: string;
}

export class DatabaseUrlError extends Error {
  readonly code = 'CONFIG.DATABASE_URL_INVALID';
  constructor(reason: string) {
    super(`DATABASE_URL is invalid: ${reason}. Use sqlite:./data/portcullis.sqlite, mysql://user:pass@host:3306/db or mariadb://user:pass@host:3306/db.`);
    this.name = 'DatabaseUrlError';
  }
}

/**
 * Reads `sqlite:<path>` (relative to `baseDir`), `sqlite::memory:`, `mysql://…` or `mariadb://…`.
 * @throws DatabaseUrlError naming what is wrong, never echoing a password.
 */
export function parseDatabaseUrl(url: string, baseDir: string = process.cwd()): DatabaseLocation {
  const value = url.trim();
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path.length === 0) throw new DatabaseUrlError('the sqlite: URL has no file path');
    if (path === ':memory:') return { dialect: 'sqlite', driver: 'better-sqlite3', target: ':memory:' };
    return { dialect: 'sqlite', driver: 'better-sqlite3', target: isAbsolute(path) ? path : join(baseDir, path) };
  }
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new DatabaseUrlError('it is not a URL');
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new DatabaseUrlError(`the scheme "${parsed.protocol.replace(/:$/, '')}" is not supported`);
  }
  if (parsed.hostname === '') throw new DatabaseUrlError('it has no host');
  if (parsed.pathname.replace(/^\//, '') === '') throw new DatabaseUrlError('it names no database (…/portcullis)');
  return { dialect: 'mysql', driver: parsed.protocol === 'mariadb:' ? 'mariadb' : 'mysql', target: value };
}

/** The database name of a MySQL URL (for creating it in tests and tools). */
export function mysqlDatabaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}
