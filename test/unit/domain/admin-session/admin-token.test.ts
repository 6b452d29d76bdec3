import {
  DEFAULT_ADMIN_TOKEN_LIFETIME_SECONDS,
  isAdminTokenUsable,
  type AdminTokenRecord,
} from '../../../../src/domain/admin-session/admin-token';

const CREATED = new Date('2026-01-01T08:00:00.000Z');
const EXPIRES = new Date('2026-01-01T12:00:00.000Z');

function aToken(overrides: Partial<AdminTokenRecord> = {}): AdminTokenRecord {
  return { adminUserId: 'user-1', createdAt: CREATED, expiresAt: EXPIRES, revoked: false, ...overrides };
}

const msBefore = (date: Date, ms: number): Date => new Date(date.getTime() - ms);

describe('admin token', () => {
  it('lasts 4 h by default (Magento oauth/access_token_lifetime/admin)', () => {
    expect(DEFAULT_ADMIN_TOKEN_LIFETIME_SECONDS).toBe(14400);
  });

  describe('isAdminTokenUsable', () => {
    it('is usable from creation until just before it expires', () => {
      expect(isAdminTokenUsable(aToken(), CREATED)).toBe(true);
      expect(isAdminTokenUsable(aToken(), msBefore(EXPIRES, 1))).toBe(true);
    });

    it('is not usable at the instant it expires (expiry is exclusive) nor after', () => {
      expect(isAdminTokenUsable(aToken(), EXPIRES)).toBe(false);
      expect(isAdminTokenUsable(aToken(), new Date(EXPIRES.getTime() + 1))).toBe(false);
    });

    it('is not usable once revoked, even before it expires', () => {
      expect(isAdminTokenUsable(aToken({ revoked: true }), CREATED)).toBe(false);
    });
  });
});
