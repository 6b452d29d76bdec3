import { CredentialPolicy, type CredentialPolicySnapshot } from '../../../../src/domain/integration/credential-policy.value-object';
import { InvalidValueError } from '../../../../src/domain/kernel/domain-error';
import { thrownError } from '../../../support/errors';

const EXPIRY = new Date('2027-01-31T00:00:00.000Z');
const OPEN: CredentialPolicySnapshot = { expiresAt: null, allowedIps: [], rateLimit: null };
const policy = (parts: Partial<CredentialPolicySnapshot>): CredentialPolicy => CredentialPolicy.of({ ...OPEN, ...parts });
const errorOf = (parts: Partial<CredentialPolicySnapshot>): InvalidValueError => thrownError(InvalidValueError, () => policy(parts));
const RATE_MESSAGE = 'A rate limit is 1 to 1,000,000 requests per 1 to 86,400 seconds, such as 600 per 60 seconds.';

describe('CredentialPolicy', () => {
  describe('of', () => {
    it('keeps its parts, the ranges canonical; open() is no expiry, any address, no limit', () => {
      const made = policy({ expiresAt: EXPIRY, allowedIps: [' 10.0.0.0/8 ', '2001:DB8::/32'], rateLimit: { limit: 600, windowSeconds: 60 } });
      expect(made.toSnapshot()).toEqual({ expiresAt: EXPIRY, allowedIps: ['10.0.0.0/8', '2001:db8::/32'], rateLimit: { limit: 600, windowSeconds: 60 } });
      expect(made.isOpen).toBe(false);
      expect(CredentialPolicy.open().toSnapshot()).toEqual(OPEN);
      expect(CredentialPolicy.open().isOpen).toBe(true);
      expect(policy({}).isOpen).toBe(true);
    });

    it.each([
      ['an expiry', { expiresAt: EXPIRY }],
      ['an allowlist', { allowedIps: ['192.0.2.7'] }],
      ['a rate limit', { rateLimit: { limit: 1, windowSeconds: 1 } }],
    ])('is not open with %s alone', (_, parts) => {
      expect(policy(parts).isOpen).toBe(false);
    });

    it('refuses an invalid date, naming the field and an example', () => {
      const error = errorOf({ expiresAt: new Date('not a date') });
      expect(error).toMatchObject({
        code: 'VALIDATION.DATE',
        message: '"expiresAt" is not a valid date. Use an ISO 8601 date and time, such as 2027-01-31T00:00:00Z.',
        parameters: { field: 'expiresAt' },
      });
    });

    it('refuses an entry that is not an address or CIDR range (VALIDATION.IP_RANGE)', () => {
      expect(errorOf({ allowedIps: ['10.0.0.0/8', 'intranet'] })).toMatchObject({ code: 'VALIDATION.IP_RANGE', parameters: { field: 'allowedIps', value: 'intranet' } });
    });

    it.each([
      [0, 60, '0/60s'],
      [1_000_001, 60, '1000001/60s'],
      [10, 0, '10/0s'],
      [10, 86_401, '10/86401s'],
      [1.5, 60, '1.5/60s'],
      [10, 0.5, '10/0.5s'],
      [Number.NaN, 60, 'NaN/60s'],
    ])('refuses a rate limit of %p per %p s (VALIDATION.RATE_LIMIT)', (limit, windowSeconds, value) => {
      expect(errorOf({ rateLimit: { limit, windowSeconds } })).toMatchObject({ code: 'VALIDATION.RATE_LIMIT', message: RATE_MESSAGE, parameters: { field: 'rateLimit', value } });
    });

    it.each([
      [1, 1],
      [1_000_000, 86_400],
    ])('accepts the bounds: %p per %p s', (limit, windowSeconds) => {
      expect(policy({ rateLimit: { limit, windowSeconds } }).rateLimit).toEqual({ limit, windowSeconds });
    });
  });

  describe('with', () => {
    it('replaces only the parts named, null clearing one, and leaves the original as it was', () => {
      const original = policy({ expiresAt: EXPIRY, allowedIps: ['10.0.0.0/8'], rateLimit: { limit: 10, windowSeconds: 60 } });
      expect(original.with({ rateLimit: null }).toSnapshot()).toEqual({ expiresAt: EXPIRY, allowedIps: ['10.0.0.0/8'], rateLimit: null });
      expect(original.with({ expiresAt: null, allowedIps: [] }).toSnapshot()).toEqual({ expiresAt: null, allowedIps: [], rateLimit: { limit: 10, windowSeconds: 60 } });
      expect(original.with({}).equals(original)).toBe(true);
      expect(original.toSnapshot()).toEqual({ expiresAt: EXPIRY, allowedIps: ['10.0.0.0/8'], rateLimit: { limit: 10, windowSeconds: 60 } });
    });

    it('validates the result as of does', () => {
      expect(thrownError(InvalidValueError, () => CredentialPolicy.open().with({ rateLimit: { limit: 0, windowSeconds: 60 } })).code).toBe('VALIDATION.RATE_LIMIT');
      expect(thrownError(InvalidValueError, () => CredentialPolicy.open().with({ allowedIps: ['10.0.0.1/8'] })).code).toBe('VALIDATION.IP_RANGE');
      expect(thrownError(InvalidValueError, () => CredentialPolicy.open().with({ expiresAt: new Date(Number.NaN) })).code).toBe('VALIDATION.DATE');
    });
  });

  describe('isExpired', () => {
    it('is expired from expiresAt on: not a millisecond before, exactly at it and after', () => {
      const expiring = policy({ expiresAt: EXPIRY });
      expect(expiring.isExpired(EXPIRY.getTime() - 1)).toBe(false);
      expect(expiring.isExpired(EXPIRY.getTime())).toBe(true);
      expect(expiring.isExpired(EXPIRY.getTime() + 1)).toBe(true);
    });

    it('never expires without an expiry', () => {
      expect(CredentialPolicy.open().isExpired(Number.MAX_SAFE_INTEGER)).toBe(false);
    });
  });

  describe('wideningsFrom', () => {
    const LATER = new Date(EXPIRY.getTime() + 1000);
    const EARLIER = new Date(EXPIRY.getTime() - 1000);

    it.each<[string, Partial<CredentialPolicySnapshot>, Partial<CredentialPolicySnapshot>, string[]]>([
      ['expiry removed', { expiresAt: EXPIRY }, { expiresAt: null }, ['the credentials no longer expire']],
      ['expiry later', { expiresAt: EXPIRY }, { expiresAt: LATER }, ['the credentials expire later']],
      ['expiry earlier', { expiresAt: EXPIRY }, { expiresAt: EARLIER }, []],
      ['expiry added', {}, { expiresAt: EXPIRY }, []],
      ['allowlist removed', { allowedIps: ['10.0.0.0/8'] }, { allowedIps: [] }, ['more client addresses are allowed']],
      ['allowlist wider', { allowedIps: ['10.1.0.0/16'] }, { allowedIps: ['10.0.0.0/8'] }, ['more client addresses are allowed']],
      ['allowlist with another range', { allowedIps: ['10.0.0.0/8'] }, { allowedIps: ['10.0.0.0/8', '192.0.2.7'] }, ['more client addresses are allowed']],
      ['allowlist narrower', { allowedIps: ['10.0.0.0/8'] }, { allowedIps: ['10.1.0.0/16', '10.2.3.4'] }, []],
      ['allowlist the same range in halves', { allowedIps: ['10.0.0.0/8'] }, { allowedIps: ['10.0.0.0/9', '10.128.0.0/9'] }, []],
      ['allowlist added', {}, { allowedIps: ['10.0.0.0/8'] }, []],
      ['rate limit removed', { rateLimit: { limit: 10, windowSeconds: 60 } }, { rateLimit: null }, ['the rate limit is removed']],
      ['rate limit higher', { rateLimit: { limit: 10, windowSeconds: 60 } }, { rateLimit: { limit: 11, windowSeconds: 60 } }, ['the rate limit is higher']],
      ['rate limit higher by a shorter window', { rateLimit: { limit: 10, windowSeconds: 60 } }, { rateLimit: { limit: 10, windowSeconds: 30 } }, ['the rate limit is higher']],
      ['rate limit lower', { rateLimit: { limit: 10, windowSeconds: 60 } }, { rateLimit: { limit: 5, windowSeconds: 60 } }, []],
      ['rate limit the same rate in other units', { rateLimit: { limit: 10, windowSeconds: 60 } }, { rateLimit: { limit: 1, windowSeconds: 6 } }, []],
      ['rate limit added', {}, { rateLimit: { limit: 10, windowSeconds: 60 } }, []],
      ['same policy', { expiresAt: EXPIRY, allowedIps: ['10.0.0.0/8'], rateLimit: { limit: 10, windowSeconds: 60 } }, { expiresAt: EXPIRY, allowedIps: ['10.0.0.0/8'], rateLimit: { limit: 10, windowSeconds: 60 } }, []],
      ['open to open', {}, {}, []],
    ])('%s', (_, previous, next, widenings) => {
      expect(policy(next).wideningsFrom(policy(previous))).toEqual(widenings);
    });

    it('names every part that widened, in order', () => {
      const previous = policy({ expiresAt: EXPIRY, allowedIps: ['10.0.0.0/8'], rateLimit: { limit: 10, windowSeconds: 60 } });
      expect(CredentialPolicy.open().wideningsFrom(previous)).toEqual(['the credentials no longer expire', 'more client addresses are allowed', 'the rate limit is removed']);
    });
  });

  describe('equals', () => {
    it('compares every part, ranges as written canonically', () => {
      const a = policy({ expiresAt: EXPIRY, allowedIps: ['2001:DB8::/32'], rateLimit: { limit: 10, windowSeconds: 60 } });
      expect(a.equals(policy({ expiresAt: new Date(EXPIRY.getTime()), allowedIps: [' 2001:db8::/32'], rateLimit: { limit: 10, windowSeconds: 60 } }))).toBe(true);
      expect(a.equals(a.with({ expiresAt: new Date(EXPIRY.getTime() + 1) }))).toBe(false);
      expect(a.equals(a.with({ allowedIps: ['2001:db8::/33'] }))).toBe(false);
      expect(a.equals(a.with({ rateLimit: { limit: 20, windowSeconds: 120 } }))).toBe(false);
      expect(a.equals(a.with({ rateLimit: null }))).toBe(false);
      expect(CredentialPolicy.open().equals(policy({}))).toBe(true);
    });
  });

  it('hands out copies: changing a snapshot does not change the policy', () => {
    const made = policy({ allowedIps: ['10.0.0.0/8'], rateLimit: { limit: 10, windowSeconds: 60 } });
    const snapshot = made.toSnapshot() as unknown as { allowedIps: string[]; rateLimit: { limit: number } };
    snapshot.allowedIps.push('192.0.2.7');
    snapshot.rateLimit.limit = 99;
    expect(made.toSnapshot()).toEqual({ expiresAt: null, allowedIps: ['10.0.0.0/8'], rateLimit: { limit: 10, windowSeconds: 60 } });
  });
});
