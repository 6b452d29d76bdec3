import { testCore, type TestCore } from '../../../support/test-core';
import { CREDENTIAL, anIntegration } from '../../../support/integration-fixtures';
import {
  RecordingExchange,
  aStartedHandshake,
  oauthUseCases,
  requestTokenRequest,
  storedNonces,
  withOAuthSettings,
  type StartedHandshake,
} from '../../../support/oauth-test-requests';

async function started(options: { exchangeWindowSeconds?: number } = {}): Promise<{ core: TestCore; handshake: StartedHandshake }> {
  const exchange = new RecordingExchange();
  const core = testCore({
    tokenExchange: exchange,
    ...(options.exchangeWindowSeconds !== undefined ? { override: withOAuthSettings({ exchangeWindowSeconds: options.exchangeWindowSeconds }) } : {}),
  });
  return { core, handshake: await aStartedHandshake(core, exchange) };
}

describe('IssueRequestToken', () => {
  it('turns the verifier token into a request token (new value and secret, verifier kept) and spends the nonce', async () => {
    const { core, handshake } = await started();
    const [verifierToken] = await core.tokens.listByIntegrationId(handshake.id);

    const pair = await oauthUseCases(core).requestToken.execute(requestTokenRequest(core, handshake.consumer, { nonce: 'first' }));

    expect(pair.token).toMatch(CREDENTIAL);
    expect(pair.secret).toMatch(CREDENTIAL);
    const tokens = (await core.tokens.listByIntegrationId(handshake.id)).map((token) => token.toSnapshot());
    expect(tokens).toEqual([
      expect.objectContaining({ id: verifierToken?.id, type: 'request', token: pair.token, secret: pair.secret, verifier: handshake.verifier, revoked: false }),
    ]);
    expect(await core.tokens.findByToken(verifierToken?.token ?? '')).toBeNull();
    expect(storedNonces(core)).toEqual([`${handshake.id} first`]);
    expect((await core.integrations.findById(handshake.id))?.status).toBe('inactive');
  });

  describe('the exchange window (300 s from the credentials POST)', () => {
    it('accepts the request at exactly 300 s', async () => {
      const { core, handshake } = await started();
      core.clock.advance(300);

      await expect(oauthUseCases(core).requestToken.execute(requestTokenRequest(core, handshake.consumer))).resolves.toMatchObject({
        token: expect.stringMatching(CREDENTIAL) as unknown,
      });
    });

    it('refuses it at 301 s with "Consumer key has expired", spending no nonce and keeping the verifier token', async () => {
      const { core, handshake } = await started();
      const before = (await core.tokens.listByIntegrationId(handshake.id)).map((token) => token.toSnapshot());
      core.clock.advance(301);

      await expect(oauthUseCases(core).requestToken.execute(requestTokenRequest(core, handshake.consumer))).rejects.toMatchObject({
        code: 'OAUTH.CONSUMER_EXPIRED',
        message: 'Consumer key has expired',
      });
      expect(storedNonces(core)).toEqual([]);
      expect((await core.tokens.listByIntegrationId(handshake.id)).map((token) => token.toSnapshot())).toEqual(before);
    });

    it('follows a configured window', async () => {
      const { core, handshake } = await started({ exchangeWindowSeconds: 30 });
      core.clock.advance(31);

      await expect(oauthUseCases(core).requestToken.execute(requestTokenRequest(core, handshake.consumer))).rejects.toMatchObject({
        code: 'OAUTH.CONSUMER_EXPIRED',
      });
    });

    it('opens again when the admin restarts the handshake', async () => {
      const exchange = new RecordingExchange();
      const core = testCore({ tokenExchange: exchange });
      const first = await aStartedHandshake(core, exchange);
      core.clock.advance(1000);
      await core.portcullis.integrations.activate({ id: first.id });

      await expect(oauthUseCases(core).requestToken.execute(requestTokenRequest(core, first.consumer))).resolves.toMatchObject({
        token: expect.stringMatching(CREDENTIAL) as unknown,
      });
    });
  });

  it('refuses a second request-token call (new nonce) and leaves its nonce unspent and the request token as issued', async () => {
    const { core, handshake } = await started();
    const { requestToken } = oauthUseCases(core);
    const pair = await requestToken.execute(requestTokenRequest(core, handshake.consumer, { nonce: 'first' }));

    await expect(requestToken.execute(requestTokenRequest(core, handshake.consumer, { nonce: 'second' }))).rejects.toMatchObject({
      code: 'OAUTH.TOKEN_NOT_VERIFIER',
      message: 'Cannot create request token because consumer token is not a verifier token',
    });

    // The refusal came inside the unit of work, after the nonce was spent: the rollback took it back.
    expect(storedNonces(core)).toEqual([`${handshake.id} first`]);
    expect((await core.tokens.findByToken(pair.token))?.toSnapshot()).toMatchObject({ type: 'request', secret: pair.secret });
  });

  it('refuses an integration with no exchange started ("A token with consumer ID … does not exist"), spending no nonce', async () => {
    const core = testCore({ tokenExchange: new RecordingExchange() });
    const id = await anIntegration(core);
    const integration = await core.integrations.findById(id);
    const consumer = { key: integration?.credentials.require('oauth1').key ?? '', secret: integration?.credentials.require('oauth1').secret ?? '' };

    await expect(oauthUseCases(core).requestToken.execute(requestTokenRequest(core, consumer))).rejects.toMatchObject({
      code: 'OAUTH.CONSUMER_TOKEN_MISSING',
      message: `A token with consumer ID ${id} does not exist`,
      parameters: { consumerId: id },
    });
    expect(storedNonces(core)).toEqual([]);
    expect(await core.tokens.listByIntegrationId(id)).toEqual([]);
  });
});
