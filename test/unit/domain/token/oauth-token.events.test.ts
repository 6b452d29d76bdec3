import { OAuthToken } from '../../../../src/domain/token/oauth-token.aggregate';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const T1 = new Date('2026-01-02T00:00:00.000Z');
const VALUE = { id: 'tok-1', integrationId: 'i-1', token: 'a'.repeat(32), secret: 'b'.repeat(32), now: T0 };

describe('OAuthToken events', () => {
  it('records an access token issued at once (local), never its value or secret; restore records nothing', () => {
    const token = OAuthToken.issueAccessToken(VALUE);
    const events = token.pullEvents();
    expect(events).toEqual([{ name: 'AccessTokenIssued', aggregateId: 'tok-1', occurredAt: T0, payload: { integrationId: 'i-1', via: 'local' } }]);
    expect(JSON.stringify(events)).not.toMatch(/a{32}|b{32}/);
    expect(OAuthToken.restore(token.toSnapshot()).pullEvents()).toEqual([]);
  });

  it('records the access token the exchange issues, not its verifier and request steps', () => {
    const token = OAuthToken.issueVerifier({ ...VALUE, verifier: 'v'.repeat(32) });
    token.exchangeForRequestToken({ token: 'c'.repeat(32), secret: 'd'.repeat(32) }, T0);
    expect(token.pullEvents()).toEqual([]);
    token.exchangeForAccessToken({ token: 'e'.repeat(32), secret: 'f'.repeat(32) }, T1);
    expect(token.pullEvents()).toEqual([{ name: 'AccessTokenIssued', aggregateId: 'tok-1', occurredAt: T1, payload: { integrationId: 'i-1', via: 'token-exchange' } }]);
  });

  it('records a revocation once', () => {
    const token = OAuthToken.restore(OAuthToken.issueAccessToken(VALUE).toSnapshot());
    token.revoke(T1);
    token.revoke(T1);
    expect(token.pullEvents()).toEqual([{ name: 'AccessTokenRevoked', aggregateId: 'tok-1', occurredAt: T1, payload: { integrationId: 'i-1' } }]);
  });
});
