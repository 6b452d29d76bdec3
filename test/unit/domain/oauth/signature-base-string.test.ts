import { isFormUrlEncoded, OAuthRequest, splitRequestTarget, type SignedRequestInput } from '../../../../src/domain/oauth/oauth-request';
import { RequestPathInvalidError, SignatureBaseUrlInvalidError } from '../../../../src/domain/oauth/oauth.errors';
import { signingKey } from '../../../../src/domain/oauth/signature-base-string';
import { SignatureBaseUrl } from '../../../../src/domain/oauth/signature-base-url.value-object';
import { sendWithOauth1a, sendWithOauthLib, type WireRequest } from './client-libraries';

const HEADER = 'OAuth oauth_consumer_key="ck", oauth_nonce="n", oauth_signature_method="HMAC-SHA256", oauth_timestamp="1", oauth_signature="x"';

function baseString(overrides: Partial<SignedRequestInput>): string {
  return OAuthRequest.parse({ method: 'GET', baseUrl: 'https://api.example.com', path: '/', rawQuery: '', authorization: HEADER, ...overrides }).baseString;
}

function uriOf(overrides: Partial<SignedRequestInput>): string {
  return decodeURIComponent(baseString(overrides).split('&')[1] ?? '');
}

function ours(wire: WireRequest, baseUrl = 'https://api.example.com'): string {
  return OAuthRequest.parse({ ...wire, baseUrl }).baseString;
}

describe('signature base string: RFC 5849 examples', () => {
  it('§3.4.1.1: POST /request?b5=%3D%253D&a3=a&c%40=&a2=r%20b with body c2&a3=2+q, exactly', () => {
    const request = OAuthRequest.parse({
      method: 'POST',
      baseUrl: 'http://example.com',
      path: '/request',
      rawQuery: 'b5=%3D%253D&a3=a&c%40=&a2=r%20b',
      formBody: 'c2&a3=2+q',
      authorization:
        'OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", ' +
        'oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", ' +
        'oauth_signature="bYT5CMsGcbgUdFHObYMEfcx6bsw%3D"',
    });
    expect(request.baseString).toBe(
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    );
    expect(request.signature).toBe('bYT5CMsGcbgUdFHObYMEfcx6bsw=');
    expect(request.signatureMethod).toBe('HMAC-SHA1');
  });

  it('§3.4.1.2: GET /r%20v/X on EXAMPLE.COM:80 gives http://example.com/r%20v/X', () => {
    expect(uriOf({ baseUrl: 'http://EXAMPLE.COM:80', path: '/r%20v/X', rawQuery: 'id=123' })).toBe('http://example.com/r%20v/X');
  });

  it('§3.4.1.2: https://www.example.net:8080/ keeps its port', () => {
    expect(uriOf({ baseUrl: 'https://www.example.net:8080', path: '/', rawQuery: 'q=1' })).toBe('https://www.example.net:8080/');
  });

  it('§1.2: the photos example gives the base string behind its published signature', () => {
    expect(
      baseString({
        baseUrl: 'http://photos.example.net',
        path: '/photos',
        rawQuery: 'file=vacation.jpg&size=original',
        authorization:
          'OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131202", oauth_nonce="chapoH", oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"',
      }),
    ).toBe(
      'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DchapoH%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131202%26oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal',
    );
  });

  it('signing key is enc(consumer secret)&enc(token secret)', () => {
    expect(signingKey('kd94hf93k423kf44', 'pfkkdhi9sl3r4s00')).toBe('kd94hf93k423kf44&pfkkdhi9sl3r4s00');
    expect(signingKey('a&b c', '')).toBe('a%26b%20c&');
  });
});

