import { createHmac } from 'node:crypto';
import { NodeHmac } from '../../../../src/adapters/crypto/node-hmac';

describe('NodeHmac', () => {
  const hmac = new NodeHmac();

  it('gives RFC 2202 / RFC 4231 HMAC values in base64', () => {
    // RFC 2202 test case 2 (SHA1) and RFC 4231 test case 2 (SHA256): key "Jefe".
    expect(Buffer.from(hmac.sign('HMAC-SHA1', 'Jefe', 'what do ya want for nothing?'), 'base64').toString('hex')).toBe('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79');
    expect(Buffer.from(hmac.sign('HMAC-SHA256', 'Jefe', 'what do ya want for nothing?'), 'base64').toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('hashes key and text as UTF-8', () => {
    expect(hmac.sign('HMAC-SHA256', 'clé', 'été')).toBe(createHmac('sha256', Buffer.from('clé', 'utf8')).update(Buffer.from('été', 'utf8')).digest('base64'));
  });

  it('compares equal strings as equal and different ones as different', () => {
    expect(hmac.equal('abc=', 'abc=')).toBe(true);
    expect(hmac.equal('', '')).toBe(true);
    expect(hmac.equal('abc=', 'abd=')).toBe(false);
    expect(hmac.equal('é', 'e\u0301')).toBe(false);
  });

  it('answers false, not an exception, for different lengths (also in UTF-8 bytes)', () => {
    expect(hmac.equal('abc', 'abcd')).toBe(false);
    expect(hmac.equal('', 'a')).toBe(false);
    expect(hmac.equal('aa', 'é')).toBe(false);
  });
});
