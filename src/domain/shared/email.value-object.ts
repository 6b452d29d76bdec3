import { InvalidValueError } from './domain-error';

const MAX_LENGTH = 254;
// Pragmatic address check (a local part, an @, a dotted domain with no spaces); the same shape
// Magento's `validate-email` accepts, without trying to be RFC 5322 in full.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export class EmailAddress {
  private constructor(readonly value: string) {}

  /**
   * @param field the input field the value came from, named in the error.
   * @throws InvalidValueError `VALIDATION.EMAIL_INVALID` naming the field and value.
   */
  static create(raw: string, field = 'email'): EmailAddress {
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value.length === 0) {
      throw new InvalidValueError('VALIDATION.REQUIRED', `"${field}" is required. Enter and try again.`, { field });
    }
    if (value.length > MAX_LENGTH || !EMAIL_PATTERN.test(value)) {
      throw new InvalidValueError(
        'VALIDATION.EMAIL_INVALID',
        `"${field}" must be a valid email address of at most ${MAX_LENGTH} characters; "${value}" is not.`,
        { field, value },
      );
    }
    return new EmailAddress(value);
  }

  equals(other: EmailAddress): boolean {
    return this.value.toLowerCase() === other.value.toLowerCase();
  }
}
