import { type IntegrationRepository } from '../../domain/integration/integration.repository';
import { type RefusalReason } from '../../domain/usage/usage';
import { type Clock } from '../ports/clock.port';
import { ALLOWED_INDEX, indexOfOutcome, type UsageCounter } from '../usage/usage-counter';
import { type GuardSettings } from './guard.settings';

export interface IntegrationUsageDeps {
  readonly integrations: IntegrationRepository;
  readonly clock: Clock;
  readonly settings: Pick<GuardSettings, 'lastUsedIntervalSeconds'>;
  /** The calls per hour and outcome, counted in memory and flushed on a timer. */
  readonly counter: UsageCounter;
}

/**
 * Records that an integration called the API, whichever door the call came through (the guard,
 * forward-auth or the admin API's own routes): its `lastUsedAt`, shown in the grid, and the
 * count of its calls per hour, allowed or refused (docs/architecture.md, "Usage and metrics").
 */
export class IntegrationUsage {
  /** When this process last wrote each integration's `lastUsedAt` (ms). */
  private readonly lastRecorded = new Map<string, number>();

  constructor(private readonly deps: IntegrationUsageDeps) {}

  /**
   * An allowed call: counted, and `lastUsedAt` written at most once per integration per interval,
   * in this process and across processes.
   * @returns the write, or undefined when none is due (almost every call: the guard then has
   *   nothing to wait for); the call is counted once the write succeeded
   */
  record(integrationId: string): Promise<void> | undefined {
    const now = this.deps.clock.now();
    const nowMs = now.getTime();
    const last = this.lastRecorded.get(integrationId);
    const interval = this.deps.settings.lastUsedIntervalSeconds * 1000;
    if (last !== undefined && nowMs - last < interval) {
      this.deps.counter.count(integrationId, ALLOWED_INDEX, nowMs);
      return undefined;
    }
    this.lastRecorded.set(integrationId, nowMs);
    return this.write(integrationId, now);
  }

  /** A refused call of an identified integration (one whose refusal was marked by `refusalOf`). */
  refused(integrationId: string, reason: RefusalReason): void {
    this.deps.counter.count(integrationId, indexOfOutcome(reason), this.deps.clock.now().getTime());
  }

  private async write(integrationId: string, at: Date): Promise<void> {
    await this.deps.integrations.recordUse(integrationId, at, this.deps.settings.lastUsedIntervalSeconds);
    this.deps.counter.count(integrationId, ALLOWED_INDEX, at.getTime());
  }
}
