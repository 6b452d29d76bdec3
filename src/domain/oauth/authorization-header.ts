import { OAuthHeaderMalformedError, OAuthParameterDuplicatedError } from './oauth.errors';
import { percentDecodeStrict } from './percent-encoding';

/** Protocol parameters from an `Authorization: OAuth ...` header, names and values decoded. */
export type OAuthProtocolParameters = ReadonlyMap<string, string>;

const OAUTH_PREFIX = 'oauth_';

const TAB = 0x09;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;

/** 1 for the ASCII codes of RFC 7230 tchar. */
const TOKEN_CHARS = new Uint8Array(128);
for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~") TOKEN_CHARS[char.charCodeAt(0)] = 1;

function isTokenChar(code: number): boolean {
  return code < 0x80 && TOKEN_CHARS[code] === 1;
}

function isWhitespace(code: number): boolean {
  return code === SPACE || code === TAB;
}

// Printable ASCII (VCHAR) and SP/HTAB; values are percent-encoded, so nothing else is needed.
function isQuotedTextChar(code: number): boolean {
  return isWhitespace(code) || (code >= 0x21 && code <= 0x7e);
}

/**
 * A cursor over the header; every failure is an OAuthHeaderMalformedError. Reads with
 * `charCodeAt` and slices, so a header costs one string per name and value it holds.
 */
class HeaderReader {
  private position = 0;
  constructor(private readonly text: string) {}

  get atEnd(): boolean {
    return this.position >= this.text.length;
  }

  /** The code at the cursor; NaN at the end, which equals no code. */
  peek(): number {
    return this.text.charCodeAt(this.position);
  }

  advance(): void {
    this.position += 1;
  }

  skipWhitespace(): number {
    const start = this.position;
    while (isWhitespace(this.text.charCodeAt(this.position))) this.position += 1;
    return this.position - start;
  }

  token(): string {
    const start = this.position;
    while (isTokenChar(this.text.charCodeAt(this.position))) this.position += 1;
    return this.text.slice(start, this.position);
  }

  /** True when the token at the cursor is `OAuth` in any case; moves past the whole token. */
  oauthScheme(): boolean {
    const start = this.position;
    while (isTokenChar(this.text.charCodeAt(this.position))) this.position += 1;
    // `| 0x20` lower-cases an ASCII letter, and maps no other code onto one.
    return (
      this.position - start === 5 &&
      (this.text.charCodeAt(start) | 0x20) === 0x6f &&
      (this.text.charCodeAt(start + 1) | 0x20) === 0x61 &&
      (this.text.charCodeAt(start + 2) | 0x20) === 0x75 &&
      (this.text.charCodeAt(start + 3) | 0x20) === 0x74 &&
      (this.text.charCodeAt(start + 4) | 0x20) === 0x68
    );
  }

  /** The content of the quoted string whose opening quote is at the cursor; the cursor ends past its closing quote. */
  quotedString(): string {
    const text = this.text;
    const start = this.position + 1;
    let end = start;
    // Most values hold no escape: they are one slice.
    for (;;) {
      if (end >= text.length) throw new OAuthHeaderMalformedError('a quoted value is not closed');
      const code = text.charCodeAt(end);
      if (code === QUOTE) {
        this.position = end + 1;
        return text.slice(start, end);
      }
      if (code === BACKSLASH) break;
      if (!isQuotedTextChar(code)) throw new OAuthHeaderMalformedError('a quoted value holds a character that is not printable ASCII');
      end += 1;
    }
    let value = text.slice(start, end);
    for (;;) {
      if (end >= text.length) throw new OAuthHeaderMalformedError('a quoted value is not closed');
      const code = text.charCodeAt(end);
      end += 1;
      if (code === QUOTE) {
        this.position = end;
        return value;
      }
      if (code === BACKSLASH) {
        if (end >= text.length || !isQuotedTextChar(text.charCodeAt(end))) throw new OAuthHeaderMalformedError('a quoted value has a bad escape');
        value += text[end];
        end += 1;
      } else if (isQuotedTextChar(code)) {
        value += text[end - 1];
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
  // Names and values are ASCII here (tokens, quoted text): without a `%` there is nothing to decode.
  if (!raw.includes('%')) return raw;
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
  if (!reader.oauthScheme()) throw new OAuthHeaderMalformedError('the scheme is not OAuth');
  const parameters = new Map<string, string>();
  if (reader.atEnd) return parameters;
  if (reader.skipWhitespace() === 0) throw new OAuthHeaderMalformedError('the scheme is not OAuth');

  for (;;) {
    reader.skipWhitespace();
    if (reader.atEnd) return parameters;
    if (reader.peek() === COMMA) {
      reader.advance();
      continue;
    }
    const rawName = reader.token();
    if (rawName === '') throw reader.fail('a parameter name was expected');
    reader.skipWhitespace();
    if (reader.peek() !== EQUALS) throw reader.fail('"=" was expected');
    reader.advance();
    reader.skipWhitespace();
    let rawValue: string;
    if (reader.peek() === QUOTE) {
      rawValue = reader.quotedString();
    } else {
      rawValue = reader.token();
      if (rawValue === '') throw reader.fail('a parameter value was expected');
    }
    reader.skipWhitespace();
    if (!reader.atEnd && reader.peek() !== COMMA) throw reader.fail('"," was expected');

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
