import { type HourlyCalls } from '../../../src/domain/usage/usage';
import { describeMysql, openInMemory, openMysql, openSqlite, siblingMysqlDatabase, type Backend } from './backends';
import { anIntegration } from './repository-contract';

const H0 = new Date('2026-12-04T10:00:00.000Z');
const hour = (offset: number): Date => new Date(H0.getTime() + offset * 3_600_000);

/** The UsageRepository contract, the same for every storage. */
function usageContract(open: () => Promise<Backend>): void {
  let backend: Backend;
  let first: string;
  let second: string;
  beforeAll(async () => {
    backend = await open();
  });
  beforeEach(async () => {
    await backend.reset();
    const a = anIntegration('Usage Consumer A');
    const b = anIntegration('Usage Consumer B');
    await backend.integrations.save(a);
    await backend.integrations.save(b);
    first = a.id;
    second = b.id;
  });
  afterAll(async () => {
    await backend?.close();
  });

  const add = (integrationId: string, counts: readonly HourlyCalls[]): Promise<void> => backend.unitOfWork.run(() => backend.usage.add(integrationId, counts));

  it('adds to the stored counts: two additions of one hour and outcome sum up, by hour then outcome', async () => {
    await add(first, [
      { hour: H0, outcome: 'allowed', calls: 3 },
      { hour: H0, outcome: 'signature', calls: 1 },
      { hour: hour(1), outcome: 'allowed', calls: 2 },
    ]);
    await add(first, [
      { hour: H0, outcome: 'allowed', calls: 4 },
      { hour: hour(1), outcome: 'nonce', calls: 5 },
    ]);

    expect(await backend.usage.hoursOf(first, H0, hour(2))).toEqual([
      { hour: H0, outcome: 'allowed', calls: 7 },
      { hour: H0, outcome: 'signature', calls: 1 },
      { hour: hour(1), outcome: 'allowed', calls: 2 },
      { hour: hour(1), outcome: 'nonce', calls: 5 },
    ]);
  });

  it('reads the hours that start at or after from and before to, of that integration only', async () => {
    await add(first, [hour(-1), H0, hour(1), hour(2)].map((at) => ({ hour: at, outcome: 'allowed' as const, calls: 1 })));
    await add(second, [{ hour: H0, outcome: 'allowed', calls: 9 }]);

    expect((await backend.usage.hoursOf(first, H0, hour(2))).map((row) => row.hour)).toEqual([H0, hour(1)]);
    expect(await backend.usage.hoursOf(second, hour(1), hour(5))).toEqual([]);
  });

  it('sums allowed calls since an hour per integration, in one answer for several', async () => {
    await add(first, [
      { hour: hour(-2), outcome: 'allowed', calls: 100 },
      { hour: H0, outcome: 'allowed', calls: 2 },
      { hour: H0, outcome: 'forbidden', calls: 7 },
      { hour: hour(3), outcome: 'allowed', calls: 3 },
    ]);
    await add(second, [{ hour: hour(1), outcome: 'timestamp', calls: 1 }]);

    const allowed = await backend.usage.allowedSince([first, second, 'nobody'], H0);
    expect(Object.fromEntries(allowed)).toEqual({ [first]: 5 });
  });

  it('stores nothing, and fails nothing, for an integration that no longer exists', async () => {
    await backend.integrations.delete(second);
    await expect(add(second, [{ hour: H0, outcome: 'allowed', calls: 1 }])).resolves.toBeUndefined();
    expect(await backend.usage.hoursOf(second, H0, hour(1))).toEqual([]);
  });

  it('goes with its integration when the integration is deleted', async () => {
    await add(first, [{ hour: H0, outcome: 'allowed', calls: 1 }]);
    await add(second, [{ hour: H0, outcome: 'allowed', calls: 2 }]);
    await backend.integrations.delete(first);

    expect(await backend.usage.hoursOf(first, H0, hour(1))).toEqual([]);
    expect(await backend.usage.hoursOf(second, H0, hour(1))).toEqual([{ hour: H0, outcome: 'allowed', calls: 2 }]);
  });

  it('keeps nothing of an addition in a unit of work that rolls back', async () => {
    await expect(
      backend.unitOfWork.run(async () => {
        await backend.usage.add(first, [{ hour: H0, outcome: 'allowed', calls: 1 }]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await backend.usage.hoursOf(first, H0, hour(1))).toEqual([]);
  });
}

describe('UsageRepository contract: in-memory', () => {
  usageContract(openInMemory);
});

describe('UsageRepository contract: SQLite (file)', () => {
  usageContract(openSqlite);
});

describeMysql('UsageRepository contract: MySQL/MariaDB', () => {
  usageContract(() => openMysql(siblingMysqlDatabase('usage_contract')));
});
