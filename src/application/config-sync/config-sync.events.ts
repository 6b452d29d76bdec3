import { domainEvent, type DomainEvent } from '../../domain/kernel/domain-event';

/** How many config integrations a sync created, updated, reset, left unchanged, orphaned and deleted. */
export interface ConfigSyncCounts {
  readonly created: number;
  readonly updated: number;
  readonly reset: number;
  readonly unchanged: number;
  readonly orphaned: number;
  readonly deleted: number;
}

/**
 * A config sync ran (not a dry run) and committed: the counts of what it did. Each change it made
 * is an integration or role event of its own in the same commit. `aggregateId` is `config-sync`:
 * a sync has no aggregate.
 */
export type ConfigSyncRan = DomainEvent<'ConfigSyncRan', ConfigSyncCounts>;

export type ConfigSyncEvent = ConfigSyncRan;

export const CONFIG_SYNC_AGGREGATE_ID = 'config-sync';

export function configSyncRan(counts: ConfigSyncCounts, now: Date): ConfigSyncRan {
  return domainEvent({ name: 'ConfigSyncRan', aggregateId: CONFIG_SYNC_AGGREGATE_ID, occurredAt: now, payload: { ...counts } });
}
