/**
 * The fast OAuth header parser and base string builder (issue 19, point 2) against the frozen
 * implementation they replaced (./reference): for every input, the same result byte for byte, or an
 * error of the same class with the same message and parameters. The reference is a copy on purpose:
 * comparing against the code under test proves nothing, and the RFC vectors alone cover few inputs.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { parseAuthorizationHeader } from '../../../../src/domain/oauth/authorization-header';
import { OAuthRequest, type SignedRequestInput } from '../../../../src/domain/oauth/oauth-request';
import { normalizeFormComponent, percentDecodeStrict, percentEncode } from '../../../../src/domain/oauth/percent-encoding';
import { signingKey } from '../../../../src/domain/oauth/signature-base-string';
import { SignatureBaseUrl } from '../../../../src/domain/oauth/signature-base-url.value-object';
import { parseAuthorizationHeader as referenceParseAuthorizationHeader } from './reference/authorization-header';
import { OAuthRequest as ReferenceOAuthRequest } from './reference/oauth-request';
import {
  normalizeFormComponent as referenceNormalizeFormComponent,
  percentDecodeStrict as referencePercentDecodeStrict,
  percentEncode as referencePercentEncode,
} from './reference/percent-encoding';
import { signingKey as referenceSigningKey } from './reference/signature-base-string';
import { sendWithOauth1a, sendWithOauthLib } from './client-libraries';

/** What a call gave: its value, or the class, message and parameters of what it threw. */
type Outcome = { readonly value: unknown } | { readonly error: string; readonly message: string; readonly parameters: unknown };

function outcome(action: () => unknown): Outcome {
  try {
    return { value: action() };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return { error: error.constructor.name, message: error.message, parameters: (error as { parameters?: unknown }).parameters };
  }
}

/** Expects equal values; deep-compared first without `expect`, which is slow over 10^5 comparisons. */
function same(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
}

const requestOf = (parse: (input: SignedRequestInput) => { protocolParameters: ReadonlyMap<string, string>; baseString: string }) => (input: SignedRequestInput) => {
  const request = parse(input);
  return { parameters: [...request.protocolParameters], baseString: request.baseString };
};
const ours = requestOf((input) => OAuthRequest.parse(input));
const reference = requestOf((input) => ReferenceOAuthRequest.parse(input));

/** Pieces that reach every branch of the encoders: escapes good and bad, `+`, unicode, lone surrogates. */
const TRICKY = ['%', '%2', '%zz', '%41', '%7e', '%7E', '%2B', '%20', '%25', '%c3%a9', '%C3%A9', '%C3', '%C3%28', '%FF', '%EF%BB%BF', '%ED%A0%80', '%F0%9F%98%80', '%E2%82', '+', '=', '&', ' ', '!', "'", '(', ')', '*', '~', '[', ']', '/', 'é', '日本', '😀', '\uD800', '\uDC00', '\uFEFF', '\u0000', '\r\n', '"', '\\'];

const tricky = (maxLength: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.array(fc.oneof(fc.constantFrom(...TRICKY), fc.stringMatching(/^[A-Za-z0-9._~-]{1,6}$/)), { maxLength }).map((parts) => parts.join('')),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ maxLength }),
  );

/** A raw `application/x-www-form-urlencoded` string with repeated keys, empty values and pieces. */
const formEncoded = fc
  .array(
    fc.tuple(fc.oneof(fc.constantFrom('a', 'b', 'B', 'a_b', 'a-b', 'oauth_extra', 'searchCriteria[pageSize]', ''), tricky(4)), fc.option(tricky(6), { nil: undefined })),
    { maxLength: 8 },
  )
  .chain((pairs) =>
    fc.constantFrom('&', '&&').map((separator) => pairs.map(([name, value]) => (value === undefined ? name : `${name}=${value}`)).join(separator)),
  );

