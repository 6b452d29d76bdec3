import fc from 'fast-check';
import { NodeHmac } from '../../../../src/adapters/crypto/node-hmac';
import { SignatureVerifier } from '../../../../src/application/oauth/signature-verifier';
import { OAuthRequest } from '../../../../src/domain/oauth/oauth-request';
import { OAuthParametersMissingError, SignatureMethodUnsupportedError } from '../../../../src/domain/oauth/oauth.errors';
import { percentEncode } from '../../../../src/domain/oauth/percent-encoding';
import { sendWithOauth1a, sendWithOauthLib, type ClientRequest, type ClientSignatureMethod, type WireRequest } from '../../domain/oauth/client-libraries';

const BASE_URL = 'https://api.example.com';
const CONSUMER_SECRET = 'cs0123456789abcdefghijklmnopqrst';
const TOKEN_SECRET = 'ts0123456789abcdefghijklmnopqrst';
const verifier = new SignatureVerifier(new NodeHmac());

function verify(wire: WireRequest, secrets: { consumerSecret?: string; tokenSecret?: string; allowSha1?: boolean; baseUrl?: string } = {}): boolean {
  return verifier.verifySignature({
    request: OAuthRequest.parse({ ...wire, baseUrl: secrets.baseUrl ?? BASE_URL }),
    consumerSecret: secrets.consumerSecret ?? CONSUMER_SECRET,
    tokenSecret: secrets.tokenSecret ?? TOKEN_SECRET,
    allowSha1: secrets.allowSha1 ?? true,
  });
}

/** Replaces the value of one `name="value"` in an Authorization header. */
function withHeaderParameter(header: string, name: string, value: string): string {
  return header.replace(new RegExp(`${name}="[^"]*"`), `${name}="${percentEncode(value)}"`);
}

const CLIENTS = [
  ['oauth', sendWithOauthLib],
  ['oauth-1.0a', sendWithOauth1a],
] as const;
const METHODS: ClientSignatureMethod[] = ['HMAC-SHA256', 'HMAC-SHA1'];

const REQUEST: Omit<ClientRequest, 'signatureMethod'> = {
  consumerKey: 'ck0123456789abcdefghijklmnopqrst',
  consumerSecret: CONSUMER_SECRET,
  token: 'tk0123456789abcdefghijklmnopqrst',
  tokenSecret: TOKEN_SECRET,
  method: 'POST',
  url: `${BASE_URL}/rest/V1/products/SKU%2F1/a+b/caf%C3%A9?searchCriteria[filter_groups][0][filters][0][field]=sku&searchCriteria[filter_groups][0][filters][0][value]=a%20b`,
  body: { name: 'a b', 'product[price]': '10' },
};

describe.each(CLIENTS)('signatures made by the %s library', (_library, send) => {
  describe.each(METHODS)('%s', (signatureMethod) => {
    const wire = send({ ...REQUEST, signatureMethod });

    it('verify', () => {
      expect(verify(wire)).toBe(true);
    });

    it.each<[string, (w: WireRequest) => WireRequest]>([
      ['the method', (w) => ({ ...w, method: 'PUT' })],
      ['the path', (w) => ({ ...w, path: w.path.replace('SKU%2F1', 'SKU/1') })],
      ['the path case of an escape', (w) => ({ ...w, path: w.path.replace('%2F', '%2f') })],
      ['a query value', (w) => ({ ...w, rawQuery: w.rawQuery.replace('=sku', '=name') })],
      ['a body value', (w) => ({ ...w, formBody: (w.formBody ?? '').replace('10', '11') })],
      ['the body left out', (w) => ({ ...w, formBody: undefined })],
      ['the timestamp', (w) => ({ ...w, authorization: withHeaderParameter(w.authorization, 'oauth_timestamp', '1') })],
      ['the nonce', (w) => ({ ...w, authorization: withHeaderParameter(w.authorization, 'oauth_nonce', 'other') })],
    ])('do not verify after changing %s', (_what, mutate) => {
      expect(verify(mutate(wire))).toBe(false);
    });

    it('do not verify with another consumer secret, token secret or host', () => {
      expect(verify(wire, { consumerSecret: `${CONSUMER_SECRET}x` })).toBe(false);
      expect(verify(wire, { tokenSecret: `${TOKEN_SECRET}x` })).toBe(false);
      expect(verify(wire, { tokenSecret: '' })).toBe(false);
      expect(verify(wire, { baseUrl: 'https://other.example.com' })).toBe(false);
    });
  });

  it('verify request-token calls (no token, empty token secret)', () => {
    const wire = send({ ...REQUEST, token: undefined, tokenSecret: undefined, signatureMethod: 'HMAC-SHA256' });
    expect(verify(wire, { tokenSecret: '' })).toBe(true);
  });

  it('verify GET requests with special characters in path and query', () => {
    const wire = send({ ...REQUEST, method: 'GET', body: undefined, signatureMethod: 'HMAC-SHA256', url: `${BASE_URL}/a%20b/%2F/+/%E6%97%A5?q=%E6%97%A5%20x&e=` });
    expect(verify(wire)).toBe(true);
  });
});