describe('base string URI', () => {
  it.each([
    ['http://api.example.com:80', 'http://api.example.com/x'],
    ['https://api.example.com:443', 'https://api.example.com/x'],
    ['http://api.example.com:8080', 'http://api.example.com:8080/x'],
    ['https://api.example.com:8443', 'https://api.example.com:8443/x'],
    ['http://api.example.com:443', 'http://api.example.com:443/x'],
    ['https://api.example.com:80/', 'https://api.example.com:80/x'],
    ['HTTPS://API.Example.COM', 'https://api.example.com/x'],
    ['http://[::1]:3000', 'http://[::1]:3000/x'],
  ])('base URL %s gives %s', (baseUrl, uri) => {
    expect(uriOf({ baseUrl, path: '/x' })).toBe(uri);
  });

  it('accepts a SignatureBaseUrl made once from config', () => {
    expect(uriOf({ baseUrl: SignatureBaseUrl.create('https://API.example.com:443/'), path: '/x' })).toBe('https://api.example.com/x');
  });

  it.each([
    ['/a%2Fb', '/a%2Fb'],
    ['/a%2fb', '/a%2fb'],
    ['/a%20b', '/a%20b'],
    ['/a+b', '/a+b'],
    ['/caf%C3%A9', '/caf%C3%A9'],
    ['/rest/V1/products/SKU%2F1', '/rest/V1/products/SKU%2F1'],
    ['', '/'],
  ])('keeps the path %j as sent', (path, expected) => {
    expect(uriOf({ path })).toBe(`https://api.example.com${expected}`);
  });

  it.each(['ftp://example.com', 'not a url', 'https://user:pw@example.com', 'https://example.com/prefix', 'https://example.com/?a=1', 'https://example.com/#x'])(
    'refuses the base URL %j',
    (baseUrl) => {
      expect(() => SignatureBaseUrl.create(baseUrl)).toThrow(SignatureBaseUrlInvalidError);
    },
  );

  it.each(['x', '/a?b', '/a#b', 'https://api.example.com/x'])('refuses the path %j', (path) => {
    expect(() => baseString({ path })).toThrow(RequestPathInvalidError);
  });
});

describe('request parameters', () => {
  const params = (overrides: Partial<SignedRequestInput>): string => decodeURIComponent(baseString(overrides).split('&').slice(2).join('&'));
  const OAUTH = 'oauth_consumer_key=ck&oauth_nonce=n&oauth_signature_method=HMAC-SHA256&oauth_timestamp=1';

  it('keeps repeated keys, sorted by encoded value', () => {
    expect(params({ rawQuery: 'a=2&a=10&a=1&a=' })).toBe(`a=&a=1&a=10&a=2&${OAUTH}`);
  });

  it('keeps Magento searchCriteria keys, encoded, with + and %20 as spaces', () => {
    expect(
      params({
        rawQuery: 'searchCriteria[filter_groups][0][filters][0][field]=sku&searchCriteria[filter_groups][0][filters][0][value]=a b+c%20d',
      }),
    ).toBe(
      `${OAUTH}&searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=sku&searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=a%20b%20c%20d`,
    );
  });

  it('sorts by encoded name (byte order: upper case before lower case, %XX before letters)', () => {
    expect(params({ rawQuery: 'b=1&B=1&%40=1&a_b=1&a-b=1' })).toBe(`%40=1&B=1&a-b=1&a_b=1&b=1&${OAUTH}`);
  });

  it('treats a key without = as empty, skips empty pieces, splits at the first =', () => {
    expect(params({ rawQuery: 'z&&y=a=b&' })).toBe(`${OAUTH}&y=a%3Db&z=`);
  });

  it('signs query oauth_* parameters too (RFC 5849 §3.4.1.3.1), but never oauth_signature from the header', () => {
    expect(params({ rawQuery: 'oauth_extra=1' })).toBe(`${OAUTH.replace('oauth_nonce', 'oauth_extra=1&oauth_nonce')}`);
    expect(params({})).not.toContain('oauth_signature=');
  });

  it('adds the form body only when given; the caller gives it only for form-encoded bodies', () => {
    expect(params({ formBody: 'b=1+2' })).toBe(`b=1%202&${OAUTH}`);
    expect(isFormUrlEncoded('application/x-www-form-urlencoded')).toBe(true);
    expect(isFormUrlEncoded('Application/X-WWW-Form-Urlencoded; charset=UTF-8')).toBe(true);
    expect(isFormUrlEncoded('application/json')).toBe(false);
    expect(isFormUrlEncoded('multipart/form-data; boundary=x')).toBe(false);
    expect(isFormUrlEncoded(undefined)).toBe(false);
  });

  it('upper-cases the method', () => {
    expect(baseString({ method: 'patch' }).startsWith('PATCH&')).toBe(true);
  });

  it('splits a request target into raw path and raw query', () => {
    expect(splitRequestTarget('/a%2Fb?x=1&y=?#frag')).toEqual({ path: '/a%2Fb', rawQuery: 'x=1&y=?' });
    expect(splitRequestTarget('/a')).toEqual({ path: '/a', rawQuery: '' });
  });
});

