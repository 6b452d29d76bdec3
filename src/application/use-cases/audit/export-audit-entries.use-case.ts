import { InvalidValueError } from '../../../domain/kernel/domain-error';
import { type AuditLog } from '../../ports/audit-log.port';
import { toAuditEntryView, type AuditEntryView } from './audit.views';

export interface ExportAuditEntriesInput {
  /** From this time (inclusive); default: from the first entry kept. */
  readonly since?: Date;
  /** Before this time (exclusive); default: up to the last entry. */
  readonly until?: Date;
}

/** Entries read at a time. */
const BATCH = 500;

/**
 * The audit trail from a time on, in `seq` order, for a SIEM: read in batches as it is consumed,
 * so an export of any length holds one batch in memory.
 */
export class ExportAuditEntries {
  constructor(private readonly log: AuditLog) {}

  /** @throws InvalidValueError (when iteration starts) for an invalid time, or `since` after `until` */
  async *execute(input: ExportAuditEntriesInput = {}): AsyncGenerator<AuditEntryView, void, undefined> {
    for (const [field, value] of [['since', input.since], ['until', input.until]] as const) {
      if (value !== undefined && Number.isNaN(value.getTime())) throw new InvalidValueError('VALIDATION.VALUE_INVALID', `"${field}" must be a valid time.`, { field });
    }
    if (input.since !== undefined && input.until !== undefined && input.since.getTime() > input.until.getTime()) {
      throw new InvalidValueError('VALIDATION.RANGE', '"since" must not be after "until".', { field: 'since' });
    }
    const range = { ...(input.since !== undefined ? { since: input.since } : {}), ...(input.until !== undefined ? { until: input.until } : {}) };
    let after = 0;
    for (;;) {
      const batch = await this.log.entriesAfter(after, BATCH, range);
      for (const entry of batch) yield toAuditEntryView(entry);
      const last = batch[batch.length - 1];
      if (last === undefined || batch.length < BATCH) return;
      after = last.seq;
    }
  }
}
