import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Pool } from 'mysql2';
import { createConnection } from 'mysql2/promise';
import { DataSource, IsNull, type MigrationInterface } from 'typeorm';
import { tokenDigest } from './mappers/oauth-token.mapper';
import { SecretDecryptionError, type SecretCipher } from '../../application/ports/secret-cipher.port';
import { type AuditLog } from '../../application/ports/audit-log.port';
import { type TransactionLock } from '../../application/ports/transaction-lock.port';
import { type UnitOfWork } from '../../application/ports/unit-of-work.port';
import { type AdminTokenRepository } from '../../domain/admin-session/admin-token.repository';
import { type SignInFailureRepository } from '../../domain/admin-session/sign-in-failure.repository';
import { type AdminUserRepository } from '../../domain/admin-user/admin-user.repository';
import { type IntegrationRepository } from '../../domain/integration/integration.repository';
import { type NonceRepository } from '../../domain/oauth/nonce.repository';
import { type RoleRepository } from '../../domain/role/role.repository';
import { type OAuthTokenRepository } from '../../domain/token/oauth-token.repository';
import { type UsageRepository } from '../../domain/usage/usage.repository';
import { ConnectionQueue } from './connection-queue';
import { parseDatabaseUrl, type DatabaseLocation } from './database-url';
import { MYSQL_MIGRATIONS } from './migrations/mysql';
import { MysqlNonceWriter } from './mysql-nonce-writer';
import { type NonceWriter } from './nonce-writer';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';
import { TypeormAuditLog } from './repositories/typeorm-audit-log';
import { TypeormAdminTokenRepository } from './repositories/typeorm-admin-token.repository';
import { TypeormAdminUserRepository } from './repositories/typeorm-admin-user.repository';
import { TypeormIntegrationRepository } from './repositories/typeorm-integration.repository';
import { TypeormNonceRepository } from './repositories/typeorm-nonce.repository';
import { TypeormOAuthTokenRepository } from './repositories/typeorm-oauth-token.repository';
import { TypeormRoleRepository } from './repositories/typeorm-role.repository';
import { TypeormSignInFailureRepository } from './repositories/typeorm-sign-in-failure.repository';
import { TypeormUsageRepository } from './repositories/typeorm-usage.repository';
import { createSchemas, type PersistenceSchemas } from './schemas/schemas';
import { SqliteNonceWriter, type SqliteHandle } from './sqlite-nonce-writer';
import { TransactionContext } from './transaction-context';
import { TypeormTransactionLock } from './typeorm-transaction-lock';
import { TypeormUnitOfWork } from './typeorm-unit-of-work';

export interface PersistenceOptions {
  /** `sqlite:<path>`, `sqlite::memory:`, `mysql://…` or `mariadb://…`. */
  readonly url: string;
  /** Relative SQLite paths are resolved against it (default: the working directory). */
  readonly baseDir?: string;
  /** Encrypts consumer and token secrets at rest. */
  readonly cipher: SecretCipher;
  /** Apply pending migrations on open (default true). */
  readonly migrate?: boolean;
  /** MySQL connection pool size (default 10). */
  readonly poolSize?: number;
  /**
   * Nonces with MariaDB's `INSERT … RETURNING` when the server has it (default true); false takes
   * the way used on MySQL, which has none (tests run it on MariaDB).
   */
  readonly nonceReturning?: boolean;
}

/** An open database with every repository bound to it. */
export interface Persistence {
  readonly location: DatabaseLocation;
  readonly dataSource: DataSource;
  readonly schemas: PersistenceSchemas;
  readonly unitOfWork: UnitOfWork;
  /** Locks held by a unit of work, across the processes sharing the database. */
  readonly transactionLock: TransactionLock;
  readonly integrations: IntegrationRepository;
  readonly roles: RoleRepository;
  readonly adminUsers: AdminUserRepository;
  readonly tokens: OAuthTokenRepository;
  readonly adminTokens: AdminTokenRepository;
  readonly signInFailures: SignInFailureRepository;
  readonly nonces: NonceRepository;
  /** The calls per integration, hour and outcome. */
  readonly usage: UsageRepository;
  /** The audit trail. */
  readonly auditLog: AuditLog;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  /**
   * Lets the nonces already handed in be written (for a bounded time: those the database has not
   * answered by then fail), then closes the connections.
   */
  close(): Promise<void>;
}

export class SecretKeyMismatchError extends Error {
  readonly code = 'CONFIG.SECRET_KEY_MISMATCH';
  constructor() {
    super(
      'The secret key does not match the one this database was written with, so its stored secrets cannot be read. ' +
        'Start with the original PORTCULLIS_SECRET_KEY (or the original key file in the data directory).',
    );
    this.name = 'SecretKeyMismatchError';
  }
}