describe('same base string as the client libraries', () => {
  const SECRETS = { consumerSecret: 'cs', token: 'tok', tokenSecret: 'ts' };

  it.each([
    ['a plain path', 'https://api.example.com/rest/V1/products'],
    ['%2F in the path', 'https://api.example.com/rest/V1/products/SKU%2F1'],
    ['%20 in the path', 'https://api.example.com/rest/V1/products/a%20b'],
    ['+ in the path', 'https://api.example.com/rest/V1/products/a+b'],
    ['unicode in the path (sent encoded)', 'https://api.example.com/rest/V1/products/caf%C3%A9'],
    ['Magento searchCriteria', 'https://api.example.com/rest/V1/products?searchCriteria[filter_groups][0][filters][0][field]=sku&searchCriteria[filter_groups][0][filters][0][value]=a%20b'],
    ['a unicode query value', 'https://api.example.com/x?q=%E6%97%A5%E6%9C%AC&r=%2B'],
  ])('oauth-1.0a and oauth: %s', (_case, url) => {
    const a = sendWithOauth1a({ signatureMethod: 'HMAC-SHA256', method: 'GET', url, ...SECRETS });
    expect(ours(a)).toBe(a.libraryBaseString);
    const b = sendWithOauthLib({ signatureMethod: 'HMAC-SHA256', method: 'GET', url, ...SECRETS });
    expect(ours(b)).toBe(b.libraryBaseString);
  });

  it('oauth: a raw space in the URL goes on the wire as %20 and is signed that way', () => {
    const wire = sendWithOauthLib({ signatureMethod: 'HMAC-SHA1', method: 'GET', url: 'https://api.example.com/a b', ...SECRETS });
    expect(wire.path).toBe('/a%20b');
    expect(ours(wire)).toBe(wire.libraryBaseString);
  });

  it('oauth: + in the query is a space (form encoding), as on this server', () => {
    const wire = sendWithOauthLib({ signatureMethod: 'HMAC-SHA1', method: 'GET', url: 'https://api.example.com/x?q=a+b', ...SECRETS });
    expect(wire.libraryBaseString).toContain('q%3Da%2520b');
    expect(ours(wire)).toBe(wire.libraryBaseString);
  });

  it('oauth: host case and default port in the client URL do not matter', () => {
    const wire = sendWithOauthLib({ signatureMethod: 'HMAC-SHA1', method: 'GET', url: 'https://API.Example.COM:443/x', ...SECRETS });
    expect(ours(wire)).toBe(wire.libraryBaseString);
    const custom = sendWithOauthLib({ signatureMethod: 'HMAC-SHA1', method: 'GET', url: 'http://api.example.com:8080/x', ...SECRETS });
    expect(ours(custom, 'http://API.example.com:8080')).toBe(custom.libraryBaseString);
  });

  it('both: form bodies', () => {
    const body = { name: 'a b+c', 'product[sku]': '*x~y', empty: '' };
    const a = sendWithOauth1a({ signatureMethod: 'HMAC-SHA256', method: 'POST', url: 'https://api.example.com/x?q=1', body, ...SECRETS });
    expect(ours(a)).toBe(a.libraryBaseString);
    const b = sendWithOauthLib({ signatureMethod: 'HMAC-SHA256', method: 'POST', url: 'https://api.example.com/x?q=1', body, ...SECRETS });
    expect(ours(b)).toBe(b.libraryBaseString);
  });

  it('oauth-1.0a: repeated query keys', () => {
    const wire = sendWithOauth1a({ signatureMethod: 'HMAC-SHA256', method: 'GET', url: 'https://api.example.com/x?a=2&a=1&b=x', ...SECRETS });
    expect(ours(wire)).toBe(wire.libraryBaseString);
  });

  it('known client difference: oauth-1.0a signs a literal + in the query as %2B (we, the RFC, oauth and PHP read a space)', () => {
    const wire = sendWithOauth1a({ signatureMethod: 'HMAC-SHA256', method: 'GET', url: 'https://api.example.com/x?q=a+b', ...SECRETS });
    expect(wire.libraryBaseString).toContain('q%3Da%252Bb');
    expect(ours(wire)).toContain('q%3Da%2520b');
  });
});
