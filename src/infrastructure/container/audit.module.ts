import { ContainerModule } from 'inversify';
import { AsyncLocalAuditScope } from '../../adapters/system/async-local-audit-scope';
import { NodeDigest } from '../../adapters/crypto/node-digest';
import { AuditJournal } from '../../application/audit/audit-journal';
import { AuditRecords } from '../../application/audit/audit-records';
import { ACL_TREE_PROVIDER } from '../../application/ports/acl-tree.port';
import { AUDIT_LOG } from '../../application/ports/audit-log.port';
import { AUDIT_SCOPE } from '../../application/ports/audit-scope.port';
import { CLOCK } from '../../application/ports/clock.port';
import { DIGEST } from '../../application/ports/digest.port';
import { EVENT_JOURNAL } from '../../application/ports/event-journal.port';
import { TRANSACTION_LOCK } from '../../application/ports/transaction-lock.port';
import { UNIT_OF_WORK } from '../../application/ports/unit-of-work.port';
import { AUDIT_SETTINGS } from '../../application/use-cases/audit/audit.settings';
import { ExportAuditEntries } from '../../application/use-cases/audit/export-audit-entries.use-case';
import { IntegrationHistory } from '../../application/use-cases/audit/integration-history.use-case';
import { ListAuditEntries } from '../../application/use-cases/audit/list-audit-entries.use-case';
import { PruneAuditEntries } from '../../application/use-cases/audit/prune-audit-entries.use-case';
import { VerifyAuditChain } from '../../application/use-cases/audit/verify-audit-chain.use-case';
import { ADMIN_USER_REPOSITORY } from '../../domain/admin-user/admin-user.repository';
import { INTEGRATION_REPOSITORY } from '../../domain/integration/integration.repository';
import { auditActorOf, auditSettingsOf, type PortcullisConfig } from '../config';
import { singleton, singletonClass } from './singleton';

/**
 * The audit trail: the journal every unit of work's events are written to before it commits
 * (`EVENT_JOURNAL`, used by the events module), the scope that says who acts and from where, and
 * the use cases that read, verify, export and prune it. The storage module binds `AUDIT_LOG`.
 * @throws ConfigError for a bad `auditRetentionDays` or `auditActor`
 */
export function auditModule(config: PortcullisConfig): ContainerModule {
  const settings = auditSettingsOf(config);
  const actor = auditActorOf(config);
  return new ContainerModule(({ bind }) => {
    bind(DIGEST).toConstantValue(new NodeDigest());
    bind(AUDIT_SCOPE).toConstantValue(new AsyncLocalAuditScope(actor !== undefined ? { actor } : {}));
    bind(AUDIT_SETTINGS).toConstantValue(settings);
    singletonClass(bind, AuditRecords, { scope: AUDIT_SCOPE, adminUsers: ADMIN_USER_REPOSITORY, integrations: INTEGRATION_REPOSITORY, aclTree: ACL_TREE_PROVIDER });
    singletonClass(bind, AuditJournal, { records: AuditRecords, log: AUDIT_LOG, lock: TRANSACTION_LOCK, digest: DIGEST });
    bind(EVENT_JOURNAL).toService(AuditJournal);

    singleton(bind, ListAuditEntries, { log: AUDIT_LOG }, (d) => new ListAuditEntries(d.log));
    singleton(bind, IntegrationHistory, { integrations: INTEGRATION_REPOSITORY, log: AUDIT_LOG }, (d) => new IntegrationHistory(d.integrations, d.log));
    singletonClass(bind, VerifyAuditChain, { log: AUDIT_LOG, digest: DIGEST });
    singleton(bind, ExportAuditEntries, { log: AUDIT_LOG }, (d) => new ExportAuditEntries(d.log));
    singletonClass(bind, PruneAuditEntries, { log: AUDIT_LOG, unitOfWork: UNIT_OF_WORK, lock: TRANSACTION_LOCK, clock: CLOCK, settings: AUDIT_SETTINGS });
  });
}
