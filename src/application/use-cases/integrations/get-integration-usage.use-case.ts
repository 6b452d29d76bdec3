import { IntegrationNotFoundError } from '../../../domain/integration/integration.errors';
import { type IntegrationRepository } from '../../../domain/integration/integration.repository';
import { InvalidValueError } from '../../../domain/kernel/domain-error';
import { HOUR_MS, hourOf, type HourlyCalls, type RefusalReason } from '../../../domain/usage/usage';
import { type UsageRepository } from '../../../domain/usage/usage.repository';
import { type Clock } from '../../ports/clock.port';
import { type UsageCounter } from '../../usage/usage-counter';

export interface GetIntegrationUsageInput {
  readonly id: string;
  /** Default: 7 days before `to`. */
  readonly from?: Date;
  /** Default: now. */
  readonly to?: Date;
}

/** Refused calls by reason; only reasons with calls appear. */
export type RefusedCalls = Partial<Record<RefusalReason, number>>;

/** The calls of one hour. */
export interface UsageHour {
  /** The hour's start (UTC). */
  readonly hour: Date;
  readonly allowed: number;
  readonly refused: RefusedCalls;
}

export interface IntegrationUsageReport {
  readonly integrationId: string;
  readonly from: Date;
  readonly to: Date;
  /** Hours with at least one call, in order. */
  readonly hours: readonly UsageHour[];
  readonly totals: { readonly allowed: number; readonly refused: RefusedCalls };
}

/**
 * An instant as the REST API and the CLI take `from` and `to`: a date (`2026-12-04`, midnight UTC)
 * or a date and time with `Z` or an offset (`2026-12-04T10:00:00Z`, `…+01:00`), never a local time.
 */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** The instant of `text` (INSTANT_PATTERN), or null when it is not one. */
export function instantOf(text: string): Date | null {
  if (!INSTANT_PATTERN.test(text)) return null;
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  // Date would roll 2026-02-30 over into March: the day must exist.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return null;
  const time = new Date(text);
  return Number.isNaN(time.getTime()) ? null : time;
}

/** The longest span one report covers. */
export const MAX_USAGE_DAYS = 92;
export const DEFAULT_USAGE_DAYS = 7;
const DAY_MS = 24 * HOUR_MS;

export interface GetIntegrationUsageDeps {
  readonly integrations: IntegrationRepository;
  readonly usage: UsageRepository;
  readonly counter: UsageCounter;
  readonly clock: Clock;
}

/**
 * An integration's calls per hour, allowed and refused by reason (docs/architecture.md, "Usage
 * and metrics"): the hours that start at or after `from` (rounded down to its hour) and before
 * `to`. The answer is the store's counts plus those this process has counted and not yet
 * written; other processes' unwritten counts show after their next flush (`usageFlushSeconds`).
 */
export class GetIntegrationUsage {
  constructor(private readonly deps: GetIntegrationUsageDeps) {}

  /**
   * @throws InvalidValueError when `from` is not before `to`, or they are more than 92 days apart
   * @throws IntegrationNotFoundError
   */
  async execute(input: GetIntegrationUsageInput): Promise<IntegrationUsageReport> {
    const to = input.to ?? this.deps.clock.now();
    const from = input.from ?? new Date(to.getTime() - DEFAULT_USAGE_DAYS * DAY_MS);
    if (from.getTime() >= to.getTime()) {
      throw new InvalidValueError('VALIDATION.RANGE_INVALID', '"from" must be before "to".', { from: from.toISOString(), to: to.toISOString() });
    }
    if (to.getTime() - from.getTime() > MAX_USAGE_DAYS * DAY_MS) {
      throw new InvalidValueError('VALIDATION.RANGE_TOO_LONG', `"from" and "to" may be at most ${MAX_USAGE_DAYS} days apart.`, {
        from: from.toISOString(),
        to: to.toISOString(),
        maxDays: MAX_USAGE_DAYS,
      });
    }
    const integration = await this.deps.integrations.findById(input.id);
    if (integration === null) throw new IntegrationNotFoundError(input.id);
    const first = hourOf(from);
    const rows = await this.deps.counter.consistently(async (unwritten) => [
      ...(await this.deps.usage.hoursOf(integration.id, first, to)),
      ...unwritten.hoursOf(integration.id, first, to),
    ]);
    return { integrationId: integration.id, from, to, ...reportOf(rows) };
  }
}

/** Rows (an hour and outcome may come twice: stored and unwritten) as hours in order and totals. */
function reportOf(rows: readonly HourlyCalls[]): Pick<IntegrationUsageReport, 'hours' | 'totals'> {
  const byHour = new Map<number, { allowed: number; refused: RefusedCalls }>();
  const totals = { allowed: 0, refused: {} as RefusedCalls };
  for (const { hour, outcome, calls } of rows) {
    let entry = byHour.get(hour.getTime());
    if (entry === undefined) {
      entry = { allowed: 0, refused: {} };
      byHour.set(hour.getTime(), entry);
    }
    if (outcome === 'allowed') {
      entry.allowed += calls;
      totals.allowed += calls;
    } else {
      entry.refused[outcome] = (entry.refused[outcome] ?? 0) + calls;
      totals.refused[outcome] = (totals.refused[outcome] ?? 0) + calls;
    }
  }
  const hours = [...byHour.entries()].sort(([a], [b]) => a - b).map(([hour, entry]) => ({ hour: new Date(hour), ...entry }));
  return { hours, totals };
}
