import { InvalidValueError } from '../shared/domain-error';

const MAX_LENGTH = 255;

/** Trimmed, 1..255 characters; unique across integrations ignoring case (enforced via the repository). */
export class IntegrationName {
  private constructor(readonly value: string) {}

  /** @throws InvalidValueError `VALIDATION.REQUIRED` or `VALIDATION.NAME_INVALID`. */
  static create(raw: string): IntegrationName {
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value.length === 0) {
      throw new InvalidValueError('VALIDATION.REQUIRED', '"name" is required. Enter and try again.', { field: 'name' });
    }
    if (value.length > MAX_LENGTH) {
      throw new InvalidValueError('VALIDATION.NAME_INVALID', `"name" must be at most ${MAX_LENGTH} characters long.`, {
        field: 'name',
        value: `${value.slice(0, 40)}…`,
      });
    }
    if ([...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) {
      throw new InvalidValueError('VALIDATION.NAME_INVALID', '"name" must not contain control characters.', { field: 'name' });
    }
    return new IntegrationName(value);
  }

  /** The key uniqueness is checked on. */
  get key(): string {
    return IntegrationName.keyOf(this.value);
  }

  static keyOf(name: string): string {
    return name.trim().toLowerCase();
  }
}
