import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AesGcmSecretCipher } from '../../../src/adapters/crypto/aes-gcm-secret-cipher';
import { recreateMysqlDatabase } from '../../../src/infrastructure/tools/migration-tool';
import { mysqlAvailable } from './backends';

/** A database for the audit trail's suites, and a connection of its own for raw SQL (as an intruder would have). */
export interface AuditDatabase {
  readonly kind: 'sqlite' | 'mysql';
  /** `sqlite:<file>` or `mysql://…` */
  readonly url: string;
  readonly secretKey: string;
  readonly dataDir: string;
  /** Raw SQL with `?` placeholders, outside Portcullis. */
  query<T = Record<string, unknown>>(sql: string, parameters?: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** The name of a database named after TEST_MYSQL_URL's own, with `suffix` (so it keeps the run's prefix). */
export function siblingMysqlDatabase(suffix: string): string {
  const base = new URL(process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_test');
  return `${decodeURIComponent(base.pathname.replace(/^\//, ''))}_${suffix}`;
}

/** The MySQL URL of `siblingMysqlDatabase(suffix)`. */
export function siblingMysqlUrl(suffix: string): string {
  const base = new URL(process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_test');
  base.pathname = `/${siblingMysqlDatabase(suffix)}`;
  return base.toString();
}

export function sqliteAuditDatabase(): Promise<AuditDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-audit-'));
  const file = join(dataDir, 'portcullis.sqlite');
  return Promise.resolve(withRawConnection('sqlite', `sqlite:${file}`, dataDir));
}

export async function mysqlAuditDatabase(suffix: string): Promise<AuditDatabase> {
  if (!mysqlAvailable()) throw new Error(`MySQL is required but did not answer: ${process.env.PORTCULLIS_TEST_MYSQL_ERROR ?? 'unknown error'}`);
  const url = siblingMysqlUrl(suffix);
  await recreateMysqlDatabase(url);
  const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-audit-mysql-'));
  return withRawConnection('mysql', url, dataDir);
}

/** Raw SQL on a database Portcullis opened elsewhere (a test server's): `sqlite:<file>` or `mysql://…`. */
export function rawQueriesOn(url: string): Pick<AuditDatabase, 'query'> & { close(): Promise<void> } {
  const make = url.startsWith('sqlite:')
    ? () => new DataSource({ type: 'better-sqlite3', database: url.slice('sqlite:'.length), timeout: 5000 })
    : () => new DataSource({ type: 'mysql', url, timezone: 'Z', poolSize: 1 });
  let raw: Promise<DataSource> | undefined;
  return {
    query: async <T>(sql: string, parameters: readonly unknown[] = []) => {
      raw ??= make().initialize();
      const rows: unknown = await (await raw).query(sql, [...parameters]);
      return (Array.isArray(rows) ? rows : []) as T[];
    },
    close: async () => {
      if (raw !== undefined) await (await raw).destroy();
    },
  };
}

/** The database with a raw connection opened at the first query (after Portcullis created the file or tables). */
function withRawConnection(kind: AuditDatabase['kind'], url: string, dataDir: string): AuditDatabase {
  const raw = rawQueriesOn(url);
  return {
    kind,
    url,
    secretKey: AesGcmSecretCipher.generateKey().toString('hex'),
    dataDir,
    query: raw.query,
    close: async () => {
      await raw.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
