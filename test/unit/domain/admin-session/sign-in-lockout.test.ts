import {
  DEFAULT_LOCKOUT_POLICY,
  isLockedOut,
  lockAfterFailure,
  usernameKey,
  type SignInFailures,
} from '../../../../src/domain/admin-session/sign-in-lockout';

const NOW = new Date('2026-01-01T12:00:00.000Z');
const secondsAfter = (date: Date, seconds: number): Date => new Date(date.getTime() + seconds * 1000);

function failures(count: number, lockExpiresAt: Date | null = null): SignInFailures {
  return { failures: count, lockExpiresAt };
}

describe('sign-in lock-out', () => {
  it('defaults to Magento: 6 failures, then 1800 s', () => {
    expect(DEFAULT_LOCKOUT_POLICY).toEqual({ maxFailures: 6, lockSeconds: 1800 });
    expect(Object.isFrozen(DEFAULT_LOCKOUT_POLICY)).toBe(true);
  });

  describe('isLockedOut', () => {
    it('is false when nothing is recorded', () => {
      expect(isLockedOut(null, NOW)).toBe(false);
    });

    it('is false for failures without a lock, however many', () => {
      expect(isLockedOut(failures(1), NOW)).toBe(false);
      expect(isLockedOut(failures(99), NOW)).toBe(false);
    });

    it('is true until the lock ends, and false from that instant (the end is exclusive)', () => {
      const until = secondsAfter(NOW, 1800);

      expect(isLockedOut(failures(6, until), NOW)).toBe(true);
      expect(isLockedOut(failures(6, until), secondsAfter(until, -0.001))).toBe(true);
      expect(isLockedOut(failures(6, until), until)).toBe(false);
      expect(isLockedOut(failures(6, until), secondsAfter(until, 1))).toBe(false);
    });
  });

  describe('lockAfterFailure', () => {
    it('calls for no lock below the maximum', () => {
      for (let count = 0; count < 6; count++) expect(lockAfterFailure(count, NOW, DEFAULT_LOCKOUT_POLICY)).toBeNull();
    });

    it('locks for lockSeconds from now at the maximum and beyond (concurrent failures may overshoot)', () => {
      const until = secondsAfter(NOW, 1800);

      expect(lockAfterFailure(6, NOW, DEFAULT_LOCKOUT_POLICY)).toEqual(until);
      expect(lockAfterFailure(7, NOW, DEFAULT_LOCKOUT_POLICY)).toEqual(until);
    });

    it('follows a configured policy', () => {
      const policy = { maxFailures: 2, lockSeconds: 60 };

      expect(lockAfterFailure(1, NOW, policy)).toBeNull();
      expect(lockAfterFailure(2, NOW, policy)).toEqual(secondsAfter(NOW, 60));
    });

    it('does not change the date it is given', () => {
      const now = new Date(NOW.getTime());

      lockAfterFailure(6, now, DEFAULT_LOCKOUT_POLICY);

      expect(now).toEqual(NOW);
    });
  });

  describe('usernameKey', () => {
    it.each([
      ['admin', 'admin'],
      ['ADMIN', 'admin'],
      ['  Admin\t', 'admin'],
      ['jane.doe@Example.com', 'jane.doe@example.com'],
      ['\uff21\uff24\uff2d\uff29\uff2e', 'admin'],
      ['\u00c1dmin', 'admin'],
    ])('counts %j as %j', (username, key) => {
      expect(usernameKey(username)).toBe(key);
    });

    it('cuts what was typed to the 255 characters of its column, after folding (İ lowercases to two)', () => {
      expect(usernameKey('\u0130'.repeat(300))).toBe('i'.repeat(255));
      expect(Array.from(usernameKey('\u00df'.repeat(200)))).toHaveLength(255);
    });
  });
});
