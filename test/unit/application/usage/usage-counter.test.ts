import { UsageCounter } from '../../../../src/application/usage/usage-counter';
import { IntegrationUsage } from '../../../../src/application/guard/integration-usage';
import { type HourlyCalls } from '../../../../src/domain/usage/usage';
import { USAGE_REPOSITORY, type UsageRepository } from '../../../../src/domain/usage/usage.repository';
import { Gate } from '../../../support/gate';
import { anIntegration } from '../../../support/integration-fixtures';
import { testCore, type TestCore } from '../../../support/test-core';

const HOUR = 3600;
/** Far before and after the test clock: every hour the tests count in. */
const ALL_TIME = [new Date('2000-01-01T00:00:00Z'), new Date('2100-01-01T00:00:00Z')] as const;

/** A usage store that fails its next `add`s (an outage) or holds them at a gate, around the real in-memory one. */
class TroubledUsage implements UsageRepository {
  failures = 0;
  readonly gate = new Gate();
  constructor(private readonly inner: UsageRepository) {}

  async add(integrationId: string, counts: readonly HourlyCalls[]): Promise<void> {
    await this.gate.pass();
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('the database went away');
    }
    return this.inner.add(integrationId, counts);
  }

  hoursOf(integrationId: string, from: Date, to: Date): Promise<HourlyCalls[]> {
    return this.inner.hoursOf(integrationId, from, to);
  }

  allowedSince(integrationIds: readonly string[], since: Date): Promise<ReadonlyMap<string, number>> {
    return this.inner.allowedSince(integrationIds, since);
  }
}

function troubledCore(): { core: TestCore; usage: TroubledUsage } {
  let usage: TroubledUsage | undefined;
  const core = testCore({
    override: (container) => {
      const inner = container.get<UsageRepository>(USAGE_REPOSITORY);
      usage = new TroubledUsage(inner);
      container.rebindSync(USAGE_REPOSITORY).toConstantValue(usage);
    },
  });
  if (usage === undefined) throw new Error('not overridden');
  return { core, usage };
}

const stored = (core: TestCore, id: string): Promise<HourlyCalls[]> => core.container.get<UsageRepository>(USAGE_REPOSITORY).hoursOf(id, ...ALL_TIME);

describe('UsageCounter (calls counted in memory, written by flushes)', () => {
  it('writes nothing per call, then one addition per integration per flush, by hour and outcome', async () => {
    const { core } = troubledCore();
    const a = await anIntegration(core, { name: 'A' });
    const b = await anIntegration(core, { name: 'B' });
    const usage = core.container.get(IntegrationUsage);
    const hour = new Date(Math.floor(core.clock.now().getTime() / 3_600_000) * 3_600_000);
    for (let i = 0; i < 3; i++) await usage.record(a);
    usage.refused(a, 'signature');
    usage.refused(b, 'nonce');
    core.clock.advance(HOUR);
    await usage.record(a);

    expect(await stored(core, a)).toEqual([]);
    expect(await core.container.get(UsageCounter).flush()).toEqual({ written: 2, failed: 0 });

    const next = new Date(hour.getTime() + HOUR * 1000);
    expect(await stored(core, a)).toEqual([
      { hour, outcome: 'allowed', calls: 3 },
      { hour, outcome: 'signature', calls: 1 },
      { hour: next, outcome: 'allowed', calls: 1 },
    ]);
    expect(await stored(core, b)).toEqual([{ hour, outcome: 'nonce', calls: 1 }]);
    // Written once: the next flush has nothing to add.
    expect(await core.container.get(UsageCounter).flush()).toEqual({ written: 0, failed: 0 });
    expect(await stored(core, b)).toEqual([{ hour, outcome: 'nonce', calls: 1 }]);
  });

  it('keeps the counts of a failed flush and writes them with the newer ones at the next: nothing lost, nothing twice', async () => {
    const { core, usage: store } = troubledCore();
    const a = await anIntegration(core, { name: 'A' });
    const b = await anIntegration(core, { name: 'B' });
    const usage = core.container.get(IntegrationUsage);
    const counter = core.container.get(UsageCounter);
    await usage.record(a);
    await usage.record(b);
    usage.refused(a, 'forbidden');

    store.failures = 1;
    const failed = await counter.flush();
    expect(failed).toMatchObject({ written: 0, failed: 2, error: new Error('the database went away') });
    expect(await stored(core, a)).toEqual([]);

    await usage.record(a);
    expect(await counter.flush()).toEqual({ written: 2, failed: 0 });
    expect((await stored(core, a)).map(({ outcome, calls }) => [outcome, calls])).toEqual([
      ['allowed', 2],
      ['forbidden', 1],
    ]);
    expect((await stored(core, b)).map(({ outcome, calls }) => [outcome, calls])).toEqual([['allowed', 1]]);
  });

  it('answers a read during a flush once the flush is done, counting each call once', async () => {
    const { core, usage: store } = troubledCore();
    const a = await anIntegration(core, { name: 'A' });
    const usage = core.container.get(IntegrationUsage);
    core.clock.advance(HOUR / 2);
    for (let i = 0; i < 4; i++) await usage.record(a);

    store.gate.hold();
    const flushing = core.container.get(UsageCounter).flush();
    const reading = core.portcullis.integrations.usage({ id: a });
    // Counted while the flush is held: not in what it writes, but in the read.
    await usage.record(a);
    store.gate.release();
    await flushing;

    expect((await reading).totals).toEqual({ allowed: 5, refused: {} });
    expect((await core.portcullis.integrations.usage({ id: a })).totals).toEqual({ allowed: 5, refused: {} });
  });

  it('drops the counts of an integration deleted before the flush (its rows went with it)', async () => {
    const { core } = troubledCore();
    const a = await anIntegration(core, { name: 'A' });
    const usage = core.container.get(IntegrationUsage);
    await usage.record(a);
    await core.portcullis.integrations.delete({ id: a });

    expect(await core.container.get(UsageCounter).flush()).toEqual({ written: 1, failed: 0 });
    expect(await stored(core, a)).toEqual([]);
  });
});
