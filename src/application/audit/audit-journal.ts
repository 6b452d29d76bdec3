import { type AuditLog } from '../ports/audit-log.port';
import { type Digest } from '../ports/digest.port';
import { type PortcullisEvent } from '../ports/domain-events.port';
import { type EventJournal } from '../ports/event-journal.port';
import { type TransactionLock } from '../ports/transaction-lock.port';
import { sealAfter } from './audit-chain';
import { type AuditRecords } from './audit-records';

/** The lock every writer of the chain holds, so that two processes never append after the same entry. */
export const AUDIT_CHAIN_LOCK = 'audit-chain';

export interface AuditJournalDeps {
  readonly records: AuditRecords;
  readonly log: AuditLog;
  readonly lock: TransactionLock;
  readonly digest: Digest;
}

/**
 * The audit trail as the event journal: the entries a unit of work's events make are sealed into
 * the chain and stored in that unit of work, before it commits. Appending holds the chain's lock
 * (`audit-chain`) from reading the head to the commit, so concurrent writers, in this process or
 * another on the same database, take turns and the chain stays one line. A unit of work whose
 * events make no entry takes no lock and writes nothing.
 */
export class AuditJournal implements EventJournal {
  constructor(private readonly deps: AuditJournalDeps) {}

  async append(events: readonly PortcullisEvent[]): Promise<void> {
    const { records, log, lock, digest } = this.deps;
    const made = await records.of(events);
    if (made.length === 0) return;
    await lock.acquire(AUDIT_CHAIN_LOCK);
    await log.append(sealAfter(await log.head(), made, digest));
  }
}
