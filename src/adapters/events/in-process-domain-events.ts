import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type DomainEventSubscriber,
  type DomainEventSubscriptions,
  type PortcullisEvent,
} from '../../application/ports/domain-events.port';
import { type EventJournal } from '../../application/ports/event-journal.port';
import { type EventHandover } from './handing-over-events';
import { type UnitOfWork } from '../../application/ports/unit-of-work.port';

/** Told of a subscriber's failure; the change stands and the call goes on. */
export type SubscriberErrorHandler = (error: unknown, event: PortcullisEvent) => void;

/**
 * Where the events of a unit of work are written before it commits (the audit trail). Both are
 * resolved at first use, so that the journal may depend on repositories whose saves record here.
 */
export interface JournalStep {
  readonly journal: () => EventJournal;
  /** A unit of work made by `around` (events recorded outside one are journaled in one of these). */
  readonly unitOfWork: () => UnitOfWork;
}

/**
 * Publishes events to subscribers in this process, after commit. The events recorded inside a
 * unit of work are kept with its async call chain (never on a field: two units of work run
 * side by side) and published once the outermost unit of work has committed, outside the
 * transaction (a subscriber may start its own); a rollback drops them. See
 * `DomainEventSubscriptions` for the order and the failure policy.
 *
 * With a journal step, the outermost unit of work hands its events to the journal after its work
 * and before it commits, inside the transaction: a journal that fails rolls the change back with
 * it. Events recorded outside a unit of work are journaled in a unit of work of their own.
 */
export class InProcessDomainEvents implements EventHandover, DomainEventSubscriptions {
  private readonly pending = new AsyncLocalStorage<PortcullisEvent[]>();
  private subscribers: readonly DomainEventSubscriber[] = [];

  constructor(
    private readonly onSubscriberError: SubscriberErrorHandler,
    private readonly journaling: JournalStep | null = null,
  ) {}

  subscribe(subscriber: DomainEventSubscriber): () => void {
    this.subscribers = [...this.subscribers, subscriber];
    return () => {
      const index = this.subscribers.indexOf(subscriber);
      if (index >= 0) this.subscribers = this.subscribers.filter((_, at) => at !== index);
    };
  }

  /** `unitOfWork`, publishing the events recorded in each of its units once it commits. */
  around(unitOfWork: UnitOfWork): UnitOfWork {
    return { run: (work) => this.runThenPublish(unitOfWork, work) };
  }

  /**
   * Runs `work` in the current unit of work; outside one, with a journal step, in a unit of work
   * of its own (journaled, then published once committed); without one, as it is.
   */
  inUnitOfWork<T>(work: () => Promise<T>): Promise<T> {
    if (this.pending.getStore() !== undefined || this.journaling === null) return work();
    return this.journaling.unitOfWork().run(work);
  }

  async record(events: readonly PortcullisEvent[]): Promise<void> {
    if (events.length === 0) return;
    const open = this.pending.getStore();
    if (open !== undefined) {
      open.push(...events);
      return;
    }
    if (this.journaling === null) {
      await this.publish(events);
      return;
    }
    // Journaled in a unit of work of its own, then published by it once committed.
    await this.journaling.unitOfWork().run(() => {
      const own = this.pending.getStore();
      if (own === undefined) throw new Error('The journal step\'s unit of work must be one that InProcessDomainEvents.around made.');
      own.push(...events);
      return Promise.resolve();
    });
  }

  private async runThenPublish<T>(unitOfWork: UnitOfWork, work: () => Promise<T>): Promise<T> {
    // A nested unit of work joins the outer one, and so do its events.
    if (this.pending.getStore() !== undefined) return unitOfWork.run(work);
    const events: PortcullisEvent[] = [];
    const result = await unitOfWork.run(() =>
      this.pending.run(events, async () => {
        const value = await work();
        // Before the commit, in the transaction: the change and its record go together or not at all.
        if (this.journaling !== null && events.length > 0) await this.journaling.journal().append(events);
        return value;
      }),
    );
    await this.publish(events);
    return result;
  }

  private async publish(events: readonly PortcullisEvent[]): Promise<void> {
    const subscribers = this.subscribers;
    for (const event of events) {
      for (const subscriber of subscribers) {
        try {
          await subscriber(event);
        } catch (error) {
          this.report(error, event);
        }
      }
    }
  }

  private report(error: unknown, event: PortcullisEvent): void {
    try {
      this.onSubscriberError(error, event);
    } catch {
      // The handler failed too: nothing is left to tell, and the committed change must stand.
    }
  }
}
