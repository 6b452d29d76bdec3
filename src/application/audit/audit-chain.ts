import { type Digest } from '../ports/digest.port';
import { type AuditEntry, type AuditJson, type AuditRecord, type ChainLink, GENESIS_HASH } from './audit-entry';

/**
 * The hash chain of the audit trail: each entry's hash is SHA-256 over its content and the hash of
 * the entry before it, so that editing, removing or reordering an entry breaks the chain at that
 * entry (`VerifyAuditChain`, `portcullis audit:verify`, finds where). Changing this serialization makes every stored hash
 * wrong: it is versioned (`CHAIN_VERSION`) and frozen.
 */
export const CHAIN_VERSION = 'portcullis-audit-v1';

/**
 * JSON with object keys sorted (by UTF-16 code units) at every level and no spaces: equal values
 * always give the same text, whatever order their keys were written in.
 * @throws TypeError for a value JSON cannot hold (undefined, a function, NaN, Infinity)
 */
export function canonicalJson(value: AuditJson): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('An audit entry holds only finite numbers.');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${(value as readonly AuditJson[]).map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const object = value as { readonly [key: string]: AuditJson };
    const keys = Object.keys(object).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key] as AuditJson)}`).join(',')}}`;
  }
  throw new TypeError(`An audit entry cannot hold a value of type ${typeof value}.`);
}

/**
 * What an entry's hash is taken over: one JSON array of every field in a fixed order (times as
 * ISO 8601 with milliseconds, a missing source as three nulls), then `prevHash`.
 */
export function chainContent(entry: Omit<AuditEntry, 'hash'>): string {
  const { actor, target, source } = entry;
  return canonicalJson([
    CHAIN_VERSION,
    entry.seq,
    entry.occurredAt.toISOString(),
    actor.kind,
    actor.id,
    actor.name,
    entry.action,
    target.kind,
    target.id,
    target.name,
    source?.ip ?? null,
    source?.userAgent ?? null,
    source?.requestId ?? null,
    entry.details,
    entry.prevHash,
  ]);
}

/** The hash an entry must carry. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>, digest: Digest): string {
  return digest.sha256Hex(chainContent(entry));
}

/** `records` as the entries that follow `head` (null: the chain is empty and never pruned). */
export function sealAfter(head: ChainLink | null, records: readonly AuditRecord[], digest: Digest): AuditEntry[] {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  return records.map((record) => {
    seq += 1;
    const unsealed = { ...record, seq, prevHash };
    const entry: AuditEntry = { ...unsealed, hash: entryHash(unsealed, digest) };
    prevHash = entry.hash;
    return entry;
  });
}
