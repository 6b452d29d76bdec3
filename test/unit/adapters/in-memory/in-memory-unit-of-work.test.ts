import { InMemoryDatabase } from '../../../../src/adapters/in-memory/in-memory-database';
import { InMemoryIntegrationRepository } from '../../../../src/adapters/in-memory/in-memory-integration.repository';
import { InMemoryUnitOfWork } from '../../../../src/adapters/in-memory/in-memory-unit-of-work';
import { Integration } from '../../../../src/domain/integration/integration.aggregate';

const NOW = new Date('2026-01-01T00:00:00Z');
const make = (id: string, name: string): Integration =>
  Integration.create({ id, name, email: 'x@example.com', setupType: 'manual', credentials: [{ kind: 'oauth1', key: `k-${id}`, secret: 's' }], now: NOW });

function setup(): { database: InMemoryDatabase; repo: InMemoryIntegrationRepository; uow: InMemoryUnitOfWork } {
  const database = new InMemoryDatabase();
  return { database, repo: new InMemoryIntegrationRepository(database), uow: new InMemoryUnitOfWork(database) };
}

describe('InMemoryUnitOfWork', () => {
  it('keeps every write of a unit that succeeds', async () => {
    const { repo, uow } = setup();
    await uow.run(async () => {
      await repo.save(make('1', 'A'));
      await repo.save(make('2', 'B'));
    });
    expect((await repo.list({ page: 1, pageSize: 10 })).total).toBe(2);
  });

  it('undoes every write of a unit that fails half-way and rethrows', async () => {
    const { repo, uow } = setup();
    await repo.save(make('0', 'Before'));
    const failure = new Error('boom');
    await expect(
      uow.run(async () => {
        await repo.save(make('1', 'A'));
        await repo.delete('0');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await repo.findById('1')).toBeNull();
    expect((await repo.findById('0'))?.name).toBe('Before');
  });

  it('joins a nested unit to the outer one (an inner success is undone by an outer failure)', async () => {
    const { repo, uow } = setup();
    await expect(
      uow.run(async () => {
        await uow.run(async () => repo.save(make('1', 'Inner')));
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await repo.findById('1')).toBeNull();
  });

  it('runs concurrent units one after the other, so a failing one cannot undo the other', async () => {
    const { repo, uow } = setup();
    let releaseFirst!: () => void;
    const gate = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = uow.run(async () => {
      await repo.save(make('1', 'First'));
      await gate;
      throw new Error('first fails');
    });
    const second = uow.run(async () => repo.save(make('2', 'Second')));
    releaseFirst();
    await expect(first).rejects.toThrow('first fails');
    await second;
    expect(await repo.findById('1')).toBeNull();
    expect((await repo.findById('2'))?.name).toBe('Second');
  });
});

describe('InMemoryIntegrationRepository', () => {
  it('enforces unique names ignoring case, like the database key will', async () => {
    const { repo } = setup();
    await repo.save(make('1', 'ERP'));
    await expect(repo.save(make('2', 'erp'))).rejects.toMatchObject({ code: 'INTEGRATION.NAME_TAKEN' });
    await expect(repo.save(make('1', 'ERP'))).resolves.toBeUndefined();
    expect((await repo.findByName('  eRp '))?.id).toBe('1');
    expect((await repo.findByConsumerKey('k-1'))?.id).toBe('1');
    expect(await repo.findByConsumerKey('nope')).toBeNull();
  });

  it('returns copies: changing a loaded aggregate does not change storage until saved', async () => {
    const { repo } = setup();
    await repo.save(make('1', 'ERP'));
    const loaded = await repo.findById('1');
    loaded?.recordUse(new Date('2026-02-01T00:00:00Z'));
    expect((await repo.findById('1'))?.toSnapshot().lastUsedAt).toBeNull();
  });
});
