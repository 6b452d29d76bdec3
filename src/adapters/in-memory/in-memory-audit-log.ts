import { type AuditEntry, type ChainLink } from '../../application/audit/audit-entry';
import { type AuditLog, type AuditQuery, type AuditTimeRange } from '../../application/ports/audit-log.port';
import { type Page, type PageQuery } from '../../domain/kernel/page';
import { pageOf } from './in-memory-aggregates';
import { type InMemoryDatabase } from './in-memory-database';

/** The audit trail in process memory; entries are frozen, as stored rows cannot be changed through them. */
export class InMemoryAuditLog implements AuditLog {
  constructor(private readonly database: InMemoryDatabase) {}

  private get entries(): Map<number, AuditEntry> {
    return this.database.tables.auditEntries;
  }

  head(): Promise<ChainLink | null> {
    let last: AuditEntry | undefined;
    for (const entry of this.entries.values()) if (last === undefined || entry.seq > last.seq) last = entry;
    return Promise.resolve(last !== undefined ? { seq: last.seq, hash: last.hash } : this.database.tables.auditAnchor);
  }

  append(entries: readonly AuditEntry[]): Promise<void> {
    const taken = entries.find((entry) => this.entries.has(entry.seq));
    if (taken !== undefined) return Promise.reject(new Error(`Audit entry #${taken.seq} already exists.`));
    for (const entry of entries) this.entries.set(entry.seq, frozen(entry));
    return Promise.resolve();
  }

  list(query: AuditQuery, page: PageQuery): Promise<Page<AuditEntry>> {
    const matching = this.inOrder()
      .filter((entry) => matches(entry, query))
      .reverse();
    return Promise.resolve(pageOf(matching, page));
  }

  entriesAfter(afterSeq: number, limit: number, range: AuditTimeRange = {}): Promise<readonly AuditEntry[]> {
    const found = this.inOrder().filter((entry) => entry.seq > afterSeq && within(entry, range.since, range.until));
    return Promise.resolve(found.slice(0, limit));
  }

  anchor(): Promise<ChainLink | null> {
    return Promise.resolve(this.database.tables.auditAnchor);
  }

  pruneBefore(cutoff: Date, limit: number): Promise<number> {
    let removed = 0;
    for (const entry of this.inOrder()) {
      if (removed >= limit || entry.occurredAt.getTime() >= cutoff.getTime()) break;
      this.entries.delete(entry.seq);
      this.database.tables.auditAnchor = { seq: entry.seq, hash: entry.hash };
      removed += 1;
    }
    return Promise.resolve(removed);
  }

  private inOrder(): AuditEntry[] {
    return [...this.entries.values()].sort((a, b) => a.seq - b.seq);
  }
}

function matches(entry: AuditEntry, query: AuditQuery): boolean {
  if (query.integrationId !== undefined && !(entry.target.kind === 'integration' && entry.target.id === query.integrationId)) return false;
  if (query.actor !== undefined && ![entry.actor.kind, entry.actor.id, entry.actor.name].includes(query.actor)) return false;
  if (query.action !== undefined && entry.action !== query.action) return false;
  return within(entry, query.from, query.to);
}

function within(entry: AuditEntry, from: Date | undefined, to: Date | undefined): boolean {
  const at = entry.occurredAt.getTime();
  return (from === undefined || at >= from.getTime()) && (to === undefined || at < to.getTime());
}

/** A copy no caller can change (the details are JSON: a parse of their text is a deep copy). */
function frozen(entry: AuditEntry): AuditEntry {
  return Object.freeze({ ...entry, occurredAt: new Date(entry.occurredAt.getTime()), details: JSON.parse(JSON.stringify(entry.details)) as AuditEntry['details'] });
}
