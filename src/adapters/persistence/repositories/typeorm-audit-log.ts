import { type SelectQueryBuilder } from 'typeorm';
import { type AuditEntry, type ChainLink } from '../../../application/audit/audit-entry';
import { type AuditLog, type AuditQuery, type AuditTimeRange } from '../../../application/ports/audit-log.port';
import { type Page, type PageQuery } from '../../../domain/kernel/page';
import { auditEntryToDomain, auditEntryToRow } from '../mappers/audit-entry.mapper';
import { type AuditEntryRow } from '../schemas/rows';
import { TypeormRepository } from './typeorm-repository';

/** Rows per INSERT: well under SQLite's and MySQL's limits on bound parameters. */
const INSERT_CHUNK = 200;
/** The one row of `audit_anchor`. */
const ANCHOR_ID = 1;

/**
 * The audit trail in `audit_entry` (one row per entry, `seq` the primary key, so two writers can
 * never both add the same entry) and `audit_anchor` (the last entry pruned).
 */
export class TypeormAuditLog extends TypeormRepository implements AuditLog {
  async head(): Promise<ChainLink | null> {
    const last = await this.locked(
      this.context.manager().createQueryBuilder(this.schemas.auditEntry, 'entry').select(['entry.seq', 'entry.hash']).orderBy('entry.seq', 'DESC').limit(1),
    ).getOne();
    if (last !== null) return { seq: Number(last.seq), hash: last.hash };
    const anchor = await this.locked(this.context.manager().createQueryBuilder(this.schemas.auditAnchor, 'anchor').where('anchor.id = :id', { id: ANCHOR_ID })).getOne();
    return anchor === null ? null : { seq: Number(anchor.seq), hash: anchor.hash };
  }

  async append(entries: readonly AuditEntry[]): Promise<void> {
    const manager = this.context.manager();
    for (let from = 0; from < entries.length; from += INSERT_CHUNK) {
      await manager.insert(this.schemas.auditEntry, entries.slice(from, from + INSERT_CHUNK).map(auditEntryToRow));
    }
  }

  async list(query: AuditQuery, page: PageQuery): Promise<Page<AuditEntry>> {
    const builder = this.context.manager().createQueryBuilder(this.schemas.auditEntry, 'entry');
    if (query.integrationId !== undefined) {
      builder.andWhere("entry.target_kind = 'integration'").andWhere('entry.target_id = :integrationId', { integrationId: query.integrationId });
    }
    if (query.actor !== undefined) {
      builder.andWhere('(entry.actor_name = :actor OR entry.actor_id = :actor OR entry.actor_kind = :actor)', { actor: query.actor });
    }
    if (query.action !== undefined) builder.andWhere('entry.action = :action', { action: query.action });
    this.within(builder, query.from, query.to);
    const [rows, total] = await builder
      .orderBy('entry.seq', 'DESC')
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize)
      .getManyAndCount();
    return { items: rows.map(auditEntryToDomain), total };
  }

  async entriesAfter(afterSeq: number, limit: number, range: AuditTimeRange = {}): Promise<readonly AuditEntry[]> {
    const builder = this.context.manager().createQueryBuilder(this.schemas.auditEntry, 'entry').where('entry.seq > :afterSeq', { afterSeq });
    this.within(builder, range.since, range.until);
    const rows = await builder.orderBy('entry.seq', 'ASC').limit(limit).getMany();
    return rows.map(auditEntryToDomain);
  }

  async anchor(): Promise<ChainLink | null> {
    const row = await this.context.manager().findOneBy(this.schemas.auditAnchor, { id: ANCHOR_ID });
    return row === null ? null : { seq: Number(row.seq), hash: row.hash };
  }

  async pruneBefore(cutoff: Date, limit: number): Promise<number> {
    const manager = this.context.manager();
    const oldest = await this.locked(
      manager
        .createQueryBuilder(this.schemas.auditEntry, 'entry')
        .select(['entry.seq', 'entry.hash', 'entry.occurredAt'])
        .orderBy('entry.seq', 'ASC')
        .limit(limit),
    ).getMany();
    // Only a run from the start, up to the first entry that is not old enough: the rest stays a chain.
    const firstKept = oldest.findIndex((row) => row.occurredAt.getTime() >= cutoff.getTime());
    const removed = firstKept === -1 ? oldest : oldest.slice(0, firstKept);
    const last = removed[removed.length - 1];
    if (last === undefined) return 0;
    await manager
      .createQueryBuilder()
      .delete()
      .from(this.schemas.auditEntry)
      .where('seq <= :last', { last: Number(last.seq) })
      .execute();
    const anchor = { id: ANCHOR_ID, seq: Number(last.seq), hash: last.hash };
    if (await manager.existsBy(this.schemas.auditAnchor, { id: ANCHOR_ID })) await manager.update(this.schemas.auditAnchor, { id: ANCHOR_ID }, anchor);
    else await manager.insert(this.schemas.auditAnchor, anchor);
    return removed.length;
  }

  /** `from` (inclusive) and `to` (exclusive) on the time an entry occurred. */
  private within(builder: SelectQueryBuilder<AuditEntryRow>, from: Date | undefined, to: Date | undefined): void {
    if (from !== undefined) builder.andWhere('entry.occurred_at >= :from', { from });
    if (to !== undefined) builder.andWhere('entry.occurred_at < :to', { to });
  }

  /**
   * On MySQL, a locking read: it sees the latest commit, where a plain read inside a transaction
   * sees the snapshot of the transaction's first read (taken before the chain's lock was waited
   * for). SQLite has no such clause and needs none: the lock's write already holds the database's
   * write lock, and a write transaction reads the latest data.
   */
  private locked<Row extends object>(builder: SelectQueryBuilder<Row>): SelectQueryBuilder<Row> {
    const type = this.context.manager().connection.options.type;
    return type === 'mysql' || type === 'mariadb' ? builder.setLock('pessimistic_write') : builder;
  }
}
