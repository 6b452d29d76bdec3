import { type IntegrationRepository } from '../../domain/integration/integration.repository';
import { type Clock } from '../ports/clock.port';
import { type GuardSettings } from './guard.settings';

export interface IntegrationUsageDeps {
  readonly integrations: IntegrationRepository;
  readonly clock: Clock;
  readonly settings: Pick<GuardSettings, 'lastUsedIntervalSeconds'>;
}

/**
 * Records that an integration called the API (its `lastUsedAt`, shown in the grid), whichever
 * door the call came through: the guard, forward-auth or the admin API's own routes.
 */
export class IntegrationUsage {
  /** When this process last wrote each integration's `lastUsedAt` (ms). */
  private readonly lastRecorded = new Map<string, number>();

  constructor(private readonly deps: IntegrationUsageDeps) {}

  /**
   * At most one write per integration per interval, in this process and across processes.
   * @returns the write, or undefined when none is due (almost every call: the guard then has
   *   nothing to wait for)
   */
  record(integrationId: string): Promise<void> | undefined {
    const now = this.deps.clock.now();
    const last = this.lastRecorded.get(integrationId);
    const interval = this.deps.settings.lastUsedIntervalSeconds * 1000;
    if (last !== undefined && now.getTime() - last < interval) return undefined;
    this.lastRecorded.set(integrationId, now.getTime());
    return this.write(integrationId, now);
  }

  private async write(integrationId: string, at: Date): Promise<void> {
    await this.deps.integrations.recordUse(integrationId, at, this.deps.settings.lastUsedIntervalSeconds);
  }
}
