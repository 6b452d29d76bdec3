import { InvalidValueError } from './domain-error';

const MAX_LENGTH = 255;

/** An absolute http(s) URL of at most 255 characters (Callback URL, Identity link URL). */
export class HttpUrl {
  private constructor(readonly value: string) {}

  /**
   * Blank input means "not set": returns null.
   * @throws InvalidValueError `VALIDATION.URL_INVALID` naming the field and the value.
   */
  static createOptional(raw: string | null | undefined, field: string): HttpUrl | null {
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value.length === 0) return null;
    const invalid = (why: string): InvalidValueError =>
      new InvalidValueError('VALIDATION.URL_INVALID', `"${field}" must be an absolute http(s) URL ${why}; "${value}" is not.`, {
        field,
        value,
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
    return new HttpUrl(value);
  }

  /** Plain http: Magento flags such an integration "not secure". */
  get isSecure(): boolean {
    return this.value.toLowerCase().startsWith('https:');
  }
}
