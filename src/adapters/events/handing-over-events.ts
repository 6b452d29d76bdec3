import { type DomainEventRecorder, type PortcullisEvent } from '../../application/ports/domain-events.port';

/** An aggregate that records what happens to it. */
export interface RecordsEvents {
  pullEvents(): readonly PortcullisEvent[];
}

/** Where events are handed over, and how a write outside a unit of work gets one of its own. */
export interface EventHandover extends DomainEventRecorder {
  /** Runs `work` in the current unit of work, or in one of its own (so a write and its journal entries commit together). */
  inUnitOfWork<T>(work: () => Promise<T>): Promise<T>;
}

/** The methods of T that write an aggregate given as their first argument. */
export type AggregateWrite<T> = {
  [K in keyof T]: T[K] extends (aggregate: infer A, ...rest: never[]) => Promise<unknown> ? (A extends RecordsEvents ? K : never) : never;
}[keyof T] &
  string;

/**
 * Returns `repository` whose named writes, once they resolve, hand the aggregate's recorded
 * events to `recorder` (so into the current unit of work, published after its commit). A write
 * that fails hands nothing over, and neither does one that resolves `false` (a compare-and-set
 * that found the row changed: nothing was written). A write outside any unit of work runs in one
 * of its own with its events, so that what the journal writes of them commits with it or not at
 * all. Every other method is the repository's own.
 */
export function handingOverEvents<T extends object>(repository: T, writes: ReadonlyArray<AggregateWrite<T>>, recorder: EventHandover): T {
  const decorated = Object.create(repository) as T;
  for (const name of writes) {
    const handingOver = (aggregate: RecordsEvents, ...rest: unknown[]): Promise<unknown> =>
      recorder.inUnitOfWork(async () => {
        const write = repository[name] as (this: T, aggregate: RecordsEvents, ...rest: unknown[]) => Promise<unknown>;
        const result = await write.call(repository, aggregate, ...rest);
        if (result !== false) await recorder.record(aggregate.pullEvents());
        return result;
      });
    // Writable and configurable, as a method assigned to an object is (tests replace methods so).
    Object.defineProperty(decorated, name, { value: handingOver, writable: true, configurable: true });
  }
  return decorated;
}
