import { ContainerModule, type ResolutionContext } from 'inversify';
import { InProcessDomainEvents } from '../../adapters/events/in-process-domain-events';
import { handingOverEvents } from '../../adapters/events/handing-over-events';
import { type CacheClearing } from '../../adapters/cache/read-through-cache';
import { guardCacheInvalidation } from '../../application/guard/guard-cache-invalidation';
import { DOMAIN_EVENT_RECORDER, DOMAIN_EVENT_SUBSCRIPTIONS, type DomainEventSubscriber } from '../../application/ports/domain-events.port';
import { UNIT_OF_WORK, type UnitOfWork } from '../../application/ports/unit-of-work.port';
import { EVENT_JOURNAL } from '../../application/ports/event-journal.port';
import { ADMIN_USER_REPOSITORY, type AdminUserRepository } from '../../domain/admin-user/admin-user.repository';
import { INTEGRATION_REPOSITORY, type IntegrationRepository } from '../../domain/integration/integration.repository';
import { ROLE_REPOSITORY, type RoleRepository } from '../../domain/role/role.repository';
import { OAUTH_TOKEN_REPOSITORY, type OAuthTokenRepository } from '../../domain/token/oauth-token.repository';
import { eventSubscriberErrorHandlerOf, eventSubscribersOf, type PortcullisConfig } from '../config';
import { GUARD_CACHE_CLEARING } from './tokens';

/**
 * Portcullis's own subscribers, one line each, subscribed before the host's
 * (`PortcullisConfig.eventSubscribers`). Each is made from the container, so it may use any port.
 */
const SUBSCRIBERS: ReadonlyArray<(context: ResolutionContext) => DomainEventSubscriber> = [
  (context) => guardCacheInvalidation(context.get<CacheClearing>(GUARD_CACHE_CLEARING)),
];

/**
 * Domain events: whatever storage module is loaded, its unit of work writes the events of a unit
 * to the journal (`EVENT_JOURNAL`, the audit trail) before it commits, publishes them once it
 * commits (and drops them on rollback), and its repositories' saves hand the saved aggregate's
 * events over. Use cases record only deletions and facts with no aggregate themselves.
 * @throws ConfigError for `eventSubscribers` or `onEventSubscriberError` of the wrong type
 */
export function eventsModule(config: PortcullisConfig): ContainerModule {
  const hostSubscribers = eventSubscribersOf(config);
  const onSubscriberError = eventSubscriberErrorHandlerOf(config);
  return new ContainerModule(({ bind, onActivation }) => {
    bind(InProcessDomainEvents)
      .toDynamicValue((context) => {
        // Resolved at first use: the journal reads repositories whose saves record here.
        const events = new InProcessDomainEvents(onSubscriberError, {
          journal: () => context.get(EVENT_JOURNAL),
          unitOfWork: () => context.get(UNIT_OF_WORK),
        });
        for (const subscriber of [...SUBSCRIBERS.map((make) => make(context)), ...hostSubscribers]) events.subscribe(subscriber);
        return events;
      })
      .inSingletonScope();
    bind(DOMAIN_EVENT_RECORDER).toService(InProcessDomainEvents);
    bind(DOMAIN_EVENT_SUBSCRIPTIONS).toService(InProcessDomainEvents);

    const events = (context: ResolutionContext): InProcessDomainEvents => context.get(InProcessDomainEvents);
    onActivation(UNIT_OF_WORK, (context, unitOfWork: UnitOfWork) => events(context).around(unitOfWork));
    onActivation(INTEGRATION_REPOSITORY, (context, repository: IntegrationRepository) => handingOverEvents(repository, ['save'], events(context)));
    onActivation(ROLE_REPOSITORY, (context, repository: RoleRepository) => handingOverEvents(repository, ['save'], events(context)));
    onActivation(ADMIN_USER_REPOSITORY, (context, repository: AdminUserRepository) => handingOverEvents(repository, ['save'], events(context)));
    onActivation(OAUTH_TOKEN_REPOSITORY, (context, repository: OAuthTokenRepository) => handingOverEvents(repository, ['save', 'replace'], events(context)));
  });
}
