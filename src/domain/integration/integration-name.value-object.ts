import { InvalidValueError } from '../kernel/domain-error';
import { characterCount, comparisonKey, excerpt, MAX_KEY_LENGTH, normaliseText } from '../kernel/text';

const MAX_LENGTH = 255;

/**
 * 1..255 characters of text by the text rule (no control, invisible or bidirectional characters;
 * NFC; spaces collapsed; trimmed). Unique across integrations by {@link IntegrationName.keyOf}
 * (ignoring case, accents, compatibility forms and spacing), enforced via the repository.
 */
export class IntegrationName {
  private constructor(readonly value: string) {}

  /**
   * @throws InvalidValueError `VALIDATION.REQUIRED`, `VALIDATION.CHARACTER_NOT_ALLOWED` or
   * `VALIDATION.NAME_INVALID` (too long, or its comparison key too long for its column).
   */
  static create(raw: string): IntegrationName {
    const value = normaliseText(raw, 'name');
    if (value.length === 0) {
      throw new InvalidValueError('VALIDATION.REQUIRED', '"name" is required. Enter and try again.', { field: 'name' });
    }
    if (characterCount(value) > MAX_LENGTH) {
      throw new InvalidValueError('VALIDATION.NAME_INVALID', `"name" must be at most ${MAX_LENGTH} characters long.`, {
        field: 'name',
        value: excerpt(value),
      });
    }
    if (characterCount(IntegrationName.keyOf(value)) > MAX_KEY_LENGTH) {
      throw new InvalidValueError(
        'VALIDATION.NAME_INVALID',
        `"name" is too long: compared ignoring case and accents it has more than ${MAX_KEY_LENGTH} characters.`,
        { field: 'name', value: excerpt(value) },
      );
    }
    return new IntegrationName(value);
  }

  /** The key uniqueness is checked on. */
  get key(): string {
    return IntegrationName.keyOf(this.value);
  }

  /** Two names are the same integration's when their keys are equal (see `comparisonKey`). */
  static keyOf(name: string): string {
    return comparisonKey(name);
  }
}
