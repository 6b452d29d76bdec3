import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AesGcmSecretCipher } from '../../../src/adapters/crypto/aes-gcm-secret-cipher';
import { InMemoryAdminTokenRepository } from '../../../src/adapters/in-memory/in-memory-admin-token.repository';
import { InMemoryAdminUserRepository } from '../../../src/adapters/in-memory/in-memory-admin-user.repository';
import { InMemoryDatabase } from '../../../src/adapters/in-memory/in-memory-database';
import { InMemoryIntegrationRepository } from '../../../src/adapters/in-memory/in-memory-integration.repository';
import { InMemoryNonceRepository } from '../../../src/adapters/in-memory/in-memory-nonce.repository';
import { InMemoryOAuthTokenRepository } from '../../../src/adapters/in-memory/in-memory-oauth-token.repository';
import { InMemoryRoleRepository } from '../../../src/adapters/in-memory/in-memory-role.repository';
import { InMemorySignInFailureRepository } from '../../../src/adapters/in-memory/in-memory-sign-in-failure.repository';
import { InMemoryUnitOfWork } from '../../../src/adapters/in-memory/in-memory-unit-of-work';
import { InMemoryUsageRepository } from '../../../src/adapters/in-memory/in-memory-usage.repository';
import { openPersistence, type Persistence, type PersistenceOptions } from '../../../src/adapters/persistence/persistence';
import { type UnitOfWork } from '../../../src/application/ports/unit-of-work.port';
import { type AdminTokenRepository } from '../../../src/domain/admin-session/admin-token.repository';
import { type SignInFailureRepository } from '../../../src/domain/admin-session/sign-in-failure.repository';
import { type AdminUserRepository } from '../../../src/domain/admin-user/admin-user.repository';
import { type IntegrationRepository } from '../../../src/domain/integration/integration.repository';
import { type NonceRepository } from '../../../src/domain/oauth/nonce.repository';
import { type RoleRepository } from '../../../src/domain/role/role.repository';
import { type OAuthTokenRepository } from '../../../src/domain/token/oauth-token.repository';
import { type UsageRepository } from '../../../src/domain/usage/usage.repository';
import { recreateMysqlDatabase } from '../../../src/infrastructure/tools/migration-tool';

/** The storage a contract test runs against. */
export interface Backend {
  readonly kind: 'memory' | 'sqlite' | 'mysql';
  readonly integrations: IntegrationRepository;
  readonly roles: RoleRepository;
  readonly adminUsers: AdminUserRepository;
  readonly tokens: OAuthTokenRepository;
  readonly adminTokens: AdminTokenRepository;
  readonly signInFailures: SignInFailureRepository;
  readonly nonces: NonceRepository;
  readonly usage: UsageRepository;
  readonly unitOfWork: UnitOfWork;
  /** The SQL persistence (null in memory), for raw checks. */
  readonly persistence: Persistence | null;
  /** The key the SQL persistence encrypts with (null in memory). */
  readonly cipher: AesGcmSecretCipher | null;
  /** Empties every table. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export const testCipher = (): AesGcmSecretCipher => new AesGcmSecretCipher(AesGcmSecretCipher.generateKey());

export function openInMemory(): Promise<Backend> {
  const database = new InMemoryDatabase();
  return Promise.resolve({
    kind: 'memory',
    integrations: new InMemoryIntegrationRepository(database),
    roles: new InMemoryRoleRepository(database),
    adminUsers: new InMemoryAdminUserRepository(database),
    tokens: new InMemoryOAuthTokenRepository(database),
    adminTokens: new InMemoryAdminTokenRepository(database),
    signInFailures: new InMemorySignInFailureRepository(database),
    nonces: new InMemoryNonceRepository(database),
    usage: new InMemoryUsageRepository(database),
    unitOfWork: new InMemoryUnitOfWork(database),
    persistence: null,
    cipher: null,
    reset: () => {
      database.restore(new InMemoryDatabase().image());
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  });
}

function fromPersistence(kind: 'sqlite' | 'mysql', persistence: Persistence, cipher: AesGcmSecretCipher, cleanup: () => void = () => undefined): Backend {
  return {
    kind,
    integrations: persistence.integrations,
    roles: persistence.roles,
    adminUsers: persistence.adminUsers,
    tokens: persistence.tokens,
    adminTokens: persistence.adminTokens,
    signInFailures: persistence.signInFailures,
    nonces: persistence.nonces,
    usage: persistence.usage,
    unitOfWork: persistence.unitOfWork,
    persistence,
    cipher,
    reset: async () => {
      // Children before parents (foreign keys).
      for (const table of ['integration_usage', 'oauth_nonce', 'oauth_token', 'authorization_rule', 'authorization_role', 'oauth_consumer', 'integration', 'admin_token', 'admin_user', 'sign_in_failure']) {
        await persistence.dataSource.query(`DELETE FROM ${table}`);
      }
    },
    close: async () => {
      await persistence.close();
      cleanup();
    },
  };
}

/** A fresh SQLite file in a temporary directory, migrated. */
export async function openSqlite(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-test-'));
  const cipher = testCipher();
  const persistence = await openPersistence({ url: `sqlite:${join(dir, 'test.sqlite')}`, cipher });
  return fromPersistence('sqlite', persistence, cipher, () => rmSync(dir, { recursive: true, force: true }));
}

export const mysqlAvailable = (): boolean => process.env.PORTCULLIS_TEST_MYSQL === 'up';
export const mysqlRequired = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

/**
 * A freshly re-created MySQL/MariaDB database (TEST_MYSQL_URL, or a sibling `database` on the same
 * server so that suites in parallel workers do not drop each other's tables), migrated.
 */
export async function openMysql(database?: string, options: Pick<PersistenceOptions, 'nonceReturning'> = {}): Promise<Backend> {
  if (!mysqlAvailable()) {
    throw new Error(`MySQL is required (CI=true) but did not answer: ${process.env.PORTCULLIS_TEST_MYSQL_ERROR ?? 'unknown error'}`);
  }
  const base = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_test';
  const url = database === undefined ? base : base.replace(/\/[^/]*$/, `/${database}`);
  await recreateMysqlDatabase(url);
  const cipher = testCipher();
  return fromPersistence('mysql', await openPersistence({ url, cipher, poolSize: 5, ...options }), cipher);
}

/**
 * The name of a MySQL database of a suite's own beside TEST_MYSQL_URL's: `<its database>_<suffix>`
 * (`portcullis_test_usage` by default), so that whoever sets TEST_MYSQL_URL also sets the prefix.
 */
export function siblingMysqlDatabase(suffix: string): string {
  const base = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_test';
  return `${/\/([^/?]*)(\?.*)?$/.exec(base)?.[1] ?? 'portcullis_test'}_${suffix}`;
}

/**
 * `describe` for a MySQL suite: runs when MySQL answers or CI requires it (then a missing MySQL
 * fails); otherwise skipped, with the notice printed by test/global-setup.js.
 */
export const describeMysql: jest.Describe = mysqlAvailable() || mysqlRequired() ? describe : describe.skip;
