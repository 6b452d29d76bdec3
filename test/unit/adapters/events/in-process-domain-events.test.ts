import { InProcessDomainEvents } from '../../../../src/adapters/events/in-process-domain-events';
import { handingOverEvents } from '../../../../src/adapters/events/handing-over-events';
import { InMemoryDatabase } from '../../../../src/adapters/in-memory/in-memory-database';
import { InMemoryIntegrationRepository } from '../../../../src/adapters/in-memory/in-memory-integration.repository';
import { InMemoryUnitOfWork } from '../../../../src/adapters/in-memory/in-memory-unit-of-work';
import { type PortcullisEvent } from '../../../../src/application/ports/domain-events.port';
import { type UnitOfWork } from '../../../../src/application/ports/unit-of-work.port';
import { Integration } from '../../../../src/domain/integration/integration.aggregate';
import { type IntegrationRepository } from '../../../../src/domain/integration/integration.repository';

const NOW = new Date('2026-01-01T00:00:00Z');
const make = (id: string, name: string): Integration =>
  Integration.create({ id, name, email: 'x@example.com', setupType: 'manual', credentials: [{ kind: 'oauth1', key: `k-${id}`, secret: 's' }], now: NOW });

interface Setup {
  readonly events: InProcessDomainEvents;
  readonly uow: UnitOfWork;
  readonly repo: IntegrationRepository;
  /** What each subscriber saw: the event name and whether its integration was stored then. */
  readonly seen: string[];
  readonly failures: string[];
}

/** The wiring of events.module.ts on in-memory storage, with one subscriber that looks at the store. */
function setup(): Setup {
  const database = new InMemoryDatabase();
  const failures: string[] = [];
  const events = new InProcessDomainEvents((error, event) => failures.push(`${event.name}: ${(error as Error).message}`));
  const uow = events.around(new InMemoryUnitOfWork(database));
  const repo = handingOverEvents<IntegrationRepository>(new InMemoryIntegrationRepository(database), ['save'], events);
  const seen: string[] = [];
  events.subscribe(async (event) => {
    const stored = await repo.findById(event.aggregateId);
    seen.push(`${event.name} ${stored === null ? 'absent' : stored.status}`);
  });
  return { events, uow, repo, seen, failures };
}

