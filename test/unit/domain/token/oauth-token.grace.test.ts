import { OAuthToken } from '../../../../src/domain/token/oauth-token.aggregate';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const VALUE = { id: 'tok-1', integrationId: 'i-1', token: 'a'.repeat(32), secret: 'b'.repeat(32), now: T0 };
const anAccessToken = (): OAuthToken => OAuthToken.restore(OAuthToken.issueAccessToken(VALUE).toSnapshot());

describe('OAuthToken grace period (retireAt, isExpired, isUsable)', () => {
  it('an access token never expires until retired, and is usable until revoked', () => {
    const token = anAccessToken();
    expect(token.expiresAt).toBeNull();
    expect(token.isExpired(Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(token.isUsable(at(10 ** 9).getTime())).toBe(true);
    token.revoke(at(1));
    expect(token.isUsable(at(0).getTime())).toBe(false);
    expect(token.isExpired(at(0).getTime())).toBe(false);
  });

  it('retired, it works until the end of its grace and is expired from that instant on', () => {
    const token = anAccessToken();
    token.retireAt(at(300));
    expect(token.expiresAt).toEqual(at(300));
    expect(token.isExpired(at(300).getTime() - 1)).toBe(false);
    expect(token.isUsable(at(300).getTime() - 1)).toBe(true);
    expect(token.isExpired(at(300).getTime())).toBe(true);
    expect(token.isUsable(at(300).getTime())).toBe(false);
    expect(token.pullEvents()).toEqual([]);
  });

  it('a second retirement never extends an earlier end, but may bring it forward', () => {
    const token = anAccessToken();
    token.retireAt(at(300));
    token.retireAt(at(600));
    expect(token.expiresAt).toEqual(at(300));
    token.retireAt(at(60));
    expect(token.expiresAt).toEqual(at(60));
  });

  it('keeps its grace end through its snapshot', () => {
    const token = anAccessToken();
    token.retireAt(at(300));
    const restored = OAuthToken.restore(token.toSnapshot());
    expect(restored.expiresAt).toEqual(at(300));
    expect(restored.isUsable(at(299).getTime())).toBe(true);
    expect(restored.isUsable(at(300).getTime())).toBe(false);
  });

  it('only an access token is usable: not a verifier or request token of the exchange', () => {
    const verifier = OAuthToken.issueVerifier({ ...VALUE, verifier: 'v'.repeat(32) });
    expect(verifier.isUsable(T0.getTime())).toBe(false);
    verifier.exchangeForRequestToken({ token: 'c'.repeat(32), secret: 'd'.repeat(32) }, T0);
    expect(verifier.isUsable(T0.getTime())).toBe(false);
    verifier.exchangeForAccessToken({ token: 'e'.repeat(32), secret: 'f'.repeat(32) }, T0);
    expect(verifier.isUsable(T0.getTime())).toBe(true);
  });
});