const KEY_CHECK = 'secret_key_check';
const KEY_CHECK_PLAIN = 'portcullis secret key check v1';

export function migrationsFor(location: DatabaseLocation): Array<new () => MigrationInterface> {
  return location.dialect === 'sqlite' ? [...SQLITE_MIGRATIONS] : [...MYSQL_MIGRATIONS];
}

/**
 * TypeORM needs to know whether a MySQL-protocol server is MariaDB (their catalogs differ), and a
 * mysql:// URL may point at either: ask the server.
 */
export async function detectServer(location: DatabaseLocation): Promise<DatabaseLocation> {
  if (location.dialect !== 'mysql') return location;
  const connection = await createConnection(location.target.replace(/^mariadb:/, 'mysql:'));
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    const version = (rows as Array<{ version?: unknown }>)[0]?.version;
    const isMariaDb = typeof version === 'string' && /mariadb/i.test(version);
    return { ...location, driver: isMariaDb ? 'mariadb' : 'mysql' };
  } finally {
    await connection.end();
  }
}

/** Connections in a MySQL/MariaDB pool unless told otherwise. */
const DEFAULT_POOL_SIZE = 10;

/** A DataSource for the URL with the dialect's schemas and migrations; not yet initialized. */
export function createDataSource(location: DatabaseLocation, schemas: PersistenceSchemas, poolSize = DEFAULT_POOL_SIZE): DataSource {
  const entities = Object.values(schemas);
  const migrations = migrationsFor(location);
  if (location.driver === 'better-sqlite3') {
    if (location.target !== ':memory:') createPrivateFile(location.target);
    return new DataSource({
      type: 'better-sqlite3',
      database: location.target,
      enableWAL: location.target !== ':memory:',
      // WAL with synchronous=NORMAL, SQLite's advice for WAL: never corrupt, durable across a crash
      // of the process; an OS crash or power cut may undo the last commits. FULL would fsync on
      // every commit, and the guard commits a nonce per signed request.
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma('synchronous = NORMAL');
      },
      // Wait instead of failing when another process holds the write lock.
      timeout: 5000,
      entities,
      migrations,
      migrationsTableName: 'portcullis_migrations',
    });
  }
  return new DataSource({
    type: location.driver,
    url: location.target.replace(/^mariadb:/, 'mysql:'),
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    poolSize,
    entities,
    migrations,
    migrationsTableName: 'portcullis_migrations',
  });
}

/**
 * Opens the database, applies migrations (unless told not to) and checks the secret key against
 * the value stored at first use.
 * @throws DatabaseUrlError for a malformed URL
 * @throws SecretKeyMismatchError when the key differs from the one the data was written with
 */