const PARAMETER_NAMES = ['oauth_consumer_key', 'oauth_token', 'oauth_nonce', 'oauth_timestamp', 'oauth_signature', 'oauth_signature_method', 'oauth_version', 'oauth_verifier', 'oauth%5Fnonce', 'oauth_', 'realm', 'REALM', 'Oauth_nonce', 'x'];

/** `OAuth name="value", ...` with the spacing, quoting and separators clients and attackers use. */
const structuredHeader = fc
  .tuple(
    fc.constantFrom('OAuth', 'oauth', 'OAUTH', 'OAuth ', ' OAuth', '\tOAuth', 'Bearer', 'OAuthx', ''),
    fc.constantFrom(' ', '  ', '\t', '', ' ,'),
    fc.array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...PARAMETER_NAMES), fc.string({ maxLength: 6 })),
        fc.constantFrom('=', ' = ', '= ', ' =', ''),
        fc.oneof(fc.stringMatching(/^[A-Za-z0-9._~%-]{0,12}$/), tricky(6), fc.constantFrom('1.0', 'HMAC-SHA256', 'abc%3D', 'a%2Bb', '%C3%A9', '%', '%4', 'a\\"b')),
        fc.constantFrom('"', '', "'", '"\\'),
        fc.constantFrom(',', ', ', ' ,', ',,', '', ' ', '\t,', ', \t'),
      ),
      { maxLength: 8 },
    ),
  )
  .map(([scheme, gap, parameters]) => `${scheme}${gap}${parameters.map(([name, equals, value, quote, separator]) => `${name}${equals}${quote}${value}${quote === '"\\' ? '"' : quote}${separator}`).join('')}`);

/** A real header of the `oauth-1.0a` client, then edited at random places. */
const CLIENT_HEADER = sendWithOauth1a({ signatureMethod: 'HMAC-SHA256', consumerSecret: 'cs', token: 'tok', tokenSecret: 'ts', method: 'GET', url: 'https://api.example.com/x?q=1' }).authorization;
const mutatedHeader = fc
  .array(fc.record({ at: fc.nat(), kind: fc.constantFrom('insert', 'delete', 'replace'), text: fc.oneof(fc.constantFrom(...TRICKY, ',', 'oauth_nonce="n"'), fc.string({ unit: 'binary', maxLength: 2 })) }), {
    minLength: 1,
    maxLength: 4,
  })
  .map((edits) =>
    edits.reduce((text, { at, kind, text: piece }) => {
      const i = at % (text.length + 1);
      if (kind === 'insert') return text.slice(0, i) + piece + text.slice(i);
      if (kind === 'delete') return text.slice(0, i) + text.slice(i + 1);
      return text.slice(0, i) + piece + text.slice(i + piece.length);
    }, CLIENT_HEADER),
  );

const anyHeader = fc.oneof(structuredHeader, structuredHeader, mutatedHeader, fc.constant(CLIENT_HEADER), fc.string({ unit: 'binary', maxLength: 40 }));

const anyRequest: fc.Arbitrary<SignedRequestInput> = fc.record({
  method: fc.oneof(fc.constantFrom('GET', 'POST', 'put', 'Patch', 'DELETE', 'ß', 'get é'), fc.string({ maxLength: 6 })),
  baseUrl: fc.oneof(
    fc.constantFrom('https://api.example.com', 'http://EXAMPLE.com:80', 'https://api.example.com:8443/', 'http://[::1]:3000', 'ftp://example.com', 'https://example.com/prefix'),
    fc.constant(SignatureBaseUrl.create('https://API.example.com:443')),
  ),
  path: fc.oneof(tricky(8).map((path) => `/${path}`), fc.constantFrom('', '/', 'x', '/a?b', '/a#b', '/rest/V1/products/SKU%2F1', '/caf%C3%A9', '/a+b')),
  rawQuery: fc.oneof(formEncoded, tricky(12)),
  formBody: fc.option(fc.oneof(formEncoded, tricky(12)), { nil: undefined }),
  authorization: anyHeader,
});

