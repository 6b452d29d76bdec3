import { SignatureMethodUnsupportedError } from '../../../../src/domain/oauth/oauth.errors';
import { OAuthVersionRejectedError } from '../../../../src/domain/oauth/oauth-problems';

describe('refusals that repeat a client value', () => {
  it('repeat short printable values verbatim (Magento\'s texts)', () => {
    expect(new SignatureMethodUnsupportedError('PLAINTEXT').message).toBe('Signature method PLAINTEXT is not supported');
    expect(new OAuthVersionRejectedError('2.0').message).toBe('The "2.0" Oauth version isn\'t supported.');
  });

  it('show control characters as "?" and cut the value at 64 characters', () => {
    expect(new SignatureMethodUnsupportedError('A\u0000B\r\nC\u0085').message).toBe('Signature method A?B??C? is not supported');
    const long = new OAuthVersionRejectedError('9'.repeat(12_000));
    expect(long.message).toBe(`The "${'9'.repeat(64)}…" Oauth version isn't supported.`);
    expect(long.parameters).toEqual({ version: `${'9'.repeat(64)}…` });
  });
});
