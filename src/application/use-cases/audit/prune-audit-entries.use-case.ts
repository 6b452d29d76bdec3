import { AUDIT_CHAIN_LOCK } from '../../audit/audit-journal';
import { type AuditLog } from '../../ports/audit-log.port';
import { type Clock } from '../../ports/clock.port';
import { type TransactionLock } from '../../ports/transaction-lock.port';
import { type UnitOfWork } from '../../ports/unit-of-work.port';
import { type AuditSettings } from './audit.settings';

export interface PruneAuditEntriesResult {
  readonly pruned: number;
}

export interface PruneAuditEntriesDeps {
  readonly log: AuditLog;
  readonly unitOfWork: UnitOfWork;
  readonly lock: TransactionLock;
  readonly clock: Clock;
  readonly settings: AuditSettings;
}

/** Entries removed per transaction: short transactions, so writers of the trail wait little. */
const BATCH = 1000;

/**
 * Retention: removes the entries older than `retentionDays` (none when it is not set), oldest
 * first, in batches, each in a unit of work holding the chain's lock that also moves the anchor to
 * the last entry removed: the entries kept still verify, starting from the anchor.
 */
export class PruneAuditEntries {
  constructor(private readonly deps: PruneAuditEntriesDeps) {}

  async execute(): Promise<PruneAuditEntriesResult> {
    const { log, unitOfWork, lock, clock, settings } = this.deps;
    if (settings.retentionDays === null) return { pruned: 0 };
    const cutoff = new Date(clock.now().getTime() - settings.retentionDays * 86_400_000);
    let pruned = 0;
    for (;;) {
      const removed = await unitOfWork.run(async () => {
        await lock.acquire(AUDIT_CHAIN_LOCK);
        return log.pruneBefore(cutoff, BATCH);
      });
      pruned += removed;
      if (removed < BATCH) return { pruned };
    }
  }
}