export async function openPersistence(options: PersistenceOptions): Promise<Persistence> {
  const location = await detectServer(parseDatabaseUrl(options.url, options.baseDir));
  const schemas = createSchemas(location.dialect);
  const dataSource = createDataSource(location, schemas, options.poolSize);
  await dataSource.initialize();
  try {
    if (options.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
    await checkSecretKey(dataSource, schemas, options.cipher);
    await upgradeLegacyTokens(dataSource, schemas, options.cipher);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  const context = new TransactionContext(dataSource);
  const queue = location.dialect === 'sqlite' ? new ConnectionQueue() : null;
  const unitOfWork = new TypeormUnitOfWork(context, queue);
  const nonceWriter = createNonceWriter(dataSource, schemas, queue, options.nonceReturning ?? true, options.poolSize ?? DEFAULT_POOL_SIZE);
  const checkpoints = location.target === ':memory:' || queue === null ? undefined : startWalCheckpoints(sqliteHandle(dataSource));
  return {
    location,
    dataSource,
    schemas,
    unitOfWork,
    transactionLock: new TypeormTransactionLock(context, schemas, location.dialect),
    integrations: new TypeormIntegrationRepository(context, unitOfWork, schemas, options.cipher),
    roles: new TypeormRoleRepository(context, unitOfWork, schemas),
    adminUsers: new TypeormAdminUserRepository(context, schemas),
    tokens: new TypeormOAuthTokenRepository(context, schemas, options.cipher),
    adminTokens: new TypeormAdminTokenRepository(context, schemas),
    signInFailures: new TypeormSignInFailureRepository(context, schemas),
    nonces: new TypeormNonceRepository(context, schemas, nonceWriter),
    usage: new TypeormUsageRepository(context, schemas, location.dialect),
    auditLog: new TypeormAuditLog(context, schemas),
    ping: async () => {
      await dataSource.query('SELECT 1');
    },
    close: async () => {
      clearInterval(checkpoints);
      try {
        await nonceWriter.close();
      } finally {
        await dataSource.destroy();
      }
    },
  };
}

/** The better-sqlite3 handle TypeORM opened (its one connection). */
function sqliteHandle(dataSource: DataSource): SqliteHandle & { pragma(source: string): unknown } {
  return (dataSource.driver as unknown as { databaseConnection: SqliteHandle & { pragma(source: string): unknown } }).databaseConnection;
}

/** Nonce batches written at once on MySQL/MariaDB: enough that one stuck on a row lock holds up no one, few enough to leave most of the pool to units of work. */
const NONCE_BATCHES_IN_FLIGHT = 4;

/** SQLite: one batch at a time, in the connection's queue. MySQL/MariaDB: a few at once, always leaving a pooled connection to the rest. */
function createNonceWriter(dataSource: DataSource, schemas: PersistenceSchemas, queue: ConnectionQueue | null, returning: boolean, poolSize: number): NonceWriter {
  const driver = dataSource.driver;
  const table = driver.escape(dataSource.getMetadata(schemas.nonce).tableName);
  if (queue !== null) return new SqliteNonceWriter(sqliteHandle(dataSource), queue, table);
  const pool = (driver as unknown as { pool: Pool }).pool;
  return new MysqlNonceWriter(pool, table, returning && driver.isReturningSqlSupported('insert'), Math.max(1, Math.min(NONCE_BATCHES_IN_FLIGHT, poolSize - 1)));
}

/** How often the WAL is checkpointed (see startWalCheckpoints). */
const WAL_CHECKPOINT_INTERVAL_MS = 100;

/**
 * WAL checkpoints off the request path: SQLite's default (wal_autocheckpoint=1000 pages) makes the
 * commit that takes the WAL past 4 MB copy it into the database file, inside that commit, so some
 * request waits for it. Here automatic checkpoints are off and a PASSIVE checkpoint (never waits
 * for a lock, never blocks writers) runs on an unref'd timer every 100 ms, between requests; it is
 * skipped while a transaction is open on the connection.
 *
 * Measured with bench/sqlite-checkpoint.bench.js (200,000 nonce rows in commits of 10, saturating
 * writes, this 2-core machine under load 2–4): default 104–123 µs/row, commit p99 25–28 ms;
 * every 100 ms: 60–79 µs/row, commit p99 4–5 ms, slowest checkpoint 86–176 ms, WAL file at most
 * 32–45 MB. Every 1 s was cheaper per row (35–77 µs) but a single checkpoint took up to 460 ms
 * and the WAL reached 300 MB. A second connection checkpointing in a worker thread kept the event
 * loop free, but under continuous writes its PASSIVE checkpoints never caught up with the writer,
 * so the WAL was never restarted and grew without bound (1.65 GB after 200,000 rows): rejected.
 */
function startWalCheckpoints(db: SqliteHandle & { pragma(source: string): unknown }): NodeJS.Timeout {
  db.pragma('wal_autocheckpoint = 0');
  // After a burst, the WAL file is cut back to 64 MB when it next starts over.
  db.pragma('journal_size_limit = 67108864');
  const timer = setInterval(() => {
    if (db.inTransaction) return;
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Tried again on the next tick; the WAL only grows meanwhile.
    }
  }, WAL_CHECKPOINT_INTERVAL_MS);
  timer.unref();
  return timer;
}

async function checkSecretKey(dataSource: DataSource, schemas: PersistenceSchemas, cipher: SecretCipher): Promise<void> {
  const repository = dataSource.getRepository(schemas.meta);
  const stored = await repository.findOneBy({ key: KEY_CHECK });
  if (stored === null) {
    await repository.insert({ key: KEY_CHECK, value: cipher.encrypt(KEY_CHECK_PLAIN) });
    return;
  }
  try {
    if (cipher.decrypt(stored.value) === KEY_CHECK_PLAIN) return;
  } catch (error) {
    if (!(error instanceof SecretDecryptionError)) throw error;
  }
  throw new SecretKeyMismatchError();
}

/**
 * Rows written before tokens were stored by digest hold the token itself: each is rewritten as its
 * digest and ciphertext. Guarded by `token_cipher IS NULL`, so processes starting together upgrade
 * each row once; a no-op once done.
 */
export async function upgradeLegacyTokens(dataSource: DataSource, schemas: PersistenceSchemas, cipher: SecretCipher): Promise<void> {
  const repository = dataSource.getRepository(schemas.token);
  const legacy = await repository.find({ select: { id: true, token: true }, where: { tokenCipher: IsNull() } });
  for (const { id, token } of legacy) {
    await repository.update({ id, tokenCipher: IsNull() }, { token: tokenDigest(token), tokenCipher: cipher.encrypt(token) });
  }
}

/**
 * The SQLite file holds the integrations' tokens: it is created with mode 0600, as the secret key
 * is, and an existing one readable by others is narrowed to 0600. SQLite gives the -wal and -shm
 * files it creates beside it the database file's mode.
 */
function createPrivateFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  closeSync(openSync(file, 'a', 0o600));
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
}
