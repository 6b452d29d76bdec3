import { WeakPasswordError } from './admin-user.errors';

export const MIN_PASSWORD_LENGTH = 7;
const MAX_PASSWORD_LENGTH = 256;

/**
 * Magento's admin password rule: at least 7 characters with both letters and digits.
 * @throws WeakPasswordError naming what is missing (never the password).
 */
export function assertStrongPassword(password: string): void {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    throw new WeakPasswordError(`it must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) throw new WeakPasswordError(`it must be at most ${MAX_PASSWORD_LENGTH} characters long`);
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) {
    throw new WeakPasswordError('it must include both numeric and alphabetic characters');
  }
}
