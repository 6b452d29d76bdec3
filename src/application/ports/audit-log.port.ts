import { injectionToken } from '../../domain/kernel/injection-token';
import { type Page, type PageQuery } from '../../domain/kernel/page';
import { type AuditEntry, type ChainLink } from '../audit/audit-entry';

/** Which entries a list asks for; every filter given must match. */
export interface AuditQuery {
  /** Entries whose target is this integration. */
  readonly integrationId?: string;
  /** Entries whose actor has this name (an admin's username, an OS user), this id, or this kind (`system`, `cli`…). */
  readonly actor?: string;
  readonly action?: string;
  /** From this time (inclusive). */
  readonly from?: Date;
  /** Before this time (exclusive). */
  readonly to?: Date;
}

/** A time range of an export: from `since` (inclusive), before `until` (exclusive). */
export interface AuditTimeRange {
  readonly since?: Date;
  readonly until?: Date;
}

/**
 * The stored audit trail: entries in `seq` order, append-only (entries are only added at the end
 * and, by retention, removed from the start), and the anchor: the link of the last entry removed.
 * Writes join the current unit of work.
 */
export interface AuditLog {
  /**
   * The last entry's link; when every entry was pruned, the anchor's; null when nothing was ever
   * written. Call it inside a unit of work holding the chain's lock (`TransactionLock`
   * `audit-chain`): it reads what the previous holder committed, even on a database whose reads
   * would otherwise see the transaction's first snapshot.
   */
  head(): Promise<ChainLink | null>;
  /**
   * Adds sealed entries after the head, in the current unit of work.
   * @throws when a `seq` is taken (a writer that did not hold the lock): nothing is added
   */
  append(entries: readonly AuditEntry[]): Promise<void>;
  /** The entries matching `query`, newest (highest `seq`) first. */
  list(query: AuditQuery, page: PageQuery): Promise<Page<AuditEntry>>;
  /** Up to `limit` entries with `seq` above `afterSeq` (and within `range`), in `seq` order: a walk in batches. */
  entriesAfter(afterSeq: number, limit: number, range?: AuditTimeRange): Promise<readonly AuditEntry[]>;
  /** The link of the last entry pruned; null when none ever was. */
  anchor(): Promise<ChainLink | null>;
  /**
   * Removes up to `limit` of the oldest entries that occurred before `cutoff` (stopping at the
   * first that did not), and moves the anchor to the last one removed, in the current unit of work.
   * @returns how many were removed
   */
  pruneBefore(cutoff: Date, limit: number): Promise<number>;
}

export const AUDIT_LOG = injectionToken<AuditLog>('AuditLog');
