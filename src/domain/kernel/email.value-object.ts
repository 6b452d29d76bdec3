import { InvalidValueError } from './domain-error';
import { characterCount, excerpt, normaliseText } from './text';

const MAX_LENGTH = 254;
// Pragmatic address check (a local part, an @, a dotted domain with no spaces); the same shape
// Magento's `validate-email` accepts, without trying to be RFC 5322 in full.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export class EmailAddress {
  private constructor(readonly value: string) {}

  /**
   * Checked by the text rule first (src/domain/kernel/text.ts): the pattern alone would let
   * control characters through (`[^\s@]` matches ESC).
   * @param field the input field the value came from, named in the error.
   * @throws InvalidValueError `VALIDATION.CHARACTER_NOT_ALLOWED` naming the field and the code point;
   * `VALIDATION.EMAIL_INVALID` naming the field and the value (escaped, cut short).
   */
  static create(raw: string, field = 'email'): EmailAddress {
    const value = normaliseText(raw, field);
    if (value.length === 0) {
      throw new InvalidValueError('VALIDATION.REQUIRED', `"${field}" is required. Enter and try again.`, { field });
    }
    if (characterCount(value) > MAX_LENGTH || !EMAIL_PATTERN.test(value)) {
      const shown = excerpt(value);
      throw new InvalidValueError(
        'VALIDATION.EMAIL_INVALID',
        `"${field}" must be a valid email address of at most ${MAX_LENGTH} characters; "${shown}" is not.`,
        { field, value: shown },
      );
    }
    return new EmailAddress(value);
  }

  equals(other: EmailAddress): boolean {
    return this.value.toLowerCase() === other.value.toLowerCase();
  }
}
