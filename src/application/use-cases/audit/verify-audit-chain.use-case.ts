import { entryHash } from '../../audit/audit-chain';
import { GENESIS_HASH, type AuditEntry, type ChainLink } from '../../audit/audit-entry';
import { type AuditLog } from '../../ports/audit-log.port';
import { type Digest } from '../../ports/digest.port';

/**
 * How an entry fails the chain: `content` (its fields were changed: they do not give its hash),
 * `link` (its `prevHash` is not the hash of the entry before it), `gap` (entries before it are
 * missing) or `anchor` (the first entry after a pruning does not follow the last entry pruned).
 */
export type ChainProblemKind = 'content' | 'link' | 'gap' | 'anchor';

export interface ChainProblem {
  /** The first entry that does not match. */
  readonly seq: number;
  readonly kind: ChainProblemKind;
  readonly message: string;
}

export interface AuditChainReport {
  readonly valid: boolean;
  /** How many entries were checked: all of them when valid; up to and with the bad one otherwise. */
  readonly entries: number;
  /** The first and last entry checked; null when there is none. */
  readonly firstSeq: number | null;
  readonly lastSeq: number | null;
  /** The last entry pruned, which the chain starts after; null when none ever was. */
  readonly anchor: ChainLink | null;
  /** The first entry that does not match; null when the chain is valid. */
  readonly problem: ChainProblem | null;
}

/** Entries read at a time: a long trail is never held in memory at once. */
const BATCH = 1000;
/** A walk that met a pruning under way (the anchor moved) starts again, at most this many times. */
const ATTEMPTS = 3;

export type VerifyAuditChainDeps = { readonly log: AuditLog; readonly digest: Digest };

/**
 * Walks the audit trail in `seq` order from the anchor (or from the start), recomputes each
 * entry's hash and checks that it follows the one before, and names the first entry that does not
 * match. Removing entries at the end of the trail is not something a chain can show (an export
 * kept elsewhere, `audit:export`, can).
 */
export class VerifyAuditChain {
  constructor(private readonly deps: VerifyAuditChainDeps) {}

  async execute(): Promise<AuditChainReport> {
    for (let attempt = 1; ; attempt += 1) {
      const anchor = await this.deps.log.anchor();
      const report = await this.walk(anchor);
      if (report.valid || attempt >= ATTEMPTS || report.problem?.seq !== report.firstSeq) return report;
      // The first entry looked wrong: if retention pruned meanwhile, the anchor moved; walk again.
      const now = await this.deps.log.anchor();
      if (now?.seq === anchor?.seq && now?.hash === anchor?.hash) return report;
    }
  }

  private async walk(anchor: ChainLink | null): Promise<AuditChainReport> {
    let previous: ChainLink = anchor ?? { seq: 0, hash: GENESIS_HASH };
    let firstSeq: number | null = null;
    let entries = 0;
    const report = (problem: ChainProblem | null): AuditChainReport => ({
      valid: problem === null,
      entries,
      firstSeq,
      lastSeq: entries === 0 ? null : previous.seq,
      anchor,
      problem,
    });
    for (;;) {
      const batch = await this.deps.log.entriesAfter(previous.seq, BATCH);
      for (const entry of batch) {
        firstSeq ??= entry.seq;
        entries += 1;
        const problem = this.check(entry, previous, anchor, entries === 1);
        if (problem !== null) {
          previous = { seq: entry.seq, hash: entry.hash };
          return report(problem);
        }
        previous = { seq: entry.seq, hash: entry.hash };
      }
      if (batch.length < BATCH) return report(null);
    }
  }

  private check(entry: AuditEntry, previous: ChainLink, anchor: ChainLink | null, first: boolean): ChainProblem | null {
    const { seq } = entry;
    if (seq !== previous.seq + 1) {
      const missing = previous.seq + 1 === seq - 1 ? `entry #${previous.seq + 1} is` : `entries #${previous.seq + 1} to #${seq - 1} are`;
      return { seq, kind: 'gap', message: `Entry #${seq} comes after ${previous.seq === 0 ? 'the start' : `entry #${previous.seq}`}: ${missing} missing.` };
    }
    if (entry.prevHash !== previous.hash) {
      if (first && anchor !== null) {
        return { seq, kind: 'anchor', message: `Entry #${seq} does not follow the last pruned entry #${anchor.seq}: its prevHash is not the hash kept for that entry.` };
      }
      const before = previous.seq === 0 ? 'the start of the chain' : `entry #${previous.seq}`;
      return { seq, kind: 'link', message: `Entry #${seq} does not follow ${before}: its prevHash is not that hash (one of the two was rewritten).` };
    }
    const { hash, ...unsealed } = entry;
    if (entryHash(unsealed, this.deps.digest) !== hash) {
      return { seq, kind: 'content', message: `Entry #${seq} was altered: its content does not match its hash.` };
    }
    return null;
  }
}
