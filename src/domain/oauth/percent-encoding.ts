/**
 * Percent-encoding as RFC 5849 §3.6 requires: UTF-8 bytes, every byte outside the RFC 3986
 * unreserved set (ALPHA, DIGIT, "-", ".", "_", "~") written as "%" + two UPPER-case hex digits.
 *
 * These run several times on every signed request, so they lean on the engine's
 * `encodeURIComponent`/`decodeURIComponent` and return their input untouched when it needs no
 * work; test/unit/domain/oauth/reference holds the plain byte-by-byte version they must equal.
 */

const PERCENT = 0x25;
const PLUS = 0x2b;

/** `%XX` (upper-case hex) of every byte. */
const ESCAPED: readonly string[] = Array.from({ length: 256 }, (_, byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`);

/** 1 for the ASCII codes of the RFC 3986 unreserved set. */
const UNRESERVED = new Uint8Array(128);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~') UNRESERVED[char.charCodeAt(0)] = 1;

function isUnreserved(code: number): boolean {
  return code < 0x80 && UNRESERVED[code] === 1;
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// What encodeURIComponent leaves alone although RFC 3986 reserves it.
const LEFT_BY_ENCODE_URI_COMPONENT = /[!'()*]/g;

function escapeChar(char: string): string {
  return ESCAPED[char.charCodeAt(0)] ?? char;
}

/** `enc()` of RFC 5849 §3.6 applied to text (lone surrogates count as U+FFFD). */
export function percentEncode(text: string): string {
  let i = 0;
  while (i < text.length && isUnreserved(text.charCodeAt(i))) i += 1;
  if (i === text.length) return text;
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    // URIError: a lone surrogate, which UTF-8 (as TextEncoder writes it) turns into U+FFFD.
    encoded = encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'));
  }
  return encoded.replace(LEFT_BY_ENCODE_URI_COMPONENT, escapeChar);
}

/**
 * One name or value of an `application/x-www-form-urlencoded` string (query or body) in its
 * normalized form `enc(decode(raw))` (RFC 5849 §3.4.1.3): `+` is a space, `%XX` is a byte.
 * Never throws: a stray `%` (not followed by two hex digits) stays a literal `%`, as PHP's
 * urldecode and the WHATWG form parser keep it, and bytes that are not UTF-8 are re-encoded as
 * they came, so the client's bytes are signed exactly (as Magento's PHP does).
 */
export function normalizeFormComponent(raw: string): string {
  // One pass, byte for byte the same as encoding the decoded bytes: runs that need nothing are
  // copied as they are, and the input itself is returned when nothing needed anything.
  let out = '';
  let copyFrom = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const code = raw.charCodeAt(i);
    if (isUnreserved(code)) continue;
    out += raw.slice(copyFrom, i);
    if (code === PERCENT) {
      const high = i + 2 < raw.length ? hexValue(raw.charCodeAt(i + 1)) : -1;
      const low = high >= 0 ? hexValue(raw.charCodeAt(i + 2)) : -1;
      if (low >= 0) {
        const byte = high * 16 + low;
        out += isUnreserved(byte) ? String.fromCharCode(byte) : ESCAPED[byte];
        i += 2;
      } else {
        out += '%25';
      }
    } else if (code === PLUS) {
      out += '%20';
    } else if (code < 0x80) {
      out += ESCAPED[code];
    } else {
      // A run of non-ASCII characters (surrogate pairs stay together) is UTF-8 percent-encoded whole.
      let end = i + 1;
      while (end < raw.length && raw.charCodeAt(end) >= 0x80) end += 1;
      out += percentEncode(raw.slice(i, end));
      i = end - 1;
    }
    copyFrom = i + 1;
  }
  return copyFrom === 0 ? raw : out + raw.slice(copyFrom);
}

/**
 * Strict percent-decoding of an `Authorization` header name or value (RFC 5849 §3.5.1): `+` is a
 * literal plus; null when a `%` is not followed by two hex digits or the bytes are not UTF-8.
 * Characters outside ASCII count as their UTF-8 bytes (a lone surrogate as U+FFFD), and a leading
 * byte order mark is dropped, as a UTF-8 decoder does.
 */
export function percentDecodeStrict(raw: string): string | null {
  let decoded = raw;
  if (raw.includes('%')) {
    try {
      // Refuses exactly what a strict UTF-8 decoder refuses, and a `%` without two hex digits.
      decoded = decodeURIComponent(raw);
    } catch {
      return null;
    }
  }
  if (decoded.charCodeAt(0) === 0xfeff) decoded = decoded.slice(1);
  // Only `raw` can bring a surrogate: decodeURIComponent refuses the escapes of one.
  return SURROGATE.test(raw) ? decoded.replace(LONE_SURROGATE, '\uFFFD') : decoded;
}