describe('InProcessDomainEvents', () => {
  it('publishes the events of a unit of work once it has committed, all of them, in order', async () => {
    const { uow, repo, seen } = setup();
    await uow.run(async () => {
      const integration = make('1', 'A');
      await repo.save(integration);
      integration.activateLocally(NOW);
      await repo.save(integration);
      expect(seen).toEqual([]);
    });
    // Both events see the state the whole unit committed.
    expect(seen).toEqual(['IntegrationCreated active', 'IntegrationActivated active']);
  });

  it('drops the events of a unit of work that rolls back', async () => {
    const { uow, repo, seen } = setup();
    await expect(
      uow.run(async () => {
        await repo.save(make('1', 'A'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(seen).toEqual([]);
    expect(await repo.findById('1')).toBeNull();
  });

  it('joins a nested unit of work: its events wait for the outer commit, and go with an outer rollback', async () => {
    const { uow, repo, seen } = setup();
    await uow.run(async () => {
      await uow.run(() => repo.save(make('1', 'A')));
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual(['IntegrationCreated inactive']);

    await expect(
      uow.run(async () => {
        await uow.run(() => repo.save(make('2', 'B')));
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(seen).toEqual(['IntegrationCreated inactive']);
  });

  it('publishes at once a write made outside any unit of work', async () => {
    const { repo, seen } = setup();
    await repo.save(make('1', 'A'));
    expect(seen).toEqual(['IntegrationCreated inactive']);
  });

  it('keeps the events of units running side by side apart', async () => {
    const { uow, repo, seen } = setup();
    await Promise.all([
      uow.run(() => repo.save(make('1', 'A'))),
      expect(
        uow.run(async () => {
          await repo.save(make('2', 'B'));
          throw new Error('this one fails');
        }),
      ).rejects.toThrow('this one fails'),
    ]);
    expect(seen).toEqual(['IntegrationCreated inactive']);
  });

  it('lets a subscriber run its own unit of work (the first one has ended)', async () => {
    const { events, uow, repo } = setup();
    const renamed: string[] = [];
    events.subscribe(async (event) => {
      if (event.name !== 'IntegrationCreated') return;
      await uow.run(async () => {
        const integration = await repo.findById(event.aggregateId);
        if (integration === null) return;
        integration.update({ name: `${integration.name} (seen)`, email: integration.email }, NOW);
        await repo.save(integration);
      });
      renamed.push(event.aggregateId);
    });
    await uow.run(() => repo.save(make('1', 'A')));
    expect(renamed).toEqual(['1']);
    expect((await repo.findById('1'))?.name).toBe('A (seen)');
  });

  it('reports a failing subscriber and goes on: the change stands, the call succeeds, the others still run', async () => {
    const { events, uow, repo, seen, failures } = setup();
    const after: string[] = [];
    events.subscribe(() => {
      throw new Error('audit log unreachable');
    });
    events.subscribe((event) => {
      after.push(event.name);
      return Promise.reject(new Error('metrics down'));
    });

    await expect(uow.run(() => repo.save(make('1', 'A')))).resolves.toBeUndefined();

    expect(await repo.findById('1')).not.toBeNull();
    expect(seen).toEqual(['IntegrationCreated inactive']);
    expect(after).toEqual(['IntegrationCreated']);
    expect(failures).toEqual(['IntegrationCreated: audit log unreachable', 'IntegrationCreated: metrics down']);
  });

  it('stops calling a subscriber once it unsubscribed', async () => {
    const { events, repo } = setup();
    const received: PortcullisEvent[] = [];
    const unsubscribe = events.subscribe((event) => {
      received.push(event);
    });
    await repo.save(make('1', 'A'));
    unsubscribe();
    await repo.save(make('2', 'B'));
    expect(received.map((event) => event.aggregateId)).toEqual(['1']);
  });

  it('survives an error handler that throws', async () => {
    const database = new InMemoryDatabase();
    const events = new InProcessDomainEvents(() => {
      throw new Error('handler broken');
    });
    const repo = handingOverEvents<IntegrationRepository>(new InMemoryIntegrationRepository(database), ['save'], events);
    events.subscribe(() => {
      throw new Error('subscriber broken');
    });
    await expect(repo.save(make('1', 'A'))).resolves.toBeUndefined();
  });
});

describe('InProcessDomainEvents with a journal step', () => {
  /** The wiring with a journal that keeps what it is given, in which unit of work, and fails on demand. */
  function journaled(): Setup & { readonly journal: string[][]; failNext: () => void; readonly database: InMemoryDatabase } {
    const database = new InMemoryDatabase();
    const unitOfWork = new InMemoryUnitOfWork(database);
    const journal: string[][] = [];
    let fail = false;
    const events: InProcessDomainEvents = new InProcessDomainEvents(() => undefined, {
      journal: () => ({
        append: (written) => {
          if (fail) {
            fail = false;
            return Promise.reject(new Error('the journal cannot be written'));
          }
          // Inside the transaction: what the unit wrote is there, not yet committed.
          journal.push(written.map((event) => `${event.name} ${database.tables.integrations.has(event.aggregateId) ? 'stored' : 'absent'}`));
          return Promise.resolve();
        },
      }),
      unitOfWork: () => uow,
    });
    const uow: UnitOfWork = events.around(unitOfWork);
    const repo = handingOverEvents<IntegrationRepository>(new InMemoryIntegrationRepository(database), ['save'], events);
    const seen: string[] = [];
    events.subscribe((event) => {
      seen.push(event.name);
    });
    return { events, uow, repo, seen, failures: [], journal, failNext: () => (fail = true), database };
  }

  it("hands all of a unit's events to the journal once, inside it, before the commit and before they are published", async () => {
    const { uow, repo, journal, seen } = journaled();
    await uow.run(async () => {
      const integration = make('1', 'A');
      await repo.save(integration);
      integration.activateLocally(NOW);
      await uow.run(() => repo.save(integration));
      expect(journal).toEqual([]);
    });
    expect(journal).toEqual([['IntegrationCreated stored', 'IntegrationActivated stored']]);
    expect(seen).toEqual(['IntegrationCreated', 'IntegrationActivated']);
  });

  it('rolls the change back when the journal fails: nothing is stored, nothing published', async () => {
    const { uow, repo, journal, seen, failNext } = journaled();
    failNext();
    await expect(uow.run(() => repo.save(make('1', 'A')))).rejects.toThrow('the journal cannot be written');
    expect(await repo.findById('1')).toBeNull();
    expect(journal).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('journals events recorded outside a unit of work in one of their own; when that fails the call fails and nothing is published', async () => {
    const { events, journal, seen, failNext } = journaled();
    const fact = make('9', 'Z').pullEvents();
    await events.record(fact);
    expect(journal).toEqual([['IntegrationCreated absent']]);
    expect(seen).toEqual(['IntegrationCreated']);

    failNext();
    await expect(events.record(fact)).rejects.toThrow('the journal cannot be written');
    expect(seen).toEqual(['IntegrationCreated']);
  });

  it('does not call the journal for a unit of work that recorded nothing', async () => {
    const { uow, repo, journal } = journaled();
    await uow.run(() => repo.findById('1'));
    expect(journal).toEqual([]);
  });
});
