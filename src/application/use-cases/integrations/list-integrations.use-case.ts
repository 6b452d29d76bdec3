import { type IntegrationStatus } from '../../../domain/integration/integration.aggregate';
import { INTEGRATION_SORT_FIELDS, type IntegrationRepository, type IntegrationSortField } from '../../../domain/integration/integration.repository';
import { InvalidValueError } from '../../../domain/kernel/domain-error';
import { HOUR_MS, hourOf } from '../../../domain/usage/usage';
import { type UsageRepository } from '../../../domain/usage/usage.repository';
import { type Clock } from '../../ports/clock.port';
import { type UsageCounter } from '../../usage/usage-counter';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageRequest, type PageInput, type PageOutput } from '../paging';
import { toIntegrationSummary, type IntegrationSummary } from './integration.views';

export interface ListIntegrationsInput extends PageInput {
  readonly status?: IntegrationStatus;
  /** Case-insensitive part of the name. */
  readonly name?: string;
  /** Part of the email address, A-Z and a-z alike. */
  readonly email?: string;
  /** Only those not used for this many whole days (never used ones: created before then). */
  readonly unusedForDays?: number;
  /** The grid column to order by (default `name`); ties by name. */
  readonly sort?: IntegrationSortField;
  /** Default `asc`. */
  readonly direction?: 'asc' | 'desc';
}

/** An integration as the grid shows it: its summary and its recent use. */
export interface IntegrationListItem extends IntegrationSummary {
  /** Allowed calls in the last 24 hours: the current hour (UTC) and the 23 before it. */
  readonly calls24h: number;
}

export type ListIntegrationsOutput = PageOutput<IntegrationListItem>;

export interface ListIntegrationsDeps {
  readonly integrations: IntegrationRepository;
  readonly usage: UsageRepository;
  readonly counter: UsageCounter;
  readonly clock: Clock;
}

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE };
const STATUSES: readonly IntegrationStatus[] = ['inactive', 'active', 'reset'];
const DIRECTIONS = ['asc', 'desc'] as const;
/** A hundred years: further back than any integration was created. */
export const MAX_UNUSED_DAYS = 36_500;
const DAY_MS = 86_400_000;

function oneOf(value: string | undefined, allowed: readonly string[], field: string): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new InvalidValueError('VALIDATION.VALUE_INVALID', `"${field}" must be one of ${allowed.join(', ')}.`, { field, value: String(value) });
  }
}

/**
 * A page of integrations, ordered by name or another column of the grid, either way; filtered by
 * status, part of the name, part of the email and/or days unused; each with its allowed calls of the last 24
 * hours (one grouped query for the page, plus what this process has not yet written).
 */
export class ListIntegrations {
  constructor(private readonly deps: ListIntegrationsDeps) {}

  /**
   * @throws InvalidValueError for a page < 1, a page size outside 1..200, an unknown status, sort
   *   field or direction, or days unused that are not a whole number from 1 to 36,500
   */
  async execute(input: ListIntegrationsInput = {}): Promise<ListIntegrationsOutput> {
    const { page, pageSize } = pageRequest(input);
    if (input.status !== undefined && !STATUSES.includes(input.status)) {
      throw new InvalidValueError('VALIDATION.STATUS_INVALID', `"status" must be one of ${STATUSES.join(', ')}.`, {
        field: 'status',
        value: String(input.status),
      });
    }
    oneOf(input.sort, INTEGRATION_SORT_FIELDS, 'sort');
    oneOf(input.direction, DIRECTIONS, 'direction');
    const unusedSince = this.unusedSince(input.unusedForDays);
    const name = input.name?.trim();
    const email = input.email?.trim();
    const result = await this.deps.integrations.list({
      page,
      pageSize,
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(name ? { nameContains: name } : {}),
      ...(email ? { emailContains: email } : {}),
      ...(unusedSince !== undefined ? { unusedSince } : {}),
      order: { by: input.sort ?? 'name', direction: input.direction ?? 'asc' },
    });
    const summaries = result.items.map(toIntegrationSummary);
    const calls = await this.calls24h(summaries.map((summary) => summary.id));
    return { items: summaries.map((summary) => ({ ...summary, calls24h: calls.get(summary.id) ?? 0 })), total: result.total, page, pageSize };
  }

  private unusedSince(days: number | undefined): Date | undefined {
    if (days === undefined) return undefined;
    if (!Number.isInteger(days) || days < 1 || days > MAX_UNUSED_DAYS) {
      throw new InvalidValueError('VALIDATION.VALUE_INVALID', `"unusedForDays" must be a whole number of days from 1 to ${MAX_UNUSED_DAYS}.`, {
        field: 'unusedForDays',
        value: String(days),
      });
    }
    return new Date(this.deps.clock.now().getTime() - days * DAY_MS);
  }

  private async calls24h(ids: readonly string[]): Promise<ReadonlyMap<string, number>> {
    if (ids.length === 0) return new Map();
    const since = new Date(hourOf(this.deps.clock.now()).getTime() - 23 * HOUR_MS);
    return this.deps.counter.consistently(async (unwritten) => {
      const stored = await this.deps.usage.allowedSince(ids, since);
      return new Map(ids.map((id) => [id, (stored.get(id) ?? 0) + unwritten.allowedSince(id, since)]));
    });
  }
}
