import { injectionToken } from '../kernel/injection-token';
import { type HourlyCalls } from './usage';

/**
 * The calls each integration made, per hour and outcome (docs/architecture.md, "Usage and
 * metrics"). Counts only grow, by addition in the store, so several processes writing their own
 * counts to one database add up. An integration's rows go when the integration is deleted (a
 * foreign key ON DELETE CASCADE, or the in-memory store's delete).
 */
export interface UsageRepository {
  /**
   * Adds `counts` to the stored counts of the integration, creating the rows it lacks, in one
   * statement (atomic: all or nothing). An integration that no longer exists (deleted meanwhile)
   * stores nothing and is no error.
   * @param counts at most one entry per hour and outcome, each with calls > 0
   */
  add(integrationId: string, counts: readonly HourlyCalls[]): Promise<void>;
  /** The integration's counts of the hours that start at or after `from` and before `to`, by hour then outcome. */
  hoursOf(integrationId: string, from: Date, to: Date): Promise<HourlyCalls[]>;
  /**
   * Allowed calls of each integration in the hours that start at or after `since`.
   * @returns by integration id; an integration with none is absent
   */
  allowedSince(integrationIds: readonly string[], since: Date): Promise<ReadonlyMap<string, number>>;
}

export const USAGE_REPOSITORY = injectionToken<UsageRepository>('UsageRepository');
