/**
 * FROZEN REFERENCE — do not edit. A verbatim copy of
 * src/domain/oauth/percent-encoding.ts as it was before the fast rewrite of issue 19 point 2. The property
 * test (../signature-base-string.equivalence.test.ts) and bench/signature.bench.js hold the rewrite to
 * the same output, byte for byte, and the same errors (class and message) as this one for every input.
 * Only the imports changed: the error classes and SignatureBaseUrl are the live ones from src, so
 * errors of both compare by class.
 */
/**
 * Percent-encoding as RFC 5849 §3.6 requires: UTF-8 bytes, every byte outside the RFC 3986
 * unreserved set (ALPHA, DIGIT, "-", ".", "_", "~") written as "%" + two UPPER-case hex digits.
 */

const HEX = '0123456789ABCDEF';
const PERCENT = 0x25;
const PLUS = 0x2b;
const SPACE = 0x20;
const utf8Encoder = new TextEncoder();
const strictUtf8Decoder = new TextDecoder('utf-8', { fatal: true });

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    byte === 0x2d ||
    byte === 0x2e ||
    byte === 0x5f ||
    byte === 0x7e
  );
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

function encodeBytes(bytes: Uint8Array | readonly number[]): string {
  let out = '';
  for (const byte of bytes) {
    out += isUnreserved(byte) ? String.fromCharCode(byte) : `%${HEX[byte >> 4]}${HEX[byte & 0x0f]}`;
  }
  return out;
}

/** `enc()` of RFC 5849 §3.6 applied to text (lone surrogates count as U+FFFD). */
export function percentEncode(text: string): string {
  return encodeBytes(utf8Encoder.encode(text));
}

/**
 * Bytes of `raw` with `%XX` decoded. `malformed` reports a `%` not followed by two hex digits;
 * such a `%` is kept as a literal byte (as PHP's urldecode and the WHATWG form parser do).
 */
function decodeToBytes(raw: string, plusIsSpace: boolean): { bytes: number[]; malformed: boolean } {
  const bytes: number[] = [];
  let malformed = false;
  for (let i = 0; i < raw.length; i += 1) {
    const code = raw.charCodeAt(i);
    if (code === PERCENT) {
      const high = i + 2 < raw.length ? hexValue(raw.charCodeAt(i + 1)) : -1;
      const low = high >= 0 ? hexValue(raw.charCodeAt(i + 2)) : -1;
      if (low >= 0) {
        bytes.push(high * 16 + low);
        i += 2;
      } else {
        malformed = true;
        bytes.push(PERCENT);
      }
    } else if (code === PLUS && plusIsSpace) {
      bytes.push(SPACE);
    } else if (code < 0x80) {
      bytes.push(code);
    } else {
      // One code point (a surrogate pair when present) through UTF-8.
      const point = raw.codePointAt(i) ?? code;
      const char = String.fromCodePoint(point);
      for (const byte of utf8Encoder.encode(char)) bytes.push(byte);
      i += char.length - 1;
    }
  }
  return { bytes, malformed };
}

/**
 * One name or value of an `application/x-www-form-urlencoded` string (query or body) in its
 * normalized form `enc(decode(raw))` (RFC 5849 §3.4.1.3): `+` is a space, `%XX` is a byte.
 * Never throws: a stray `%` stays a literal `%`, and bytes that are not UTF-8 are re-encoded
 * as they came, so the client's bytes are signed exactly (as Magento's PHP does).
 */
export function normalizeFormComponent(raw: string): string {
  return encodeBytes(decodeToBytes(raw, true).bytes);
}

/**
 * Strict percent-decoding of an `Authorization` header name or value (RFC 5849 §3.5.1): `+` is a
 * literal plus; null when a `%` is not followed by two hex digits or the bytes are not UTF-8.
 */
export function percentDecodeStrict(raw: string): string | null {
  const { bytes, malformed } = decodeToBytes(raw, false);
  if (malformed) return null;
  try {
    return strictUtf8Decoder.decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
}
