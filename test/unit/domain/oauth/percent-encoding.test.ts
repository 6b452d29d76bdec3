import { normalizeFormComponent, percentDecodeStrict, percentEncode } from '../../../../src/domain/oauth/percent-encoding';

describe('percentEncode (RFC 5849 §3.6)', () => {
  it.each([
    ['AZaz09-._~', 'AZaz09-._~'],
    [' ', '%20'],
    ['+', '%2B'],
    ['*', '%2A'],
    ["!'()", '%21%27%28%29'],
    ['/?#[]@&=%', '%2F%3F%23%5B%5D%40%26%3D%25'],
    ['é', '%C3%A9'],
    ['日本', '%E6%97%A5%E6%9C%AC'],
    ['😀', '%F0%9F%98%80'],
    ['', ''],
  ])('encodes %j as %j', (text, encoded) => {
    expect(percentEncode(text)).toBe(encoded);
  });

  it('agrees with encodeURIComponent plus the RFC 3986 extras for every BMP character', () => {
    const rfc3986 = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    for (let code = 0; code < 0xd800; code += 1) {
      const char = String.fromCharCode(code);
      expect(percentEncode(char)).toBe(rfc3986(char));
    }
  });
});

describe('normalizeFormComponent (query and form body names and values)', () => {
  it.each([
    ['a+b', 'a%20b'],
    ['a%20b', 'a%20b'],
    ['%2B', '%2B'],
    ['%3D%253D', '%3D%253D'],
    ['c%40', 'c%40'],
    ['%7e%41', '~A'],
    ['%c3%a9', '%C3%A9'],
    ['é', '%C3%A9'],
    ['a[b][0]', 'a%5Bb%5D%5B0%5D'],
    ['100%', '100%25'],
    ['%zz', '%25zz'],
    ['%C3', '%C3'],
    ['\uD800', '%EF%BF%BD'],
  ])('normalizes %j to %j', (raw, normalized) => {
    expect(normalizeFormComponent(raw)).toBe(normalized);
  });
});

describe('percentDecodeStrict (Authorization header names and values)', () => {
  it('decodes %XX, keeps + as a plus', () => {
    expect(percentDecodeStrict('a%2Bb+c%3D')).toBe('a+b+c=');
    expect(percentDecodeStrict('%C3%A9')).toBe('é');
  });

  it.each(['%', '%2', '%zz', '%C3', '%FF'])('refuses %j', (raw) => {
    expect(percentDecodeStrict(raw)).toBeNull();
  });
});
