import { type HourlyCalls } from '../../domain/usage/usage';
import { type UsageRepository } from '../../domain/usage/usage.repository';
import { type InMemoryDatabase, type UsageRecord } from './in-memory-database';

/** The key of the composite primary key (integration, hour, outcome); NUL cannot occur in an id. */
const keyOf = (integrationId: string, hour: number, outcome: string): string => `${integrationId}\u0000${hour}\u0000${outcome}`;

/** Each method runs without an await in between, so it is atomic like the SQL statements. */
export class InMemoryUsageRepository implements UsageRepository {
  constructor(private readonly database: InMemoryDatabase) {}

  private get rows(): Map<string, UsageRecord> {
    return this.database.tables.usage;
  }

  add(integrationId: string, counts: readonly HourlyCalls[]): Promise<void> {
    // Like the foreign key: the calls of a deleted integration go with it.
    if (!this.database.tables.integrations.has(integrationId)) return Promise.resolve();
    for (const { hour, outcome, calls } of counts) {
      const key = keyOf(integrationId, hour.getTime(), outcome);
      const stored = this.rows.get(key)?.calls ?? 0;
      this.rows.set(key, Object.freeze({ integrationId, hour: hour.getTime(), outcome, calls: stored + calls }));
    }
    return Promise.resolve();
  }

  hoursOf(integrationId: string, from: Date, to: Date): Promise<HourlyCalls[]> {
    const found = [...this.rows.values()]
      .filter((row) => row.integrationId === integrationId && row.hour >= from.getTime() && row.hour < to.getTime())
      .sort((a, b) => a.hour - b.hour || (a.outcome < b.outcome ? -1 : a.outcome > b.outcome ? 1 : 0))
      .map((row) => ({ hour: new Date(row.hour), outcome: row.outcome as HourlyCalls['outcome'], calls: row.calls }));
    return Promise.resolve(found);
  }

  allowedSince(integrationIds: readonly string[], since: Date): Promise<ReadonlyMap<string, number>> {
    const wanted = new Set(integrationIds);
    const allowed = new Map<string, number>();
    for (const row of this.rows.values()) {
      if (wanted.has(row.integrationId) && row.outcome === 'allowed' && row.hour >= since.getTime()) {
        allowed.set(row.integrationId, (allowed.get(row.integrationId) ?? 0) + row.calls);
      }
    }
    return Promise.resolve(allowed);
  }
}
