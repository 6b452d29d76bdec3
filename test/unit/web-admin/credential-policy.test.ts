import {
  addressLines,
  expiryCell,
  expiryPhrase,
  GRACE_PERIODS,
  instantOfLocalInput,
  localInputValue,
  rateLimitOf,
  RATE_WINDOWS,
  rateWindowsFor,
  spanWords,
} from '../../../web/admin/src/credential-policy';

/*
 * Issue 21: the Security tab and the integrations grid word an integration's credential policy:
 * when its credentials expire, from where and how often it may call, and how long a replaced
 * token or secret keeps working.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = new Date('2026-12-04T10:00:00.000Z');
const at = (offset: number): Date => new Date(NOW.getTime() + offset);

describe('credential policy words', () => {
  it.each([
    [20_000, 'less than a minute'],
    [MINUTE, '1 minute'],
    [5 * MINUTE + 20_000, '5 minutes'],
    [59.6 * MINUTE, '1 hour'],
    [2 * HOUR, '2 hours'],
    [23.6 * HOUR, '1 day'],
    // Saved "in 3 days" and read back a few seconds later is still 3 days.
    [3 * DAY - 30_000, '3 days'],
    [-2 * HOUR, '2 hours'],
  ])('says %d ms as "%s"', (ms, words) => {
    expect(spanWords(ms)).toBe(words);
  });

  it('says beside the expiry field how far it is, ahead or past', () => {
    expect(expiryPhrase(at(3 * DAY), NOW)).toBe('expires in 3 days');
    expect(expiryPhrase(at(-2 * HOUR), NOW)).toBe('expired 2 hours ago');
    expect(expiryPhrase(NOW, NOW)).toBe('expired less than a minute ago');
  });

  it("fills the grid's Expires cell, warning when expired or under 7 days", () => {
    expect(expiryCell(null, NOW)).toEqual({ text: '—', warn: false });
    expect(expiryCell(at(3 * DAY).toISOString(), NOW)).toEqual({ text: 'in 3 days', warn: true });
    expect(expiryCell(at(7 * DAY - MINUTE).toISOString(), NOW)).toEqual({ text: 'in 7 days', warn: true });
    expect(expiryCell(at(30 * DAY).toISOString(), NOW)).toEqual({ text: 'in 30 days', warn: false });
    expect(expiryCell(at(-MINUTE).toISOString(), NOW)).toEqual({ text: 'expired', warn: true });
    expect(expiryCell('not a date', NOW)).toEqual({ text: '—', warn: false });
  });
});

describe('the expiry as a datetime-local value', () => {
  it("writes an instant in the browser's time zone and reads it back", () => {
    const local = new Date(2027, 0, 31, 14, 5);
    expect(localInputValue(local.toISOString())).toBe('2027-01-31T14:05');
    expect(instantOfLocalInput('2027-01-31T14:05')).toBe(local.toISOString());
    expect(instantOfLocalInput('2027-01-31T14:05:30')).toBe(new Date(2027, 0, 31, 14, 5, 30).toISOString());
  });

  it('has no value for none, and no instant for what is no date', () => {
    expect(localInputValue(null)).toBe('');
    expect(localInputValue('soon')).toBe('');
    for (const text of ['', '2027-01-31', '2027-02-30T10:00', 'tomorrow']) expect(instantOfLocalInput(text)).toBeNull();
  });
});

describe('allowed addresses and rate limit as the form holds them', () => {
  it('takes one address or range per line, trimmed, blank lines left out', () => {
    expect(addressLines(' 203.0.113.0/24\r\n\n2001:db8::/32 \n  ')).toEqual(['203.0.113.0/24', '2001:db8::/32']);
    expect(addressLines('')).toEqual([]);
  });

  it('sends the typed count with the chosen window; blank as 0, which the API refuses in words', () => {
    expect(rateLimitOf(' 600 ', 60)).toEqual({ limit: 600, windowSeconds: 60 });
    expect(rateLimitOf('', 1)).toEqual({ limit: 0, windowSeconds: 1 });
    expect(rateLimitOf('1.5', 3600)).toEqual({ limit: 1.5, windowSeconds: 3600 });
  });

  it('offers per second, minute and hour, plus a saved window of another length so saving keeps it', () => {
    expect(RATE_WINDOWS.map((option) => option.label)).toEqual(['second', 'minute', 'hour']);
    expect(rateWindowsFor(null)).toBe(RATE_WINDOWS);
    expect(rateWindowsFor({ limit: 10, windowSeconds: 60 })).toBe(RATE_WINDOWS);
    expect(rateWindowsFor({ limit: 10, windowSeconds: 30 })).toEqual([RATE_WINDOWS[0], { seconds: 30, label: '30 seconds' }, RATE_WINDOWS[1], RATE_WINDOWS[2]]);
  });

  it('offers grace periods from none to the 7 days the API allows', () => {
    expect(GRACE_PERIODS.map((period) => period.seconds)).toEqual([0, 300, 3600, 86_400, 604_800]);
  });
});
