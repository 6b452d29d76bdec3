import { type DomainEvent, type PayloadOf, RecordedEvents } from './domain-event';

/**
 * What every aggregate shares: its state (plain readonly data, replaced whole by its mutators and
 * never handed out but as a copy), its id, and the events its mutators record until the
 * repository that stores it hands them over. `restore` (rebuilding from storage) records nothing.
 */
export abstract class AggregateRoot<State extends { readonly id: string }, Event extends DomainEvent> {
  private readonly recorded = new RecordedEvents<Event>();

  protected constructor(protected state: State) {}

  get id(): string {
    return this.state.id;
  }

  /** The events recorded since the last call, oldest first (the repository that stores it hands them over). */
  pullEvents(): readonly Event[] {
    return this.recorded.pull();
  }

  /** Records that the event `name` happened to this aggregate. */
  protected record<N extends Event['name']>(name: N, occurredAt: Date, payload: PayloadOf<Event, N>): void {
    this.recorded.record(name, this.state.id, occurredAt, payload);
  }
}
