import { barHeights, dailyUsage, dayLabel, dayTitle, lastDays, refusalReasons, refusedTotal, usageSummary, type DayUsage } from '../../../web/admin/src/usage-days';

/*
 * Issue 20: the integration page charts the last 7 days of calls, one bar per UTC day, from the
 * hourly counts of GET /rest/V1/integrations/{id}/usage, and says the same in words.
 */

const DAYS = ['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];

describe('usage per day', () => {
  it('asks for the last 7 UTC days: from 00:00 UTC six days before today, to now', () => {
    const range = lastDays(new Date('2026-12-04T15:30:00.000Z'));
    expect(range.days).toEqual(DAYS);
    expect(range.from).toBe('2026-11-28T00:00:00.000Z');
    expect(range.to).toBe('2026-12-04T15:30:00.000Z');
  });

  it('counts days in UTC across a month end, and just after midnight', () => {
    expect(lastDays(new Date('2026-03-01T00:00:01.000Z'), 3).days).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });

  it('sums the hours of each day, refusals by reason, and gives days without calls zero', () => {
    const days = dailyUsage(
      [
        { hour: '2026-12-03T09:00:00.000Z', allowed: 10, refused: { signature: 1 } },
        { hour: '2026-12-03T23:00:00.000Z', allowed: 5, refused: { signature: 2, nonce: 1 } },
        { hour: '2026-12-04T00:00:00.000Z', allowed: 7, refused: {} },
        // Outside the 7 days (e.g. a range the server widened): left out.
        { hour: '2026-11-27T23:00:00.000Z', allowed: 99, refused: { revoked: 9 } },
      ],
      DAYS,
    );
    expect(days.map((day) => [day.day, day.allowed, day.refused])).toEqual([
      ['2026-11-28', 0, 0],
      ['2026-11-29', 0, 0],
      ['2026-11-30', 0, 0],
      ['2026-12-01', 0, 0],
      ['2026-12-02', 0, 0],
      ['2026-12-03', 15, 4],
      ['2026-12-04', 7, 0],
    ]);
    expect(days[5]?.refusedBy).toEqual({ signature: 3, nonce: 1 });
  });

  it('reads hours given with an offset as the instant they name', () => {
    const days = dailyUsage([{ hour: '2026-12-04T01:00:00+02:00', allowed: 3, refused: {} }], DAYS);
    expect(days.find((day) => day.allowed === 3)?.day).toBe('2026-12-03');
  });

  it('says the week in one sentence, with thousands separators', () => {
    const week = DAYS.map((day, index): DayUsage => ({ day, allowed: index === 6 ? 1034 : 100, refused: index === 0 ? 5 : 0, refusedBy: index === 0 ? { signature: 5 } : {} }));
    expect(usageSummary(week)).toBe('1,634 calls allowed, 5 refused in the last 7 days');
    expect(usageSummary(DAYS.map((day) => ({ day, allowed: 0, refused: 0, refusedBy: {} })))).toBe('0 calls allowed, 0 refused in the last 7 days');
    expect(usageSummary([{ day: DAYS[0]!, allowed: 1, refused: 0, refusedBy: {} }])).toBe('1 call allowed, 0 refused in the last 1 day');
  });

  it("titles a bar with its day, counts and refusal reasons, most frequent first", () => {
    expect(dayLabel('2026-12-03')).toBe('Thu 3 Dec');
    expect(refusalReasons({ nonce: 1, forbidden_resource: 2, signature: 2, timestamp: 0 })).toBe('forbidden resource 2, signature 2, nonce 1');
    expect(refusedTotal({ nonce: 1, signature: 2 })).toBe(3);
    expect(dayTitle({ day: '2026-12-03', allowed: 1200, refused: 3, refusedBy: { signature: 2, nonce: 1 } })).toBe('Thu 3 Dec: 1,200 calls allowed, 3 refused (signature 2, nonce 1)');
    expect(dayTitle({ day: '2026-12-04', allowed: 0, refused: 0, refusedBy: {} })).toBe('Fri 4 Dec: 0 calls allowed, 0 refused');
  });

  it('scales bars to the busiest day, stacks refusals on allowed calls, and never hides a day with calls', () => {
    const day = (allowed: number, refused: number): DayUsage => ({ day: '2026-12-04', allowed, refused, refusedBy: refused > 0 ? { signature: refused } : {} });
    const [busiest, half, tiny, none, onlyRefused] = barHeights([day(150, 50), day(100, 0), day(1, 0), day(0, 0), day(0, 2)], 100);
    expect(busiest).toEqual({ allowed: 75, refused: 25 });
    expect(half).toEqual({ allowed: 50, refused: 0 });
    expect(tiny).toEqual({ allowed: 1, refused: 0 });
    expect(none).toEqual({ allowed: 0, refused: 0 });
    expect(onlyRefused).toEqual({ allowed: 0, refused: 1 });
    expect(barHeights([day(0, 0)], 100)).toEqual([{ allowed: 0, refused: 0 }]);
  });
});
