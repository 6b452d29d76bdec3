import { InvalidArgumentError } from 'commander';
import { timeArgument } from '../../../../src/adapters/cli/commands/audit.commands';

const NOW = new Date('2026-12-04T10:00:00.000Z');

describe('audit commands: --since / --until', () => {
  it('takes a time this long ago: seconds, minutes, hours, days, weeks', () => {
    expect(timeArgument('30m', NOW).toISOString()).toBe('2026-12-04T09:30:00.000Z');
    expect(timeArgument('24h', NOW).toISOString()).toBe('2026-12-03T10:00:00.000Z');
    expect(timeArgument('7d', NOW).toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(timeArgument('2w', NOW).toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(timeArgument('90s', NOW).toISOString()).toBe('2026-12-04T09:58:30.000Z');
  });

  it('takes an ISO 8601 date or time', () => {
    expect(timeArgument('2026-12-01').toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(timeArgument('2026-12-01T08:30:00Z').toISOString()).toBe('2026-12-01T08:30:00.000Z');
    expect(timeArgument('2026-12-01T08:30:00.250+01:00').toISOString()).toBe('2026-12-01T07:30:00.250Z');
  });

  it('refuses anything else, as a usage error', () => {
    for (const value of ['yesterday', '7', '7y', '2026-13-01', '01/12/2026', '']) expect(() => timeArgument(value, NOW)).toThrow(InvalidArgumentError);
  });
});
