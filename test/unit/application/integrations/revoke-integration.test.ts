import { R } from '../../../support/acl-fixtures';
import { CREDENTIAL, HANDSHAKE_URLS, anIntegration, storedState } from '../../../support/integration-fixtures';
import { anAdmin, testCore } from '../../../support/test-core';
import {
  RecordingExchange,
  aCompletedHandshake,
  aLocallyActivatedIntegration,
  aStartedHandshake,
  accessTokenRequest,
  apiCallRequest,
  oauthUseCases,
  requestTokenRequest,
} from '../../../support/oauth-test-requests';

describe('RevokeIntegration', () => {
  it('marks the access token revoked (still stored) and makes the integration inactive, keeping key and secret', async () => {
    const core = testCore();
    const { id, consumer, accessToken } = await aLocallyActivatedIntegration(core);
    const before = (await core.integrations.findById(id))?.toSnapshot();
    core.clock.advance(60);

    const view = await oauthUseCases(core).revoke.execute({ id });

    expect(view).toMatchObject({ id, status: 'inactive', name: 'Shipping Bridge' });
    const tokens = await core.tokens.listByIntegrationId(id);
    expect(tokens.map((token) => ({ type: token.type, token: token.token, secret: token.secret, revoked: token.isRevoked }))).toEqual([
      { type: 'access', token: accessToken.token, secret: accessToken.secret, revoked: true },
    ]);
    expect((await core.tokens.findByToken(accessToken.token))?.isRevoked).toBe(true);
    expect((await core.integrations.findById(id))?.toSnapshot()).toEqual({
      ...before,
      status: 'inactive',
      exchangeStartedAt: null,
      updatedAt: core.clock.now(),
    });
    expect({ kind: 'oauth1', ...consumer }).toEqual(before?.credentials[0]);
  });

  it('refuses API calls with the revoked token', async () => {
    const exchange = new RecordingExchange();
    const core = testCore({ tokenExchange: exchange });
    const { id, consumer, accessToken } = await aCompletedHandshake(core, exchange);

    await oauthUseCases(core).revoke.execute({ id });

    await expect(oauthUseCases(core).authorizeCall.execute({ request: apiCallRequest(core, consumer, accessToken), resources: [] })).rejects.toMatchObject({
      code: 'OAUTH.TOKEN_REVOKED',
      message: 'Access token has been revoked',
    });
  });

  it('abandons a handshake with only a verifier token: it is deleted and the exchange window closed', async () => {
    const exchange = new RecordingExchange();
    const core = testCore({ tokenExchange: exchange });
    const handshake = await aStartedHandshake(core, exchange);

    await oauthUseCases(core).revoke.execute({ id: handshake.id });

    expect(await core.tokens.listByIntegrationId(handshake.id)).toEqual([]);
    expect((await core.integrations.findById(handshake.id))?.toSnapshot()).toMatchObject({ status: 'inactive', exchangeStartedAt: null });
    await expect(oauthUseCases(core).requestToken.execute(requestTokenRequest(core, handshake.consumer))).rejects.toMatchObject({
      code: 'OAUTH.CONSUMER_TOKEN_MISSING',
    });
  });

  it('abandons a handshake with a request token: the third party cannot get its access token', async () => {
    const exchange = new RecordingExchange();
    const core = testCore({ tokenExchange: exchange });
    const handshake = await aStartedHandshake(core, exchange);
    const requestToken = await oauthUseCases(core).requestToken.execute(requestTokenRequest(core, handshake.consumer));

    await oauthUseCases(core).revoke.execute({ id: handshake.id });

    expect(await core.tokens.listByIntegrationId(handshake.id)).toEqual([]);
    await expect(
      oauthUseCases(core).accessToken.execute(accessTokenRequest(core, handshake.consumer, requestToken, handshake.verifier)),
    ).rejects.toMatchObject({ code: 'OAUTH.TOKEN_UNKNOWN' });
    expect((await core.integrations.findById(handshake.id))?.status).toBe('inactive');
  });

  it('lets an admin activate the integration again, which issues a new access token with the same consumer', async () => {
    const core = testCore();
    const { id, consumer, accessToken } = await aLocallyActivatedIntegration(core);
    await oauthUseCases(core).revoke.execute({ id });

    const { integration, activation } = await core.portcullis.integrations.activate({ id });

    expect(integration.status).toBe('active');
    if (activation.mode !== 'local') throw new Error('expected a local activation');
    expect(activation.credentials).toMatchObject({ consumerKey: consumer.key, consumerSecret: consumer.secret });
    expect(activation.credentials.accessToken).toMatch(CREDENTIAL);
    expect(activation.credentials.accessToken).not.toBe(accessToken.token);
    expect((await core.tokens.listByIntegrationId(id)).map((token) => ({ token: token.token, revoked: token.isRevoked }))).toEqual([
      { token: activation.credentials.accessToken, revoked: false },
    ]);
    const fresh = { token: activation.credentials.accessToken, secret: activation.credentials.accessTokenSecret };
    await expect(oauthUseCases(core).authorizeCall.execute({ request: apiCallRequest(core, consumer, fresh), resources: [R.orders] })).resolves.toMatchObject({
      integrationId: id,
    });
  });

  it('lets an exchange integration run the handshake again after revocation', async () => {
    const exchange = new RecordingExchange();
    const core = testCore({ tokenExchange: exchange });
    const { id, consumer, accessToken } = await aCompletedHandshake(core, exchange);
    await oauthUseCases(core).revoke.execute({ id });

    await core.portcullis.integrations.activate({ id });
    const post = exchange.lastFor(id);
    const requestToken = await oauthUseCases(core).requestToken.execute(requestTokenRequest(core, consumer));
    const fresh = await oauthUseCases(core).accessToken.execute(accessTokenRequest(core, consumer, requestToken, post.verifier));

    expect({ key: post.consumerKey, secret: post.consumerSecret }).toEqual(consumer);
    expect(fresh.token).not.toBe(accessToken.token);
    expect((await core.integrations.findById(id))?.status).toBe('active');
    expect(await core.tokens.findByToken(accessToken.token)).toBeNull();
  });

  it('revokes an integration that was never activated: it stays inactive with no token', async () => {
    const core = testCore();
    const id = await anIntegration(core);

    await expect(oauthUseCases(core).revoke.execute({ id })).resolves.toMatchObject({ status: 'inactive' });
    expect(await core.tokens.listByIntegrationId(id)).toEqual([]);
  });

  it('refuses an unknown id', async () => {
    const core = testCore();

    await expect(oauthUseCases(core).revoke.execute({ id: 'missing' })).rejects.toMatchObject({ code: 'INTEGRATION.NOT_FOUND' });
  });

  describe('no privilege escalation', () => {
    it('refuses an admin revoking an integration with access they do not have, changing nothing', async () => {
      const core = testCore();
      const { id } = await aLocallyActivatedIntegration(core, { resources: [R.orders, R.customers] });
      const { actor } = await anAdmin(core, 'orders-clerk', { resources: [R.orders] });
      const before = await storedState(core, id);

      await expect(oauthUseCases(core).revoke.execute({ id, actor })).rejects.toMatchObject({
        code: 'ACCESS.PRIVILEGE_ESCALATION',
        parameters: { resources: [R.customers] },
      });
      expect(await storedState(core, id)).toEqual(before);
    });

    it('refuses a limited admin revoking an integration with all access', async () => {
      const exchange = new RecordingExchange();
      const core = testCore({ tokenExchange: exchange });
      const { id } = await aCompletedHandshake(core, exchange, { resourceAccess: 'all', ...HANDSHAKE_URLS });
      const { actor } = await anAdmin(core, 'orders-clerk', { resources: [R.orders] });
      const before = await storedState(core, id);

      await expect(oauthUseCases(core).revoke.execute({ id, actor })).rejects.toMatchObject({ code: 'ACCESS.PRIVILEGE_ESCALATION' });
      expect(await storedState(core, id)).toEqual(before);
    });

    it('lets an admin revoke an integration within their access', async () => {
      const core = testCore();
      const { id } = await aLocallyActivatedIntegration(core, { resources: [R.capture] });
      const { actor } = await anAdmin(core, 'orders-clerk', { resources: [R.orders] });

      await expect(oauthUseCases(core).revoke.execute({ id, actor })).resolves.toMatchObject({ status: 'inactive' });
    });
  });
});
