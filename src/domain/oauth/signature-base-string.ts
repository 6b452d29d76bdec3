import { type OAuthProtocolParameters } from './authorization-header';
import { RequestPathInvalidError } from './oauth.errors';
import { normalizeFormComponent, percentEncode } from './percent-encoding';
import { type SignatureBaseUrl } from './signature-base-url.value-object';

/** One request parameter, name and value already percent-encoded (RFC 5849 §3.4.1.3.2). */
export interface NormalizedParameter {
  readonly name: string;
  readonly value: string;
}

/**
 * Parses an `application/x-www-form-urlencoded` string (a raw query without its `?`, or a form
 * body) into normalized pairs, in order, appended to `pairs`: split on `&`, empty pieces skipped,
 * name and value split at the first `=` (no `=` means an empty value), `+` is a space, then
 * re-encoded with `enc()`. Repeated names and names such as `a[b][0]` are kept as they are.
 * Never throws.
 */
export function formParameters(raw: string, pairs: NormalizedParameter[] = []): NormalizedParameter[] {
  let start = 0;
  while (start < raw.length) {
    let end = raw.indexOf('&', start);
    if (end < 0) end = raw.length;
    if (end > start) {
      const piece = raw.slice(start, end);
      const equals = piece.indexOf('=');
      if (equals < 0) pairs.push({ name: normalizeFormComponent(piece), value: '' });
      else pairs.push({ name: normalizeFormComponent(piece.slice(0, equals)), value: normalizeFormComponent(piece.slice(equals + 1)) });
    }
    start = end + 1;
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

function byNameThenValue(a: NormalizedParameter, b: NormalizedParameter): number {
  return compareAscii(a.name, b.name) || compareAscii(a.value, b.value);
}

/**
 * The normalized request parameters (RFC 5849 §3.4.1.3.2): header `oauth_*` parameters except
 * `oauth_signature`, then the pairs of the raw query and of the form body (see formParameters),
 * each encoded, sorted by encoded name then by encoded value (byte order), joined as
 * `name=value` with `&`. Never throws.
 */
export function normalizedParameters(protocolParameters: OAuthProtocolParameters, rawQuery: string, formBody: string | undefined): string {
  const all: NormalizedParameter[] = [];
  for (const [name, value] of protocolParameters) {
    if (name === 'oauth_signature') continue;
    all.push({ name: percentEncode(name), value: percentEncode(value) });
  }
  formParameters(rawQuery, all);
  if (formBody !== undefined) formParameters(formBody, all);
  all.sort(byNameThenValue);
  let joined = '';
  let separator = '';
  for (const pair of all) {
    joined += `${separator}${pair.name}=${pair.value}`;
    separator = '&';
  }
  return joined;
}

/**
 * `METHOD&enc(base string URI)&enc(normalized parameters)` (RFC 5849 §3.4.1.1).
 * `parameters` must be what normalizedParameters returns: unreserved characters, `%XX`, `=` and
 * `&` only, none of the characters encodeURIComponent leaves although RFC 3986 reserves them, so
 * encodeURIComponent alone is enc() there (and that string is the longest one a request encodes).
 */
export function signatureBaseString(method: string, uri: string, parameters: string): string {
  return `${percentEncode(method.toUpperCase())}&${percentEncode(uri)}&${encodeURIComponent(parameters)}`;
}

/** The HMAC key `enc(consumer secret)&enc(token secret)` (RFC 5849 §3.4.2); `''` when no token yet. */
export function signingKey(consumerSecret: string, tokenSecret: string): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
}
