import { parseAuthorizationHeader, type OAuthProtocolParameters } from './authorization-header';
import { baseStringUri, normalizedParameters, signatureBaseString } from './signature-base-string';
import { SignatureBaseUrl } from './signature-base-url.value-object';

/** What the HTTP edge knows of a request that claims an OAuth 1.0a signature. */
export interface SignedRequestInput {
  /** HTTP method as received (upper-cased for signing). */
  readonly method: string;
  /** The configured public base URL, `scheme://host[:port]` (see SignatureBaseUrl). */
  readonly baseUrl: string | SignatureBaseUrl;
  /** The path exactly as sent on the request line, percent-encoding untouched, without `?query`. */
  readonly path: string;
  /** The raw query string as sent, without the `?` (`''` when none). */
  readonly rawQuery: string;
  /**
   * The raw body, given ONLY when the request is a single-part `application/x-www-form-urlencoded`
   * body (see isFormUrlEncoded); JSON and other bodies are not signed (RFC 5849 §3.4.1.3.1).
   */
  readonly formBody?: string;
  /** The `Authorization` header value. */
  readonly authorization: string;
}

/**
 * A request parsed for OAuth 1.0a: its protocol parameters (from the `Authorization` header) and
 * the signature base string they and the request produce. Pure; holds no secret.
 */
export class OAuthRequest {
  private constructor(
    readonly protocolParameters: OAuthProtocolParameters,
    readonly baseString: string,
  ) {}

  /**
   * @throws OAuthHeaderMalformedError, OAuthParameterDuplicatedError for a bad `Authorization` header.
   * @throws SignatureBaseUrlInvalidError for a bad base URL, RequestPathInvalidError for a bad path.
   */
  static parse(input: SignedRequestInput): OAuthRequest {
    const protocolParameters = parseAuthorizationHeader(input.authorization);
    const baseUrl = typeof input.baseUrl === 'string' ? SignatureBaseUrl.create(input.baseUrl) : input.baseUrl;
    const uri = baseStringUri(baseUrl, input.path);
    const baseString = signatureBaseString(input.method, uri, normalizedParameters(protocolParameters, input.rawQuery, input.formBody));
    return new OAuthRequest(protocolParameters, baseString);
  }

  /** A protocol parameter's decoded value, or null when the header does not carry it. */
  parameter(name: string): string | null {
    return this.protocolParameters.get(name) ?? null;
  }

  get signatureMethod(): string | null {
    return this.parameter('oauth_signature_method');
  }

  get signature(): string | null {
    return this.parameter('oauth_signature');
  }
}

/**
 * Splits a request target as sent (`/path?query#fragment`) into the raw path and raw query;
 * the fragment, which clients never send, is dropped if present.
 */
export function splitRequestTarget(target: string): { path: string; rawQuery: string } {
  const withoutFragment = target.split('#', 1)[0] ?? '';
  const question = withoutFragment.indexOf('?');
  return question < 0
    ? { path: withoutFragment, rawQuery: '' }
    : { path: withoutFragment.slice(0, question), rawQuery: withoutFragment.slice(question + 1) };
}

/**
 * True when a `Content-Type` value is `application/x-www-form-urlencoded` (case-insensitive,
 * parameters such as `; charset=UTF-8` ignored): the only bodies whose parameters are signed.
 */
export function isFormUrlEncoded(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const mediaType = (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
  return mediaType === 'application/x-www-form-urlencoded';
}
