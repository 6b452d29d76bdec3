import { CALL_OUTCOMES, HOUR_MS, type CallOutcome, type HourlyCalls } from '../../domain/usage/usage';
import { type UsageRepository } from '../../domain/usage/usage.repository';
import { type UnitOfWork } from '../ports/unit-of-work.port';

/** The index of each outcome in a count array (CALL_OUTCOMES order). */
const OUTCOME_INDEX: ReadonlyMap<CallOutcome, number> = new Map(CALL_OUTCOMES.map((outcome, index) => [outcome, index]));
export const ALLOWED_INDEX = 0;

/** One integration's counts not yet written: hour number (ms / HOUR_MS) → calls by outcome index. */
type IntegrationCounts = Map<number, number[]>;

export interface UsageCounterDeps {
  readonly usage: UsageRepository;
  readonly unitOfWork: UnitOfWork;
}

/** What one flush did. */
export interface UsageFlushResult {
  /** Integrations whose counts were written. */
  readonly written: number;
  /** Integrations whose counts could not be written: kept, they are tried again at the next flush. */
  readonly failed: number;
  /** The first failure, when there was one (to log). */
  readonly error?: unknown;
}

/**
 * The calls of each integration per hour and outcome, counted in memory on the guard's path and
 * written by `flush` (a timer's, every `usageFlushSeconds`, and a last one on close): one
 * addition per integration per flush, never a write per request, so counting costs the guard two
 * map lookups and an increment (docs/architecture.md, "Usage and metrics").
 *
 * Nothing is lost or counted twice by a failed write: a flush takes the counts out before writing
 * them (new calls are counted afresh meanwhile), and puts back those of an integration whose write
 * failed, to be added at the next flush. Reads that combine the store with what is not yet
 * written (`consistently`) never run while a flush is writing, so they see every call once.
 */
export class UsageCounter {
  private unwrittenCounts = new Map<string, IntegrationCounts>();
  /** The tail of the flushes and consistent reads, which run one at a time. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: UsageCounterDeps) {}

  /** Counts one call of an integration at `nowMs` (ms since the epoch) with the outcome of index `outcomeIndex` (`indexOfOutcome`). */
  count(integrationId: string, outcomeIndex: number, nowMs: number): void {
    const hour = Math.floor(nowMs / HOUR_MS);
    let integration = this.unwrittenCounts.get(integrationId);
    if (integration === undefined) {
      integration = new Map();
      this.unwrittenCounts.set(integrationId, integration);
    }
    let calls = integration.get(hour);
    if (calls === undefined) {
      calls = new Array<number>(CALL_OUTCOMES.length).fill(0);
      integration.set(hour, calls);
    }
    calls[outcomeIndex] = (calls[outcomeIndex] ?? 0) + 1;
  }

  /**
   * Adds what was counted to the store: per integration one `UsageRepository.add`, in a unit of
   * work of its own. The first failure ends the flush: that integration's counts and those not yet
   * tried are kept for the next flush, and the result says how many. Never rejects.
   */
  flush(): Promise<UsageFlushResult> {
    return this.exclusively(async () => {
      const taken = [...this.unwrittenCounts];
      this.unwrittenCounts = new Map();
      let written = 0;
      for (const [integrationId, counts] of taken) {
        try {
          await this.deps.unitOfWork.run(() => this.deps.usage.add(integrationId, hourlyCallsOf(counts)));
          written += 1;
        } catch (error) {
          // The store is most likely down for all of them: keep the rest without trying each (a
          // dead server costs a connect timeout per try, and a close would wait for every one).
          for (const [unwrittenId, unwritten] of taken.slice(written)) this.putBack(unwrittenId, unwritten);
          return { written, failed: taken.length - written, error };
        }
      }
      return { written, failed: 0 };
    });
  }

  /**
   * Runs `read` while no flush is writing, giving it the counts not yet written, so that a read of
   * the store plus those sees each call exactly once (a flush waits for the read, and the other way round).
   */
  consistently<T>(read: (unwritten: UnwrittenUsage) => Promise<T>): Promise<T> {
    return this.exclusively(() => read(this.unwritten));
  }

  /** The counts not yet written, read through at the moment of each call. */
  private readonly unwritten: UnwrittenUsage = {
    hoursOf: (integrationId, from, to) => {
      const counts = this.unwrittenCounts.get(integrationId);
      if (counts === undefined) return [];
      const [first, end] = [from.getTime(), to.getTime()];
      return hourlyCallsOf(counts).filter(({ hour }) => hour.getTime() >= first && hour.getTime() < end);
    },
    allowedSince: (integrationId, since) => {
      const counts = this.unwrittenCounts.get(integrationId);
      if (counts === undefined) return 0;
      let allowed = 0;
      for (const [hour, calls] of counts) if (hour * HOUR_MS >= since.getTime()) allowed += calls[ALLOWED_INDEX] ?? 0;
      return allowed;
    },
  };

  private putBack(integrationId: string, counts: IntegrationCounts): void {
    const current = this.unwrittenCounts.get(integrationId);
    if (current === undefined) {
      this.unwrittenCounts.set(integrationId, counts);
      return;
    }
    for (const [hour, calls] of counts) {
      const now = current.get(hour);
      if (now === undefined) current.set(hour, calls);
      else for (let index = 0; index < calls.length; index++) now[index] = (now[index] ?? 0) + (calls[index] ?? 0);
    }
  }

  private exclusively<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

/** The counts not yet written in this process, as `UsageCounter.consistently` hands them to a read. */
export interface UnwrittenUsage {
  /** As `UsageRepository.hoursOf`. */
  hoursOf(integrationId: string, from: Date, to: Date): HourlyCalls[];
  /** As one entry of `UsageRepository.allowedSince` (0 for none). */
  allowedSince(integrationId: string, since: Date): number;
}

/** The index of an outcome in the counter's arrays. */
export function indexOfOutcome(outcome: CallOutcome): number {
  return OUTCOME_INDEX.get(outcome) ?? 0;
}

/** One integration's counts as the store takes them: by hour, then outcome; zeros left out. */
function hourlyCallsOf(counts: IntegrationCounts): HourlyCalls[] {
  const rows: HourlyCalls[] = [];
  for (const hour of [...counts.keys()].sort((a, b) => a - b)) {
    const calls = counts.get(hour) ?? [];
    calls.forEach((count, index) => {
      const outcome = CALL_OUTCOMES[index];
      if (count > 0 && outcome !== undefined) rows.push({ hour: new Date(hour * HOUR_MS), outcome, calls: count });
    });
  }
  return rows;
}
