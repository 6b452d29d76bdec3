import { canonicalJson } from '../../../application/audit/audit-chain';
import { type AuditActorKind, type AuditDetails, type AuditEntry, type AuditTargetKind } from '../../../application/audit/audit-entry';
import { type AuditEntryRow } from '../schemas/rows';

export function auditEntryToRow(entry: AuditEntry): AuditEntryRow {
  return {
    seq: entry.seq,
    occurredAt: entry.occurredAt,
    actorKind: entry.actor.kind,
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    action: entry.action,
    targetKind: entry.target.kind,
    targetId: entry.target.id,
    targetName: entry.target.name,
    sourceIp: entry.source?.ip ?? null,
    sourceUserAgent: entry.source?.userAgent ?? null,
    sourceRequestId: entry.source?.requestId ?? null,
    details: canonicalJson(entry.details),
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}

/**
 * The entry a row holds, as stored: nothing is checked here (verification recomputes the hash), so
 * a row edited by hand reads back as edited, and `details` that are no longer JSON read back as
 * `{ "unreadable": <text> }` (whose hash cannot match).
 */
export function auditEntryToDomain(row: AuditEntryRow): AuditEntry {
  const source = row.sourceIp === null && row.sourceUserAgent === null && row.sourceRequestId === null ? null : { ip: row.sourceIp, userAgent: row.sourceUserAgent, requestId: row.sourceRequestId };
  return {
    seq: Number(row.seq),
    occurredAt: row.occurredAt,
    actor: { kind: row.actorKind as AuditActorKind, id: row.actorId, name: row.actorName },
    action: row.action,
    target: { kind: row.targetKind as AuditTargetKind, id: row.targetId, name: row.targetName },
    source,
    details: detailsOf(row.details),
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

function detailsOf(text: string): AuditDetails {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as AuditDetails;
  } catch {
    // Not JSON any more: shown as it is.
  }
  return { unreadable: text };
}
