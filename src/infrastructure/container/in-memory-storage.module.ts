import { ContainerModule } from 'inversify';
import { AUDIT_LOG } from '../../application/ports/audit-log.port';
import { InMemoryAuditLog } from '../../adapters/in-memory/in-memory-audit-log';
import { TRANSACTION_LOCK } from '../../application/ports/transaction-lock.port';
import { UNIT_OF_WORK } from '../../application/ports/unit-of-work.port';
import { InMemoryAdminTokenRepository } from '../../adapters/in-memory/in-memory-admin-token.repository';
import { InMemoryAdminUserRepository } from '../../adapters/in-memory/in-memory-admin-user.repository';
import { InMemoryDatabase } from '../../adapters/in-memory/in-memory-database';
import { InMemoryIntegrationRepository } from '../../adapters/in-memory/in-memory-integration.repository';
import { InMemoryNonceRepository } from '../../adapters/in-memory/in-memory-nonce.repository';
import { InMemoryOAuthTokenRepository } from '../../adapters/in-memory/in-memory-oauth-token.repository';
import { InMemoryRoleRepository } from '../../adapters/in-memory/in-memory-role.repository';
import { InMemorySignInFailureRepository } from '../../adapters/in-memory/in-memory-sign-in-failure.repository';
import { InMemoryTransactionLock } from '../../adapters/in-memory/in-memory-transaction-lock';
import { InMemoryUnitOfWork } from '../../adapters/in-memory/in-memory-unit-of-work';
import { InMemoryUsageRepository } from '../../adapters/in-memory/in-memory-usage.repository';
import { STORAGE_OUTAGES } from '../../application/ports/storage-outages.port';
import { ADMIN_TOKEN_REPOSITORY } from '../../domain/admin-session/admin-token.repository';
import { SIGN_IN_FAILURE_REPOSITORY } from '../../domain/admin-session/sign-in-failure.repository';
import { ADMIN_USER_REPOSITORY } from '../../domain/admin-user/admin-user.repository';
import { INTEGRATION_REPOSITORY } from '../../domain/integration/integration.repository';
import { NONCE_REPOSITORY } from '../../domain/oauth/nonce.repository';
import { ROLE_REPOSITORY } from '../../domain/role/role.repository';
import { type InjectionToken } from '../../domain/kernel/injection-token';
import { OAUTH_TOKEN_REPOSITORY } from '../../domain/token/oauth-token.repository';
import { USAGE_REPOSITORY } from '../../domain/usage/usage.repository';
import { singleton } from './singleton';
import { IN_MEMORY_DATABASE } from './tokens';

/** Every repository, the audit trail and the unit of work on one process-local database. */
export const inMemoryStorageModule = new ContainerModule(({ bind }) => {
  bind(IN_MEMORY_DATABASE).toConstantValue(new InMemoryDatabase());
  // Each store reads and writes the one database.
  const onTheDatabase = <T>(token: InjectionToken<T>, Store: new (db: InMemoryDatabase) => T): void =>
    singleton(bind, token, { db: IN_MEMORY_DATABASE }, ({ db }) => new Store(db));
  onTheDatabase(INTEGRATION_REPOSITORY, InMemoryIntegrationRepository);
  onTheDatabase(ROLE_REPOSITORY, InMemoryRoleRepository);
  onTheDatabase(ADMIN_USER_REPOSITORY, InMemoryAdminUserRepository);
  onTheDatabase(OAUTH_TOKEN_REPOSITORY, InMemoryOAuthTokenRepository);
  onTheDatabase(ADMIN_TOKEN_REPOSITORY, InMemoryAdminTokenRepository);
  onTheDatabase(SIGN_IN_FAILURE_REPOSITORY, InMemorySignInFailureRepository);
  onTheDatabase(NONCE_REPOSITORY, InMemoryNonceRepository);
  onTheDatabase(USAGE_REPOSITORY, InMemoryUsageRepository);
  onTheDatabase(UNIT_OF_WORK, InMemoryUnitOfWork);
  onTheDatabase(AUDIT_LOG, InMemoryAuditLog);
  bind(TRANSACTION_LOCK).toConstantValue(new InMemoryTransactionLock());
  // Process memory is never unreachable.
  bind(STORAGE_OUTAGES).toConstantValue(() => false);
});
