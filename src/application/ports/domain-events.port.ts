import { injectionToken } from '../../domain/kernel/injection-token';
import { type AdminSignInEvent } from '../../domain/admin-session/admin-sign-in.events';
import { type AdminUserEvent } from '../../domain/admin-user/admin-user.events';
import { type IntegrationEvent } from '../../domain/integration/integration.events';
import { type RoleEvent } from '../../domain/role/role.events';
import { type OAuthTokenEvent } from '../../domain/token/oauth-token.events';
import { type ConfigSyncEvent } from '../config-sync/config-sync.events';

/** Every event Portcullis publishes, discriminated by `name`. */
export type PortcullisEvent = IntegrationEvent | OAuthTokenEvent | RoleEvent | AdminUserEvent | AdminSignInEvent | ConfigSyncEvent;

export type PortcullisEventName = PortcullisEvent['name'];

/** The event named `N`: `(event: PortcullisEventNamed<'IntegrationActivated'>) => ...`. */
export type PortcullisEventNamed<N extends PortcullisEventName> = Extract<PortcullisEvent, { readonly name: N }>;

/**
 * Hands what happened to the subscribers, after the write that made it happen is committed.
 *
 * Aggregates' events are handed over by the repositories' `save` (and the token repository's
 * `replace`) without the use case doing anything. A use case records itself only what no save
 * carries: deletions (`markDeleted` on the aggregate, then `record(aggregate.pullEvents())`), a
 * showing of credentials, and facts with no aggregate (sign-in, a config sync's run).
 */
export interface DomainEventRecorder {
  /**
   * Inside a unit of work: kept, journaled (the audit trail, `EventJournal`) in that transaction
   * before it commits, and published once it commits; dropped if it rolls back. Outside one:
   * journaled in a unit of work of its own, then published, so call it after the write the events
   * report. Resolves once kept or published; never rejects for a subscriber's failure (see
   * `DomainEventSubscriptions`); rejects when the journal cannot be written (outside a unit of
   * work: nothing was journaled or published).
   */
  record(events: readonly PortcullisEvent[]): Promise<void>;
}

export const DOMAIN_EVENT_RECORDER = injectionToken<DomainEventRecorder>('DomainEventRecorder');

/**
 * Reacts to one event, after its change is committed. It runs in the call that made the change,
 * before that call returns: hand slow work (a webhook, a remote audit log) off to a queue.
 */
export type DomainEventSubscriber = (event: PortcullisEvent) => void | Promise<void>;

/**
 * Where subscribers are registered (in the composition root: src/infrastructure/container/events.module.ts,
 * or by an embedding host through `PortcullisConfig.eventSubscribers`).
 *
 * Publication: the events of one commit in the order they were handed over; each event to every
 * subscriber in the order they subscribed, one at a time. A subscriber that throws or rejects does
 * not undo the committed change, fail the call, or stop the other subscribers: its error is
 * reported to the error handler given to the composition root (`PortcullisConfig.onEventSubscriberError`;
 * by default a process warning).
 */
export interface DomainEventSubscriptions {
  /** @returns a function that removes this subscription */
  subscribe(subscriber: DomainEventSubscriber): () => void;
}

export const DOMAIN_EVENT_SUBSCRIPTIONS = injectionToken<DomainEventSubscriptions>('DomainEventSubscriptions');
