import { injectionToken } from '../../domain/kernel/injection-token';
import { type PortcullisEvent } from './domain-events.port';

/**
 * Where a unit of work's events are written down in the same transaction as the change they
 * report (the audit trail), before it commits: a change and its record are committed together or
 * not at all.
 */
export interface EventJournal {
  /**
   * Writes what `events` (all of one unit of work, in the order they happened) say, in the
   * current unit of work. Call it inside `UnitOfWork.run`, after the work's writes.
   * @throws whatever the storage throws; the caller's unit of work then rolls back, change and all
   */
  append(events: readonly PortcullisEvent[]): Promise<void>;
}

export const EVENT_JOURNAL = injectionToken<EventJournal>('EventJournal');
