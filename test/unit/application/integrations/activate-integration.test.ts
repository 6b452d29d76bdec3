import { OAuthToken } from '../../../../src/domain/token/oauth-token.aggregate';
import { R } from '../../../support/acl-fixtures';
import { anAdmin, rowCounts, testCore, type TestCore } from '../../../support/test-core';
import { CREDENTIAL, HANDSHAKE_URLS, failingExchange, aConfigIntegration, anIntegration, storedState, succeedingExchange } from '../../../support/integration-fixtures';


/** The third party finished the handshake (what the OAuth endpoints do on `/oauth/token/access`). */
async function completeExchange(core: TestCore, id: string): Promise<void> {
  const integration = await core.integrations.findById(id);
  if (integration === null) throw new Error(`no integration ${id}`);
  const now = core.clock.now();
  integration.completeTokenExchange(now);
  await core.tokens.save(OAuthToken.issueAccessToken({ id: 'exchanged-1', integrationId: id, token: 'a'.repeat(32), secret: 'b'.repeat(32), now }));
  await core.integrations.save(integration);
}

describe('ActivateIntegration', () => {
  describe('locally (no handshake URLs)', () => {
    it('returns the four credentials and makes the integration active', async () => {
      const core = testCore();
      const id = await anIntegration(core);
      const stored = await core.integrations.findById(id);

      const { integration, activation } = await core.portcullis.integrations.activate({ id });

      expect(integration.status).toBe('active');
      expect((await core.integrations.findById(id))?.status).toBe('active');
      if (activation.mode !== 'local') throw new Error('expected a local activation');
      expect(activation.credentials.consumerKey).toBe(stored?.credentials.require('oauth1').key);
      expect(activation.credentials.consumerSecret).toBe(stored?.credentials.require('oauth1').secret);
      for (const value of Object.values(activation.credentials)) expect(value).toMatch(CREDENTIAL);
      expect(new Set(Object.values(activation.credentials)).size).toBe(4);
    });

    it('stores the access token with its secret as an access token of the integration', async () => {
      const core = testCore();
      const id = await anIntegration(core);

      const { activation } = await core.portcullis.integrations.activate({ id });

      if (activation.mode !== 'local') throw new Error('expected a local activation');
      const token = await core.tokens.findByToken(activation.credentials.accessToken);
      expect(token?.toSnapshot()).toMatchObject({
        integrationId: id,
        type: 'access',
        token: activation.credentials.accessToken,
        secret: activation.credentials.accessTokenSecret,
        revoked: false,
        verifier: null,
      });
      expect(await core.tokens.listByIntegrationId(id)).toHaveLength(1);
    });

    it('refuses an integration that is already active, keeping its token', async () => {
      const core = testCore();
      const id = await anIntegration(core);
      await core.portcullis.integrations.activate({ id });
      const before = await storedState(core, id);

      await expect(core.portcullis.integrations.activate({ id })).rejects.toMatchObject({
        code: 'INTEGRATION.ALREADY_ACTIVE',
        parameters: { name: 'Shipping Bridge' },
      });
      expect(await storedState(core, id)).toEqual(before);
    });

    it('activates a config integration', async () => {
      const core = testCore();
      const id = await aConfigIntegration(core);

      const { integration, activation } = await core.portcullis.integrations.activate({ id });

      expect(integration).toMatchObject({ status: 'active', setupType: 'config' });
      if (activation.mode !== 'local') throw new Error('expected a local activation');
      expect(activation.credentials).toMatchObject({ consumerKey: 'c'.repeat(32), consumerSecret: 's'.repeat(32) });
      expect(await core.tokens.listByIntegrationId(id)).toHaveLength(1);
    });

    it('refuses an unknown id', async () => {
      const core = testCore();

      await expect(core.portcullis.integrations.activate({ id: 'missing' })).rejects.toMatchObject({ code: 'INTEGRATION.NOT_FOUND' });
    });
  });

  describe('no privilege escalation', () => {
    it('refuses an admin activating (and so reading the credentials of) an integration with more access', async () => {
      const core = testCore();
      const id = await anIntegration(core, { resourceAccess: 'all' });
      const { actor } = await anAdmin(core, 'orders-clerk', { resources: [R.orders] });
      const before = await storedState(core, id);

      await expect(core.portcullis.integrations.activate({ id, actor })).rejects.toMatchObject({ code: 'ACCESS.PRIVILEGE_ESCALATION' });
      expect(await storedState(core, id)).toEqual(before);
    });

    it('lets an admin activate an integration within their access', async () => {
      const core = testCore();
      const id = await anIntegration(core, { resources: [R.capture] });
      const { actor } = await anAdmin(core, 'orders-clerk', { resources: [R.orders] });

      const { integration } = await core.portcullis.integrations.activate({ id, actor });

      expect(integration.status).toBe('active');
    });
  });

  describe('through the token exchange (both handshake URLs)', () => {
    it('starts the exchange: returns the identity link, stays inactive, issues only the verifier token', async () => {
      const core = testCore({ tokenExchange: succeedingExchange });
      const id = await anIntegration(core, HANDSHAKE_URLS);
      const consumerKey = (await core.integrations.findById(id))?.credentials.require('oauth1').key ?? '?';

      const { integration, activation } = await core.portcullis.integrations.activate({ id });

      expect(activation).toEqual({
        mode: 'exchange',
        identityLinkUrl: `https://partner.example/login?oauth_consumer_key=${consumerKey}`,
        consumerKey,
      });
      expect(integration.status).toBe('inactive');
      const stored = (await core.integrations.findById(id))?.toSnapshot();
      expect(stored).toMatchObject({ status: 'inactive', exchangeStartedAt: core.clock.now() });
      // No access token: only the verifier token whose verifier went to the callback URL.
      expect((await core.tokens.listByIntegrationId(id)).map((token) => token.type)).toEqual(['verifier']);
    });

    it('refuses with the default NoTokenExchange and leaves the integration as it was', async () => {
      const core = testCore();
      const id = await anIntegration(core, HANDSHAKE_URLS);
      const before = await storedState(core, id);

      await expect(core.portcullis.integrations.activate({ id })).rejects.toMatchObject({ code: 'INTEGRATION.TOKEN_EXCHANGE_UNAVAILABLE' });
      expect(await storedState(core, id)).toEqual(before);
    });

    it('leaves an inactive integration as it was when the callback POST fails', async () => {
      const core = testCore({ tokenExchange: failingExchange });
      const id = await anIntegration(core, HANDSHAKE_URLS);
      const before = await storedState(core, id);
      const counts = rowCounts(core);
      core.clock.advance(30);

      await expect(core.portcullis.integrations.activate({ id })).rejects.toMatchObject({
        code: 'OAUTH.CALLBACK_FAILED',
        parameters: { status: 503 },
      });
      expect(await storedState(core, id)).toEqual(before);
      expect((await core.integrations.findById(id))?.toSnapshot().exchangeStartedAt).toBeNull();
      expect(rowCounts(core)).toEqual(counts);
    });

    it('refuses an integration whose exchange has completed (it is active: reauthorize instead), keeping its token', async () => {
      const core = testCore({ tokenExchange: succeedingExchange });
      const id = await anIntegration(core, HANDSHAKE_URLS);
      await core.portcullis.integrations.activate({ id });
      await completeExchange(core, id);
      expect((await core.integrations.findById(id))?.status).toBe('active');
      const before = await storedState(core, id);

      await expect(core.portcullis.integrations.activate({ id })).rejects.toMatchObject({ code: 'INTEGRATION.ALREADY_ACTIVE' });
      expect(await storedState(core, id)).toEqual(before);
      expect((await core.tokens.findByToken('a'.repeat(32)))?.type).toBe('access');
    });
  });
});