describe('ports and hosts', () => {
  it.each([
    ['https://API.EXAMPLE.com:443/x', 'https://api.example.com'],
    ['http://api.example.com:80/x', 'http://api.example.com'],
    ['http://api.example.com:8080/x', 'http://api.example.com:8080'],
    ['https://api.example.com:8443/x', 'https://API.example.com:8443'],
  ])('a client URL %s verifies against base URL %s', (url, baseUrl) => {
    expect(verify(sendWithOauthLib({ ...REQUEST, url, signatureMethod: 'HMAC-SHA256' }), { baseUrl })).toBe(true);
  });

  it('a non-default port is part of the signature', () => {
    const wire = sendWithOauthLib({ ...REQUEST, url: 'https://api.example.com:8443/x', signatureMethod: 'HMAC-SHA256' });
    expect(verify(wire, { baseUrl: 'https://api.example.com' })).toBe(false);
  });
});

describe('signature methods', () => {
  const request = (method: string | null, signature: string | null = 'x'): OAuthRequest =>
    OAuthRequest.parse({
      method: 'GET',
      baseUrl: BASE_URL,
      path: '/',
      rawQuery: '',
      authorization: `OAuth oauth_nonce="n"${method === null ? '' : `, oauth_signature_method="${method}"`}${signature === null ? '' : `, oauth_signature="${signature}"`}`,
    });
  const check = (r: OAuthRequest, allowSha1: boolean): boolean => verifier.verifySignature({ request: r, consumerSecret: 'c', tokenSecret: '', allowSha1 });

  it.each(['PLAINTEXT', 'RSA-SHA1', 'HMAC-SHA512', 'hmac-sha256', ''])('refuses %j with Magento\'s message', (method) => {
    expect(() => check(request(method), true)).toThrow(SignatureMethodUnsupportedError);
    expect(() => check(request(method), true)).toThrow(`Signature method ${method} is not supported`);
  });

  it('refuses HMAC-SHA1 when it is switched off, with the same error', () => {
    const wire = sendWithOauth1a({ ...REQUEST, signatureMethod: 'HMAC-SHA1' });
    let error: unknown;
    try {
      verify(wire, { allowSha1: false });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SignatureMethodUnsupportedError);
    expect(error).toMatchObject({ code: 'OAUTH.SIGNATURE_METHOD_UNSUPPORTED', message: 'Signature method HMAC-SHA1 is not supported' });
  });

  it('accepts HMAC-SHA256 whatever the SHA1 switch says', () => {
    expect(verify(sendWithOauth1a({ ...REQUEST, signatureMethod: 'HMAC-SHA256' }), { allowSha1: false })).toBe(true);
  });

  it('names the missing method and signature', () => {
    expect(() => check(request(null), true)).toThrow(OAuthParametersMissingError);
    expect(() => check(request(null, null), true)).toThrow('"oauth_signature_method" is required. Enter and try again., "oauth_signature" is required. Enter and try again.');
    expect(() => check(request('HMAC-SHA256', null), true)).toThrow(OAuthParametersMissingError);
  });
});

describe('property: oauth-1.0a signatures over random requests', () => {
  const PATH_PIECES = ['a', 'Z', '0', '-', '.', '_', '~', '+', '%2F', '%20', '%2B', '%C3%A9', '%25', '!', '$', ',', ';', '=', ':', '@', '(', ')'];
  const pathArb = fc
    .array(fc.array(fc.oneof(fc.constantFrom(...PATH_PIECES), fc.string({ maxLength: 4 }).map(encodeURIComponent)), { maxLength: 4 }).map((p) => p.join('')), { maxLength: 4 })
    .map((segments) => `/${segments.join('/')}`);
  // oauth-1.0a does not decode query names; keep names to characters that need no decoding.
  const nameArb = fc.stringMatching(/^[a-z][a-zA-Z0-9_[\]]{0,10}$/).filter((name) => !(name in {}));
  const valueArb = fc.string({ minLength: 1, maxLength: 10 });
  const methodArb = fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'), fc.stringMatching(/^[A-Z]{1,8}$/));

  it('always verifies, and a 1-character change of the signature never does', () => {
    fc.assert(
      fc.property(
        methodArb,
        pathArb,
        // Query names start with q, body names with b: a name in both is ordered by oauth-1.0a in its own way.
        fc.array(fc.tuple(nameArb.map((n) => `q${n}`), valueArb), { maxLength: 5 }),
        fc.option(fc.dictionary(nameArb.map((n) => `b${n}`), fc.string({ maxLength: 10 }), { maxKeys: 4 }), { nil: undefined }),
        fc.constantFrom<ClientSignatureMethod>('HMAC-SHA256', 'HMAC-SHA1'),
        fc.string({ maxLength: 12 }),
        fc.nat(),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='.split('')),
        (method, path, query, body, signatureMethod, tokenSecret, at, replacement) => {
          const rawQuery = query.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
          const url = `${BASE_URL}${path}${rawQuery === '' ? '' : `?${rawQuery}`}`;
          const wire = sendWithOauth1a({ ...REQUEST, method, url, body, signatureMethod, tokenSecret });
          if (!verify(wire, { tokenSecret })) return false;

          const signature = OAuthRequest.parse({ ...wire, baseUrl: BASE_URL }).signature ?? '';
          const i = at % signature.length;
          const changed = signature.slice(0, i) + (signature[i] === replacement ? (replacement === 'A' ? 'B' : 'A') : replacement) + signature.slice(i + 1);
          return !verify({ ...wire, authorization: withHeaderParameter(wire.authorization, 'oauth_signature', changed) }, { tokenSecret });
        },
      ),
      { numRuns: 500 },
    );
    // 500 signed requests: about a second on an idle machine, far more beside a loaded CI run.
  }, 60_000);
});
