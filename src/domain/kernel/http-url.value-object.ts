import { InvalidValueError } from './domain-error';
import { assertNoRefusedCharacter, excerpt } from './text';

const MAX_LENGTH = 255;

/**
 * An absolute http(s) URL of at most 255 characters, without user info (Callback URL, Identity
 * link URL). Credentials in the URL are refused: Portcullis would send them on, and a
 * `user:pass@` prefix makes a URL read as one host while it names another.
 */
export class HttpUrl {
  private constructor(readonly value: string) {}

  /**
   * Blank input means "not set": returns null.
   * @throws InvalidValueError `VALIDATION.URL_INVALID` naming the field and the value (the field
   *   only when the URL carries a user name or password, so the password is not repeated).
   * @throws InvalidValueError `VALIDATION.CHARACTER_NOT_ALLOWED` for a control, bidirectional or
   *   invisible character, naming the field and its code point (the text rule, src/domain/kernel/text.ts).
   */
  static createOptional(raw: string | null | undefined, field: string): HttpUrl | null {
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value.length === 0) return null;
    // The URL parser silently drops or encodes control characters: refuse them first (text rule).
    assertNoRefusedCharacter(value, field);
    // What is echoed never shows user info: it may hold a password.
    const shown = excerpt(withoutUserInfo(value));
    const invalid = (why: string): InvalidValueError =>
      new InvalidValueError('VALIDATION.URL_INVALID', `"${field}" must be an absolute http(s) URL ${why}; "${shown}" is not.`, {
        field,
        value: shown,
      });
    if (value.length > MAX_LENGTH) throw invalid(`of at most ${MAX_LENGTH} characters`);
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw invalid('(scheme://host/path)');
    }
    if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
      throw invalid('(scheme://host/path)');
    }
    if (/\s/.test(value)) throw invalid('without spaces');
    if (parsed.username !== '' || parsed.password !== '') {
      throw new InvalidValueError(
        'VALIDATION.URL_INVALID',
        `"${field}" must not contain a user name or password ("user:password@" before the host); give the URL without them.`,
        { field },
      );
    }
    return new HttpUrl(value);
  }

  /** Plain http: Magento flags such an integration "not secure". */
  get isSecure(): boolean {
    return this.value.toLowerCase().startsWith('https:');
  }
}

/** The URL with anything between `scheme://` and an `@` before the path replaced by `***`. */
function withoutUserInfo(url: string): string {
  return url.replace(/^([^:/?#]*:\/\/)[^/?#]*@/, '$1***@');
}
