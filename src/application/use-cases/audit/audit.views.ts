import { type AuditActor, type AuditDetails, type AuditEntry, type AuditSource, type AuditTarget } from '../../audit/audit-entry';

/**
 * An entry as every edge shows it (REST, the CLI's `--json` and `audit:export`), in this field
 * order: `{ seq, occurredAt, actor, action, target, source, details, prevHash, hash }`.
 */
export interface AuditEntryView {
  readonly seq: number;
  readonly occurredAt: Date;
  readonly actor: AuditActor;
  readonly action: string;
  readonly target: AuditTarget;
  readonly source: AuditSource | null;
  readonly details: AuditDetails;
  readonly prevHash: string;
  readonly hash: string;
}

export function toAuditEntryView(entry: AuditEntry): AuditEntryView {
  return {
    seq: entry.seq,
    occurredAt: entry.occurredAt,
    actor: { kind: entry.actor.kind, id: entry.actor.id, name: entry.actor.name },
    action: entry.action,
    target: { kind: entry.target.kind, id: entry.target.id, name: entry.target.name },
    source: entry.source === null ? null : { ip: entry.source.ip, userAgent: entry.source.userAgent, requestId: entry.source.requestId },
    details: entry.details,
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}
