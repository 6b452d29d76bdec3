import { ContainerModule } from 'inversify';
import { AUDIT_LOG } from '../../application/ports/audit-log.port';
import { TRANSACTION_LOCK } from '../../application/ports/transaction-lock.port';
import { UNIT_OF_WORK } from '../../application/ports/unit-of-work.port';
import { type Persistence } from '../../adapters/persistence/persistence';
import { isDatabaseUnavailable } from '../../adapters/persistence/connection-errors';
import { STORAGE_OUTAGES } from '../../application/ports/storage-outages.port';
import { ADMIN_TOKEN_REPOSITORY } from '../../domain/admin-session/admin-token.repository';
import { SIGN_IN_FAILURE_REPOSITORY } from '../../domain/admin-session/sign-in-failure.repository';
import { ADMIN_USER_REPOSITORY } from '../../domain/admin-user/admin-user.repository';
import { INTEGRATION_REPOSITORY } from '../../domain/integration/integration.repository';
import { NONCE_REPOSITORY } from '../../domain/oauth/nonce.repository';
import { ROLE_REPOSITORY } from '../../domain/role/role.repository';
import { OAUTH_TOKEN_REPOSITORY } from '../../domain/token/oauth-token.repository';
import { USAGE_REPOSITORY } from '../../domain/usage/usage.repository';

/** Every repository, the audit trail, the unit of work and its locks on an open SQL database (SQLite or MySQL). */
export function persistenceModule(persistence: Persistence): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(INTEGRATION_REPOSITORY).toConstantValue(persistence.integrations);
    bind(ROLE_REPOSITORY).toConstantValue(persistence.roles);
    bind(ADMIN_USER_REPOSITORY).toConstantValue(persistence.adminUsers);
    bind(OAUTH_TOKEN_REPOSITORY).toConstantValue(persistence.tokens);
    bind(ADMIN_TOKEN_REPOSITORY).toConstantValue(persistence.adminTokens);
    bind(SIGN_IN_FAILURE_REPOSITORY).toConstantValue(persistence.signInFailures);
    bind(NONCE_REPOSITORY).toConstantValue(persistence.nonces);
    bind(USAGE_REPOSITORY).toConstantValue(persistence.usage);
    bind(STORAGE_OUTAGES).toConstantValue(isDatabaseUnavailable);
    bind(UNIT_OF_WORK).toConstantValue(persistence.unitOfWork);
    bind(TRANSACTION_LOCK).toConstantValue(persistence.transactionLock);
    bind(AUDIT_LOG).toConstantValue(persistence.auditLog);
  });
}
