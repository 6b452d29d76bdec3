import { InvalidValueError } from '../../../domain/kernel/domain-error';
import { AUDIT_ACTIONS } from '../../audit/audit-actions';
import { type AuditLog, type AuditQuery } from '../../ports/audit-log.port';
import { pageRequest, type PageInput, type PageOutput } from '../paging';
import { toAuditEntryView, type AuditEntryView } from './audit.views';

export interface ListAuditEntriesInput extends PageInput {
  /** Entries about this integration. */
  readonly integrationId?: string;
  /** Entries by this actor: an admin's username (or user id), an OS user, or a kind (`system`, `cli`, `config-sync`, `anonymous`, `integration`, `admin`). */
  readonly actor?: string;
  /** One action, e.g. `integration.grant_changed` (`AUDIT_ACTIONS`). */
  readonly action?: string;
  /** From this time (inclusive). */
  readonly from?: Date;
  /** Before this time (exclusive). */
  readonly to?: Date;
}

export type ListAuditEntriesOutput = PageOutput<AuditEntryView>;

const MAX_FILTER_LENGTH = 255;

/** One page of the audit trail, newest first, filtered by integration, actor, action and time. */
export class ListAuditEntries {
  constructor(private readonly log: AuditLog) {}

  /** @throws InvalidValueError for a bad page, an unknown action, an over-long filter, an invalid time or `from` after `to`. */
  async execute(input: ListAuditEntriesInput = {}): Promise<ListAuditEntriesOutput> {
    const { page, pageSize } = pageRequest(input);
    const query = auditQueryOf(input);
    const result = await this.log.list(query, { page, pageSize });
    return { items: result.items.map(toAuditEntryView), total: result.total, page, pageSize };
  }
}

/**
 * The storage query of list filters, checked.
 * @throws InvalidValueError as `ListAuditEntries.execute`
 */
export function auditQueryOf(input: Omit<ListAuditEntriesInput, keyof PageInput>): AuditQuery {
  const text = (field: 'integrationId' | 'actor' | 'action'): string | undefined => {
    const value = input[field]?.trim();
    if (value === undefined || value === '') return undefined;
    if (value.length > MAX_FILTER_LENGTH) {
      throw new InvalidValueError('VALIDATION.VALUE_INVALID', `"${field}" must be at most ${MAX_FILTER_LENGTH} characters long.`, { field });
    }
    return value;
  };
  const action = text('action');
  if (action !== undefined && !(AUDIT_ACTIONS as readonly string[]).includes(action)) {
    throw new InvalidValueError('VALIDATION.VALUE_INVALID', `"action" must be one of ${AUDIT_ACTIONS.join(', ')}.`, { field: 'action', value: action.slice(0, 64) });
  }
  const time = (field: 'from' | 'to'): Date | undefined => {
    const value = input[field];
    if (value === undefined) return undefined;
    if (Number.isNaN(value.getTime())) throw new InvalidValueError('VALIDATION.VALUE_INVALID', `"${field}" must be a valid time.`, { field });
    return value;
  };
  const from = time('from');
  const to = time('to');
  if (from !== undefined && to !== undefined && from.getTime() > to.getTime()) {
    throw new InvalidValueError('VALIDATION.RANGE', '"from" must not be after "to".', { field: 'from' });
  }
  const integrationId = text('integrationId');
  const actor = text('actor');
  return {
    ...(integrationId !== undefined ? { integrationId } : {}),
    ...(actor !== undefined ? { actor } : {}),
    ...(action !== undefined ? { action } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}
