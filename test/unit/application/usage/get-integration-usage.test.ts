import { IntegrationUsage } from '../../../../src/application/guard/integration-usage';
import { UsageCounter } from '../../../../src/application/usage/usage-counter';
import { anIntegration } from '../../../support/integration-fixtures';
import { testCore } from '../../../support/test-core';

const HOUR = 3600;
const DAY = 24 * HOUR;

describe('GetIntegrationUsage (calls per hour, allowed and refused by reason)', () => {
  it('answers the hours with calls in order, the refusals by reason, and the totals; the last 7 days by default', async () => {
    const core = testCore();
    const id = await anIntegration(core);
    const usage = core.container.get(IntegrationUsage);
    // Mid-hour: `to` (now) is after the start of the hour the last calls fall in.
    core.clock.advance(HOUR / 2);
    core.clock.advance(-8 * DAY);
    await usage.record(id); // older than 7 days: not in the default span
    core.clock.advance(8 * DAY - 2 * HOUR);
    const first = new Date(Math.floor(core.clock.now().getTime() / 3_600_000) * 3_600_000);
    await usage.record(id);
    usage.refused(id, 'signature');
    usage.refused(id, 'signature');
    await core.container.get(UsageCounter).flush();
    core.clock.advance(2 * HOUR);
    await usage.record(id);
    usage.refused(id, 'timestamp');
    const now = core.clock.now();

    const report = await core.portcullis.integrations.usage({ id });

    expect(report).toEqual({
      integrationId: id,
      from: new Date(now.getTime() - 7 * DAY * 1000),
      to: now,
      hours: [
        { hour: first, allowed: 1, refused: { signature: 2 } },
        { hour: new Date(first.getTime() + 2 * HOUR * 1000), allowed: 1, refused: { timestamp: 1 } },
      ],
      totals: { allowed: 2, refused: { signature: 2, timestamp: 1 } },
    });
  });

  it('takes the hour `from` falls in and stops before `to`', async () => {
    const core = testCore();
    const id = await anIntegration(core);
    const usage = core.container.get(IntegrationUsage);
    const start = core.clock.now();
    await usage.record(id);
    core.clock.advance(HOUR);
    await usage.record(id);

    const hourLater = new Date(Math.floor(start.getTime() / 3_600_000) * 3_600_000 + HOUR * 1000);
    const report = await core.portcullis.integrations.usage({ id, from: new Date(start.getTime() + 60_000), to: hourLater });
    expect(report.hours.map((hour) => hour.allowed)).toEqual([1]);
  });

  it.each([
    ['from after to', { from: new Date('2026-01-02T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') }, 'VALIDATION.RANGE_INVALID'],
    ['from equal to to', { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') }, 'VALIDATION.RANGE_INVALID'],
    ['more than 92 days', { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-03T00:00:01Z') }, 'VALIDATION.RANGE_TOO_LONG'],
  ])('refuses %s', async (_what, span, code) => {
    const core = testCore();
    const id = await anIntegration(core);
    await expect(core.portcullis.integrations.usage({ id, ...span })).rejects.toMatchObject({ code, kind: 'malformed' });
  });

  it('refuses an unknown integration as not found', async () => {
    await expect(testCore().portcullis.integrations.usage({ id: 'missing' })).rejects.toMatchObject({ code: 'INTEGRATION.NOT_FOUND' });
  });
});

describe('ListIntegrations: calls24h', () => {
  it('is the allowed calls of the current hour and the 23 before it, written or not', async () => {
    const core = testCore();
    const a = await anIntegration(core, { name: 'A' });
    const b = await anIntegration(core, { name: 'B' });
    const usage = core.container.get(IntegrationUsage);
    await usage.record(a); // 24 hours before the last call's hour: not counted
    core.clock.advance(DAY);
    await usage.record(a);
    usage.refused(a, 'nonce');
    await core.container.get(UsageCounter).flush();
    await usage.record(a);

    const { items } = await core.portcullis.integrations.list();
    expect(items.map((item) => [item.name, item.calls24h])).toEqual([
      ['A', 2],
      ['B', 0],
    ]);
    expect(b).toBeDefined();
  });
});
