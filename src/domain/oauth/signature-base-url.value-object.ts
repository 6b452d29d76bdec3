import { SignatureBaseUrlInvalidError } from './oauth.errors';

/**
 * The public base URL of the server as clients see it (configured, because behind a proxy the
 * server sees another host): the `scheme://host[:port]` part of every signature base string URI.
 * Normalized as RFC 5849 §3.4.1.2 requires: scheme and host lower-case, port only when it is not
 * the default of the scheme (80 for http, 443 for https).
 */
export class SignatureBaseUrl {
  private constructor(readonly origin: string) {}

  /**
   * Accepts `http(s)://host[:port]` with an optional trailing `/`; no user info, path, query or
   * fragment (the path of each request is appended as sent).
   * @throws SignatureBaseUrlInvalidError
   */
  static create(raw: string): SignatureBaseUrl {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new SignatureBaseUrlInvalidError(raw, '(scheme://host[:port])');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new SignatureBaseUrlInvalidError(raw, '(scheme://host[:port])');
    }
    if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') {
      throw new SignatureBaseUrlInvalidError(raw, 'with a host and no user info');
    }
    if (parsed.pathname !== '/' || raw.includes('?') || raw.includes('#')) {
      throw new SignatureBaseUrlInvalidError(raw, 'without a path, query or fragment');
    }
    // WHATWG URL already lower-cases scheme and host and drops the scheme's default port.
    return new SignatureBaseUrl(`${parsed.protocol}//${parsed.host}`);
  }
}
