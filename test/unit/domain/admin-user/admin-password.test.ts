import { assertStrongPassword, MIN_PASSWORD_LENGTH } from '../../../../src/domain/admin-user/admin-password';
import { WeakPasswordError } from '../../../../src/domain/admin-user/admin-user.errors';

function weakness(password: unknown): WeakPasswordError {
  try {
    assertStrongPassword(password as string);
  } catch (error) {
    if (error instanceof WeakPasswordError) return error;
    throw error;
  }
  throw new Error('expected a WeakPasswordError');
}

const TOO_SHORT = 'it must be at least 7 characters long';
const MIXED = 'it must include both numeric and alphabetic characters';

describe('assertStrongPassword (Magento admin rule)', () => {
  it('requires at least 7 characters', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(7);
  });

  it.each(['abcdef1', '1abcdef', 'correct horse 42', 'Ünïcødé9', `a1${'x'.repeat(254)}`])('accepts %j', (password) => {
    expect(() => assertStrongPassword(password)).not.toThrow();
  });

  it.each([
    ['empty', '', TOO_SHORT],
    ['6 characters', 'abcde1', TOO_SHORT],
    ['257 characters', `a1${'x'.repeat(255)}`, 'it must be at most 256 characters long'],
    ['letters only', 'abcdefgh', MIXED],
    ['digits only', '12345678', MIXED],
    ['no ASCII letter', 'ééééé123', MIXED],
    ['symbols and digits', '!!!!1234', MIXED],
  ])('refuses %s with ADMIN_USER.PASSWORD_WEAK saying why, never echoing it', (_case, password, reason) => {
    const error = weakness(password);

    expect(error.code).toBe('ADMIN_USER.PASSWORD_WEAK');
    expect(error.message).toBe(`The password is too weak: ${reason}.`);
    expect(error.parameters).toEqual({ field: 'password' });
    if (password.length > 0) expect(error.message).not.toContain(password);
  });

  it('refuses a value that is not a string', () => {
    expect(weakness(undefined).code).toBe('ADMIN_USER.PASSWORD_WEAK');
    expect(weakness(1234567).code).toBe('ADMIN_USER.PASSWORD_WEAK');
  });
});
