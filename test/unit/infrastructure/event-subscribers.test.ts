import { createPortcullis, type DomainEventSubscriber, type PortcullisEvent } from '../../../src';
import { ConfigError } from '../../../src/infrastructure/config';

/**
 * The whole of an event subscriber: a function of an event. This one counts activations. Adding
 * it to Portcullis takes this file (or a function in the host's own code), one line where the
 * embedding host calls createPortcullis (`eventSubscribers: [...]`), and a test like this one.
 */
function countActivations(counter: { activated: number }): DomainEventSubscriber {
  return (event) => {
    if (event.name === 'IntegrationActivated') counter.activated += 1;
  };
}

describe('event subscribers, given through PortcullisConfig', () => {
  it('counts IntegrationActivated events of integrations activated through the library', async () => {
    const counter = { activated: 0 };
    const portcullis = await createPortcullis({ eventSubscribers: [countActivations(counter)] });

    const { integration } = await portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'all' });
    expect(counter.activated).toBe(0);
    await portcullis.integrations.activate({ id: integration.id });
    expect(counter.activated).toBe(1);
    await portcullis.integrations.revoke({ id: integration.id });
    await portcullis.integrations.activate({ id: integration.id });
    await portcullis.integrations.create({ name: 'CRM', email: 'crm@example.com', resourceAccess: 'all', activate: true });
    expect(counter.activated).toBe(3);
  });

  it('calls the subscribers in the order given, and a failing one fails neither the call nor the others', async () => {
    const order: string[] = [];
    const failures: Array<[string, string]> = [];
    const portcullis = await createPortcullis({
      eventSubscribers: [
        (event) => {
          order.push(`first ${event.name}`);
          throw new Error('webhook endpoint down');
        },
        (event) => {
          order.push(`second ${event.name}`);
        },
      ],
      onEventSubscriberError: (error, event) => failures.push([event.name, (error as Error).message]),
    });

    const { integration } = await portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'all' });

    expect(await portcullis.integrations.get({ id: integration.id })).toMatchObject({ name: 'ERP' });
    expect(order).toEqual(['first IntegrationCreated', 'second IntegrationCreated', 'first RoleCreated', 'second RoleCreated']);
    expect(failures).toEqual([
      ['IntegrationCreated', 'webhook endpoint down'],
      ['RoleCreated', 'webhook endpoint down'],
    ]);
  });

  it('by default reports a failing subscriber as a process warning naming the event, not its payload', async () => {
    const warnings: Array<{ message: string; code: unknown }> = [];
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation((warning, options) => {
      warnings.push({ message: String(warning), code: (options as { code?: unknown } | undefined)?.code });
    });
    try {
      const portcullis = await createPortcullis({
        eventSubscribers: [
          (event: PortcullisEvent) => {
            if (event.name === 'IntegrationCreated') throw new Error('audit store unreachable');
          },
        ],
      });
      const { integration } = await portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'all' });

      expect(warnings).toEqual([
        {
          message: `A subscriber to IntegrationCreated (${integration.id}) failed; the change stays committed: audit store unreachable`,
          code: 'PORTCULLIS_EVENT_SUBSCRIBER_FAILED',
        },
      ]);
    } finally {
      emitWarning.mockRestore();
    }
  });

  it('refuses subscribers or an error handler that are not functions', async () => {
    await expect(createPortcullis({ eventSubscribers: ['audit' as unknown as DomainEventSubscriber] })).rejects.toThrow(ConfigError);
    await expect(createPortcullis({ eventSubscribers: {} as unknown as DomainEventSubscriber[] })).rejects.toThrow(
      '"eventSubscribers" must be a list of functions, each called with an event.',
    );
    await expect(createPortcullis({ onEventSubscriberError: 42 as unknown as () => void })).rejects.toThrow(
      '"onEventSubscriberError" must be a function, called with the error and the event.',
    );
  });
});
