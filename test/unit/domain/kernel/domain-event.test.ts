import { RecordedEvents, type DomainEvent } from '../../../../src/domain/kernel/domain-event';

type Happened = DomainEvent<'Happened', { readonly count: number }> | DomainEvent<'Gone', { readonly why: string }>;

const NOW = new Date('2026-03-01T10:00:00Z');

describe('RecordedEvents', () => {
  it('hands over what was recorded, oldest first, once', () => {
    const recorded = new RecordedEvents<Happened>();
    recorded.record('Happened', 'a-1', NOW, { count: 1 });
    recorded.record('Gone', 'a-1', NOW, { why: 'deleted' });

    expect(recorded.pull()).toEqual([
      { name: 'Happened', aggregateId: 'a-1', occurredAt: NOW, payload: { count: 1 } },
      { name: 'Gone', aggregateId: 'a-1', occurredAt: NOW, payload: { why: 'deleted' } },
    ]);
    expect(recorded.pull()).toEqual([]);
  });

  it('records plain frozen data, so that no subscriber can change an event for another', () => {
    const recorded = new RecordedEvents<Happened>();
    const payload = { count: 1 };
    recorded.record('Happened', 'a-1', NOW, payload);
    payload.count = 2;

    const [event] = recorded.pull();
    expect(event?.payload).toEqual({ count: 1 });
    expect(Object.isFrozen(event)).toBe(true);
    expect(Object.isFrozen(event?.payload)).toBe(true);
  });
});
