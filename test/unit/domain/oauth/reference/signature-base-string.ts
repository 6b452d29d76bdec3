/**
 * FROZEN REFERENCE — do not edit. A verbatim copy of
 * src/domain/oauth/signature-base-string.ts as it was before the fast rewrite of issue 19 point 2. The property
 * test (../signature-base-string.equivalence.test.ts) and bench/signature.bench.js hold the rewrite to
 * the same output, byte for byte, and the same errors (class and message) as this one for every input.
 * Only the imports changed: the error classes and SignatureBaseUrl are the live ones from src, so
 * errors of both compare by class.
 */
import { type OAuthProtocolParameters } from './authorization-header';
import { RequestPathInvalidError } from '../../../../../src/domain/oauth/oauth.errors';
import { normalizeFormComponent, percentEncode } from './percent-encoding';
import { type SignatureBaseUrl } from '../../../../../src/domain/oauth/signature-base-url.value-object';

/** One request parameter, name and value already percent-encoded (RFC 5849 §3.4.1.3.2). */
export interface NormalizedParameter {
  readonly name: string;
  readonly value: string;
}

/**
 * Parses an `application/x-www-form-urlencoded` string (a raw query without its `?`, or a form
 * body) into normalized pairs, in order: split on `&`, empty pieces skipped, name and value split
 * at the first `=` (no `=` means an empty value), `+` is a space, then re-encoded with `enc()`.
 * Repeated names and names such as `a[b][0]` are kept as they are. Never throws.
 */
export function formParameters(raw: string): NormalizedParameter[] {
  const pairs: NormalizedParameter[] = [];
  for (const piece of raw.split('&')) {
    if (piece === '') continue;
    const equals = piece.indexOf('=');
    const name = equals < 0 ? piece : piece.slice(0, equals);
    const value = equals < 0 ? '' : piece.slice(equals + 1);
    pairs.push({ name: normalizeFormComponent(name), value: normalizeFormComponent(value) });
  }
  return pairs;
}

/**
 * The base string URI (RFC 5849 §3.4.1.2): the normalized public origin followed by the path
 * exactly as the client sent it. The path is not decoded or re-encoded: `%2F` stays `%2F`, `+`
 * stays `+`, `%c3%a9` keeps its case; clients sign the path they put on the wire.
 * An empty path stands for `/`.
 * @throws RequestPathInvalidError when the path does not start with `/` or holds `?` or `#`.
 */
export function baseStringUri(baseUrl: SignatureBaseUrl, path: string): string {
  if (path === '') return `${baseUrl.origin}/`;
  if (!path.startsWith('/') || path.includes('?') || path.includes('#')) throw new RequestPathInvalidError();
  return baseUrl.origin + path;
}

function compareAscii(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * The normalized request parameters (RFC 5849 §3.4.1.3.2): header `oauth_*` parameters except
 * `oauth_signature`, then query and form-body pairs, each encoded, sorted by encoded name then by
 * encoded value (byte order), joined as `name=value` with `&`.
 */
export function normalizedParameters(
  protocolParameters: OAuthProtocolParameters,
  queryAndBody: readonly NormalizedParameter[],
): string {
  const all: NormalizedParameter[] = [];
  for (const [name, value] of protocolParameters) {
    if (name === 'oauth_signature') continue;
    all.push({ name: percentEncode(name), value: percentEncode(value) });
  }
  all.push(...queryAndBody);
  all.sort((a, b) => compareAscii(a.name, b.name) || compareAscii(a.value, b.value));
  return all.map((pair) => `${pair.name}=${pair.value}`).join('&');
}

/** `METHOD&enc(base string URI)&enc(normalized parameters)` (RFC 5849 §3.4.1.1). */
export function signatureBaseString(method: string, uri: string, parameters: string): string {
  return `${percentEncode(method.toUpperCase())}&${percentEncode(uri)}&${percentEncode(parameters)}`;
}

/** The HMAC key `enc(consumer secret)&enc(token secret)` (RFC 5849 §3.4.2); `''` when no token yet. */
export function signingKey(consumerSecret: string, tokenSecret: string): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
}
