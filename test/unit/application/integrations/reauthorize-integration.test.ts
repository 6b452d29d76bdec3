import { type TokenExchange } from '../../../../src/application/ports/token-exchange.port';
import { OAuthToken } from '../../../../src/domain/token/oauth-token.aggregate';
import { R } from '../../../support/acl-fixtures';
import { anAdmin, testCore, type TestCore } from '../../../support/test-core';
import { CREDENTIAL, CallbackRefusedError, HANDSHAKE_URLS, aConfigIntegration, anIntegration, storedState, succeedingExchange } from '../../../support/integration-fixtures';

/** Lets the first handshake through, then fails like a third party that went down. */
function exchangeThatFailsAfter(successes: number): TokenExchange {
  let left = successes;
  return {
    identityLinkFor: (integration) => succeedingExchange.identityLinkFor(integration),
    sendCredentials: () => {
      if (left <= 0) return Promise.reject(new CallbackRefusedError());
      left -= 1;
      return Promise.resolve();
    },
  };
}

async function localCredentials(core: TestCore, id: string): Promise<{ accessToken: string; consumerKey: string; consumerSecret: string }> {
  const { activation } = await core.portcullis.integrations.activate({ id });
  if (activation.mode !== 'local') throw new Error('expected a local activation');
  return activation.credentials;
}

/** An integration whose handshake has completed: active, with the access token the third party obtained. */
async function anExchangedIntegration(core: TestCore): Promise<{ id: string; accessToken: string }> {
  const id = await anIntegration(core, HANDSHAKE_URLS);
  await core.portcullis.integrations.activate({ id });
  const integration = await core.integrations.findById(id);
  if (integration === null) throw new Error(`no integration ${id}`);
  const now = core.clock.now();
  const accessToken = 'a'.repeat(32);
  integration.completeTokenExchange(now);
  await core.tokens.save(OAuthToken.issueAccessToken({ id: 'exchanged-1', integrationId: id, token: accessToken, secret: 'b'.repeat(32), now }));
  await core.integrations.save(integration);
  return { id, accessToken };
}

describe('ReauthorizeIntegration', () => {
  describe('locally', () => {
    it('keeps the consumer key and secret and replaces the access token', async () => {
      const core = testCore();
      const id = await anIntegration(core);
      const first = await localCredentials(core, id);
      core.clock.advance(3600);

      const { integration, activation } = await core.portcullis.integrations.reauthorize({ id });

      if (activation.mode !== 'local') throw new Error('expected a local reauthorization');
      const { credentials } = activation;
      expect(integration.status).toBe('active');
      expect(credentials.consumerKey).toBe(first.consumerKey);
      expect(credentials.consumerSecret).toBe(first.consumerSecret);
      expect(credentials.accessToken).toMatch(CREDENTIAL);
      expect(credentials.accessTokenSecret).toMatch(CREDENTIAL);
      expect(credentials.accessToken).not.toBe(first.accessToken);
      const tokens = await core.tokens.listByIntegrationId(id);
      expect(tokens.map((t) => ({ type: t.type, token: t.token, secret: t.secret }))).toEqual([
        { type: 'access', token: credentials.accessToken, secret: credentials.accessTokenSecret },
      ]);
    });

    it('makes the old access token unknown', async () => {
      const core = testCore();
      const id = await anIntegration(core);
      const first = await localCredentials(core, id);

      await core.portcullis.integrations.reauthorize({ id });

      expect(await core.tokens.findByToken(first.accessToken)).toBeNull();
    });

    it('refuses an integration that was never activated', async () => {
      const core = testCore();
      const id = await anIntegration(core);
      const before = await storedState(core, id);

      await expect(core.portcullis.integrations.reauthorize({ id })).rejects.toMatchObject({
        code: 'INTEGRATION.NOT_ACTIVATED',
        parameters: { name: 'Shipping Bridge' },
      });
      expect(await storedState(core, id)).toEqual(before);
    });

    it('reauthorizes a reset config integration (re-created from its changed file) and activates it', async () => {
      const core = testCore();
      await aConfigIntegration(core, { recreated: true });
      expect((await core.integrations.findById('config-1'))?.status).toBe('reset');

      const { integration, activation } = await core.portcullis.integrations.reauthorize({ id: 'config-1' });

      expect(integration).toMatchObject({ status: 'active', setupType: 'config' });
      if (activation.mode !== 'local') throw new Error('expected a local reauthorization');
      expect(activation.credentials).toMatchObject({ consumerKey: 'c'.repeat(32), consumerSecret: 's'.repeat(32) });
      expect(await core.tokens.listByIntegrationId('config-1')).toHaveLength(1);
    });

    it('refuses an unknown id', async () => {
      const core = testCore();

      await expect(core.portcullis.integrations.reauthorize({ id: 'missing' })).rejects.toMatchObject({ code: 'INTEGRATION.NOT_FOUND' });
    });

    it('refuses an admin reauthorizing an integration with more access than theirs', async () => {
      const core = testCore();
      const id = await anIntegration(core, { resources: [R.orders, R.customers] });
      await localCredentials(core, id);
      const { actor } = await anAdmin(core, 'orders-clerk', { resources: [R.orders] });
      const before = await storedState(core, id);

      await expect(core.portcullis.integrations.reauthorize({ id, actor })).rejects.toMatchObject({
        code: 'ACCESS.PRIVILEGE_ESCALATION',
        parameters: { resources: [R.customers] },
      });
      expect(await storedState(core, id)).toEqual(before);
    });
  });

  describe('through the token exchange', () => {
    it('runs the exchange again: same consumer, old token gone, inactive until it completes', async () => {
      const core = testCore({ tokenExchange: succeedingExchange });
      const { id, accessToken } = await anExchangedIntegration(core);
      const consumerKey = (await core.integrations.findById(id))?.credentials.require('oauth1').key ?? '?';
      core.clock.advance(60);

      const { integration, activation } = await core.portcullis.integrations.reauthorize({ id });

      expect(activation).toEqual({
        mode: 'exchange',
        identityLinkUrl: `https://partner.example/login?oauth_consumer_key=${consumerKey}`,
        consumerKey,
      });
      expect(integration.status).toBe('inactive');
      expect((await core.integrations.findById(id))?.toSnapshot()).toMatchObject({
        credentials: [expect.objectContaining({ key: consumerKey })],
        status: 'inactive',
        exchangeStartedAt: core.clock.now(),
      });
      expect(await core.tokens.findByToken(accessToken)).toBeNull();
    });

    it('keeps the integration active with its token when the callback POST fails', async () => {
      const core = testCore({ tokenExchange: exchangeThatFailsAfter(1) });
      const { id, accessToken } = await anExchangedIntegration(core);
      const before = await storedState(core, id);

      await expect(core.portcullis.integrations.reauthorize({ id })).rejects.toMatchObject({ code: 'OAUTH.CALLBACK_FAILED' });

      expect(await storedState(core, id)).toEqual(before);
      expect((await core.integrations.findById(id))?.status).toBe('active');
      expect((await core.tokens.findByToken(accessToken))?.type).toBe('access');
    });

    it('refuses an integration that was never activated', async () => {
      const core = testCore({ tokenExchange: succeedingExchange });
      const id = await anIntegration(core, HANDSHAKE_URLS);
      const before = await storedState(core, id);

      await expect(core.portcullis.integrations.reauthorize({ id })).rejects.toMatchObject({ code: 'INTEGRATION.NOT_ACTIVATED' });
      expect(await storedState(core, id)).toEqual(before);
    });
  });
});
