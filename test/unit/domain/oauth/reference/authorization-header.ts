/**
 * FROZEN REFERENCE — do not edit. A verbatim copy of
 * src/domain/oauth/authorization-header.ts as it was before the fast rewrite of issue 19 point 2. The property
 * test (../signature-base-string.equivalence.test.ts) and bench/signature.bench.js hold the rewrite to
 * the same output, byte for byte, and the same errors (class and message) as this one for every input.
 * Only the imports changed: the error classes and SignatureBaseUrl are the live ones from src, so
 * errors of both compare by class.
 */
import { OAuthHeaderMalformedError, OAuthParameterDuplicatedError } from '../../../../../src/domain/oauth/oauth.errors';
import { percentDecodeStrict } from './percent-encoding';

/** Protocol parameters from an `Authorization: OAuth ...` header, names and values decoded. */
export type OAuthProtocolParameters = ReadonlyMap<string, string>;

const OAUTH_PREFIX = 'oauth_';

// RFC 7230 tchar.
function isTokenChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    '!#$%&\'*+-.^_`|~'.includes(String.fromCharCode(code))
  );
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

// Printable ASCII (VCHAR) and SP/HTAB; values are percent-encoded, so nothing else is needed.
function isQuotedTextChar(code: number): boolean {
  return isWhitespace(code) || (code >= 0x21 && code <= 0x7e);
}

/** A small cursor over the header; every failure is an OAuthHeaderMalformedError. */
class HeaderReader {
  private position = 0;
  constructor(private readonly text: string) {}

  get atEnd(): boolean {
    return this.position >= this.text.length;
  }

  peek(): number {
    return this.text.charCodeAt(this.position);
  }

  advance(): void {
    this.position += 1;
  }

  skipWhitespace(): number {
    const start = this.position;
    while (!this.atEnd && isWhitespace(this.peek())) this.position += 1;
    return this.position - start;
  }

  token(): string {
    const start = this.position;
    while (!this.atEnd && isTokenChar(this.peek())) this.position += 1;
    return this.text.slice(start, this.position);
  }

  quotedString(): string {
    this.advance(); // opening quote
    let value = '';
    for (;;) {
      if (this.atEnd) throw new OAuthHeaderMalformedError('a quoted value is not closed');
      const code = this.peek();
      this.advance();
      if (code === 0x22) return value;
      if (code === 0x5c) {
        if (this.atEnd || !isQuotedTextChar(this.peek())) throw new OAuthHeaderMalformedError('a quoted value has a bad escape');
        value += this.text[this.position];
        this.advance();
      } else if (isQuotedTextChar(code)) {
        value += String.fromCharCode(code);
      } else {
        throw new OAuthHeaderMalformedError('a quoted value holds a character that is not printable ASCII');
      }
    }
  }

  fail(what: string): OAuthHeaderMalformedError {
    return new OAuthHeaderMalformedError(`${what} at position ${this.position}`);
  }
}

function decoded(raw: string, what: string): string {
  const value = percentDecodeStrict(raw);
  if (value === null) throw new OAuthHeaderMalformedError(`a parameter ${what} is not percent-encoded UTF-8`);
  return value;
}

/**
 * Parses the value of an `Authorization` header holding OAuth 1.0a credentials
 * (RFC 5849 §3.5.1 on RFC 7235 syntax): `OAuth name="value", ...`. The scheme is case-insensitive;
 * whitespace around `=` and `,` and empty list elements are tolerated; values may be quoted strings
 * or tokens; names and values are percent-decoded (`+` stays a plus).
 *
 * Only `oauth_*` parameters are returned: `realm` and any other parameter are ignored (they are not
 * signed, see signature-base-string.ts).
 *
 * @throws OAuthHeaderMalformedError for any input that does not follow that syntax.
 * @throws OAuthParameterDuplicatedError when an `oauth_*` parameter appears twice.
 * Never throws anything else, for any string.
 */
export function parseAuthorizationHeader(header: string): OAuthProtocolParameters {
  const reader = new HeaderReader(header);
  reader.skipWhitespace();
  const scheme = reader.token();
  if (scheme.toLowerCase() !== 'oauth') throw new OAuthHeaderMalformedError('the scheme is not OAuth');
  const parameters = new Map<string, string>();
  if (reader.atEnd) return parameters;
  if (reader.skipWhitespace() === 0) throw new OAuthHeaderMalformedError('the scheme is not OAuth');

  for (;;) {
    reader.skipWhitespace();
    if (reader.atEnd) return parameters;
    if (reader.peek() === 0x2c) {
      reader.advance();
      continue;
    }
    const rawName = reader.token();
    if (rawName === '') throw reader.fail('a parameter name was expected');
    reader.skipWhitespace();
    if (reader.atEnd || reader.peek() !== 0x3d) throw reader.fail('"=" was expected');
    reader.advance();
    reader.skipWhitespace();
    let rawValue: string;
    if (!reader.atEnd && reader.peek() === 0x22) {
      rawValue = reader.quotedString();
    } else {
      rawValue = reader.token();
      if (rawValue === '') throw reader.fail('a parameter value was expected');
    }
    reader.skipWhitespace();
    if (!reader.atEnd && reader.peek() !== 0x2c) throw reader.fail('"," was expected');

    const name = decoded(rawName, 'name');
    const value = decoded(rawValue, 'value');
    if (!name.startsWith(OAUTH_PREFIX)) continue;
    if (parameters.has(name)) throw new OAuthParameterDuplicatedError(name);
    parameters.set(name, value);
  }
}

/** True when an `Authorization` header value uses the `OAuth` scheme (case-insensitive). */
export function isOAuthAuthorization(header: string | undefined): boolean {
  return header !== undefined && /^OAuth(\s|$)/i.test(header);
}
