import { MalformedError, malformedError } from '../kernel/domain-error';

/**
 * The `Authorization` header is not a well-formed `OAuth` credential (RFC 5849 §3.5.1): another
 * scheme, broken `name="value"` syntax, or a value that is not correctly percent-encoded UTF-8.
 * `reason` is a short, stable description with no secret in it.
 */
export class OAuthHeaderMalformedError extends MalformedError {
  readonly code = 'OAUTH.HEADER_MALFORMED';
  constructor(readonly reason: string) {
    super(`The Authorization header is not a valid OAuth header: ${reason}.`, { reason });
  }
}

/** An `oauth_*` parameter appears more than once in the `Authorization` header (RFC 5849 §3.5). */
export class OAuthParameterDuplicatedError extends MalformedError {
  readonly code = 'OAUTH.PARAMETER_DUPLICATED';
  constructor(readonly parameter: string) {
    super(`The "${parameter}" parameter appears more than once in the Authorization header.`, { parameter });
  }
}

/**
 * Protocol parameters the operation needs are absent or empty (docs/oauth.md §4): Magento's text once
 * per field, joined by `, ` as its aggregated input exception does.
 */
export class OAuthParametersMissingError extends MalformedError {
  readonly code = 'OAUTH.PARAMETERS_MISSING';
  constructor(readonly fields: readonly string[]) {
    super(fields.map((field) => `"${field}" is required. Enter and try again.`).join(', '), { fields });
  }
}

/**
 * `oauth_signature_method` names a method this server does not accept: anything but HMAC-SHA256,
 * and HMAC-SHA1 when it is switched off (Magento's text, docs/oauth.md §4).
 */
export class SignatureMethodUnsupportedError extends MalformedError {
  readonly code = 'OAUTH.SIGNATURE_METHOD_UNSUPPORTED';
  constructor(readonly method: string) {
    super(`Signature method ${echoed(method)} is not supported`, { method: echoed(method) });
  }
}

/** The configured public base URL cannot be used to build signature base strings. */
export class SignatureBaseUrlInvalidError extends MalformedError {
  readonly code = 'OAUTH.BASE_URL_INVALID';
  constructor(value: string, why: string) {
    super(`The public base URL used for OAuth signatures must be an http(s) URL ${why}; "${value}" is not.`, { value });
  }
}

/** The request path handed to the signature core is not an origin-form path (`/...`, no `?` or `#`). */
export class RequestPathInvalidError extends malformedError('OAUTH.REQUEST_PATH_INVALID', 'The request path must start with "/" and hold no query or fragment.') {}

/**
 * A client's value as an error message may repeat it: control characters shown as `?`, at most
 * 64 characters (a 12 kB header value is not sent back, nor written to logs, whole).
 */
export function echoed(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  const printable = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return printable.length > 64 ? `${printable.slice(0, 64)}…` : printable;
}