describe('fast OAuth parsing: same results and errors as the reference implementation', () => {
  it('percentEncode, normalizeFormComponent, percentDecodeStrict and signingKey agree on any string', () => {
    fc.assert(
      fc.property(tricky(16), tricky(8), (text, other) => {
        same(percentEncode(text), referencePercentEncode(text));
        same(normalizeFormComponent(text), referenceNormalizeFormComponent(text));
        same(percentDecodeStrict(text), referencePercentDecodeStrict(text));
        same(signingKey(text, other), referenceSigningKey(text, other));
      }),
      { numRuns: 10_000 },
    );
  });

  it('percentDecodeStrict agrees on every one- and two-byte escape sequence and every BMP character', () => {
    const hex = (byte: number): string => `%${byte.toString(16).padStart(2, '0')}`;
    for (let first = 0; first < 256; first += 1) {
      for (const raw of [hex(first), hex(first).toUpperCase(), `${hex(first)}%80`, `${hex(first)}%bf`, `${hex(first)}%A0%80`, `${hex(first)}%9F%98%80`]) {
        same(percentDecodeStrict(raw), referencePercentDecodeStrict(raw));
      }
    }
    for (let code = 0; code < 0x10000; code += 1) {
      const text = String.fromCharCode(code);
      same(percentDecodeStrict(text), referencePercentDecodeStrict(text));
      same(normalizeFormComponent(text), referenceNormalizeFormComponent(text));
      same(percentEncode(text), referencePercentEncode(text));
    }
  });

  it('parseAuthorizationHeader: 20,000 headers, valid and malformed', () => {
    let parsed = 0;
    fc.assert(
      fc.property(anyHeader, (header) => {
        const expected = outcome(() => [...referenceParseAuthorizationHeader(header)]);
        if ('value' in expected) parsed += 1;
        same(outcome(() => [...parseAuthorizationHeader(header)]), expected);
      }),
      { numRuns: 20_000 },
    );
    // Both outcomes must be common, or the comparison proves little.
    expect(parsed).toBeGreaterThan(2_000);
    expect(parsed).toBeLessThan(18_000);
  });

  it('OAuthRequest.parse: 10,000 random requests', () => {
    let built = 0;
    fc.assert(
      fc.property(anyRequest, (input) => {
        const expected = outcome(() => reference(input));
        if ('value' in expected) built += 1;
        same(outcome(() => ours(input)), expected);
      }),
      { numRuns: 10_000 },
    );
    expect(built).toBeGreaterThan(1_000);
  });

  it('OAuthRequest.parse: 2,000 requests signed by the oauth-1.0a and oauth clients', () => {
    const unreserved = fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}$/);
    const value = fc.oneof(unreserved, fc.string({ maxLength: 6 }), fc.constantFrom('a b', 'a+b', '*x~y', 'é', '日本', '100%'));
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        fc.array(unreserved, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'searchCriteria[pageSize]', 'q'), value), { maxLength: 4 }),
        fc.option(fc.dictionary(fc.constantFrom('name', 'product[sku]', 'empty', 'x'), value), { nil: undefined }),
        fc.boolean(),
        (method, segments, query, body, withOauthLib) => {
          const search = query.map(([name, v]) => `${encodeURIComponent(name)}=${encodeURIComponent(v)}`).join('&');
          const url = `https://api.example.com/${segments.join('/')}${search === '' ? '' : `?${search}`}`;
          const send = withOauthLib ? sendWithOauthLib : sendWithOauth1a;
          const wire = send({ signatureMethod: 'HMAC-SHA256', consumerSecret: 'cs', token: 'tok', tokenSecret: 'ts', method, url, ...(method === 'GET' ? {} : { body }) });
          const input = { ...wire, baseUrl: 'https://api.example.com' };
          same(ours(input), reference(input));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
