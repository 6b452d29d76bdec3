/**
 * Something that happened in the domain: recorded by the aggregate it happened to (or, for a fact
 * with no aggregate such as a failed sign-in, by the use case), and published once the change is
 * committed (see `DomainEventRecorder` in src/application/ports/domain-events.port.ts).
 *
 * Plain readonly data, discriminated by `name`. The payload never holds a secret: no consumer
 * secret, token value or secret, password or password digest.
 */
export interface DomainEvent<Name extends string = string, Payload extends object = object> {
  readonly name: Name;
  /** The id of the aggregate it happened to (for sign-in events: the username key). */
  readonly aggregateId: string;
  readonly occurredAt: Date;
  readonly payload: Readonly<Payload>;
}

/** An event as plain frozen data (its payload too), so that no subscriber can change it for another. */
export function domainEvent<E extends DomainEvent>(event: E): E {
  return Object.freeze({ ...event, payload: Object.freeze({ ...event.payload }) });
}

/**
 * The events an aggregate records, declared once as a table from each name to its payload:
 * `DomainEventsOf<{ RoleCreated: RoleRef; RoleDeleted: RoleRef }>` is
 * `DomainEvent<'RoleCreated', RoleRef> | DomainEvent<'RoleDeleted', RoleRef>`.
 */
export type DomainEventsOf<Payloads extends { readonly [N in keyof Payloads]: object }> = {
  [N in keyof Payloads & string]: DomainEvent<N, Payloads[N]>;
}[keyof Payloads & string];

/** The payload of the event named `N` among the events `E`. */
export type PayloadOf<E extends DomainEvent, N extends E['name']> = Extract<E, { readonly name: N }>['payload'];

/**
 * The events an aggregate has recorded and not yet handed over. Mutators record; the repository's
 * save hands them over with `pull` (src/infrastructure/container/events.module.ts);
 * `restore` (rebuilding from storage) records nothing.
 */
export class RecordedEvents<E extends DomainEvent> {
  private events: E[] = [];

  record<N extends E['name']>(name: N, aggregateId: string, occurredAt: Date, payload: PayloadOf<E, N>): void {
    // The signature ties the payload to the name; the object built from them is that member of E.
    this.events.push(domainEvent({ name, aggregateId, occurredAt, payload } as DomainEvent as E));
  }

  /** Returns the events recorded so far, oldest first, and forgets them. */
  pull(): readonly E[] {
    const pulled = this.events;
    this.events = [];
    return pulled;
  }
}
