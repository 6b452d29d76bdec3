import { maskUrl, scrubSecrets } from '../../../../src/adapters/http/log-safety';
import { CryptoRandomSource } from '../../../../src/adapters/crypto/crypto-random-source';

const KEY = 'k3y0f32charactersk3y0f32characte';
const SECRET = '0123456789abcdefghijklmnopqrstuv';

describe('scrubSecrets', () => {
  it('is given 32-character fixtures', () => {
    expect([KEY.length, SECRET.length]).toEqual([32, 32]);
  });

  it('replaces a credential standing alone', () => {
    expect(scrubSecrets(KEY)).toBe('[redacted]');
  });

  it('replaces every credential in a driver message, keeping the rest', () => {
    const message = `Duplicate entry '${KEY}' for key 'IDX_token'; consumer ${SECRET}.`;

    expect(scrubSecrets(message)).toBe("Duplicate entry '[redacted]' for key 'IDX_token'; consumer [redacted].");
  });

  it.each([
    ['a query string', `oauth_token=${KEY}&oauth_verifier=${SECRET}`, 'oauth_token=[redacted]&oauth_verifier=[redacted]'],
    ['a JSON parameter list', `parameters: ["${KEY}","${SECRET}"]`, 'parameters: ["[redacted]","[redacted]"]'],
    ['a stack line', `Error: token ${KEY}\n    at save (repo.ts:1:1)`, 'Error: token [redacted]\n    at save (repo.ts:1:1)'],
    ['an underscore or capital next to it', `_${KEY}X`, '_[redacted]X'],
    ['a consumer secret and token secret joined by &', `${SECRET}&${KEY}`, '[redacted]&[redacted]'],
  ])('finds credentials in %s', (_case, text, scrubbed) => {
    expect(scrubSecrets(text)).toBe(scrubbed);
  });

  it('replaces real tokens from the CSPRNG source', () => {
    const random = new CryptoRandomSource();
    const tokens = Array.from({ length: 20 }, () => random.token());

    const scrubbed = scrubSecrets(tokens.join(' '));

    expect(scrubbed).toBe(Array.from({ length: 20 }, () => '[redacted]').join(' '));
  });

  it.each([
    ['31 characters', KEY.slice(0, 31)],
    ['33 characters', `${KEY}a`],
    ['a 64-character digest', 'a'.repeat(64)],
    ['upper case', KEY.toUpperCase()],
    ['a UUID', '0b6a3a58-3f0e-4c4b-9d3f-3f0b7c1e2d4a'],
    ['ordinary text', 'The database is unavailable. Try again shortly.'],
    ['an empty text', ''],
  ])('leaves %s alone', (_case, text) => {
    expect(scrubSecrets(text)).toBe(text);
  });
});

describe('maskUrl', () => {
  it.each([
    ['OAuth parameters in a query string', `/rest/V1/orders?oauth_consumer_key=${KEY}&oauth_token=abc&oauth_signature=sig%3D&page=2`, '/rest/V1/orders?oauth_consumer_key=[redacted]&oauth_token=[redacted]&oauth_signature=[redacted]&page=2'],
    ['an encoded parameter name', `/x?oauth%5Ftoken=short`, '/x?oauth%5Ftoken=[redacted]'],
    ['credential-named parameters', '/x?password=hunter2&access_token=t0k&Client_Secret=s', '/x?password=[redacted]&access_token=[redacted]&Client_Secret=[redacted]'],
    ['a 32-character credential under another name', `/x?q=${SECRET}&n=1`, '/x?q=[redacted]&n=1'],
    ['a credential in the path', `/rest/V1/tokens/${KEY}`, '/rest/V1/tokens/[redacted]'],
  ])('masks %s', (_case, url, masked) => {
    expect(maskUrl(url)).toBe(masked);
  });

  it.each([
    ['a plain path', '/rest/V1/integrations'],
    ['ordinary parameters', '/rest/V1/integrations?page=2&pageSize=20&search=ERP'],
    ['a parameter without a value', '/x?flag&page=1'],
  ])('leaves %s alone', (_case, url) => {
    expect(maskUrl(url)).toBe(url);
  });
});
