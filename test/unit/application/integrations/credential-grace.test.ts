import { type GuardRequest, type Principal } from '../../../../src/application/guard/authorize-request.use-case';
import { type TokenPair } from '../../../../src/application/oauth/token-pair';
import { AccessTokenExpiredError, SignatureInvalidError } from '../../../../src/domain/oauth/oauth-problems';
import { R } from '../../../support/acl-fixtures';
import { rejectionFrom } from '../../../support/errors';
import { anIntegration, storedState } from '../../../support/integration-fixtures';
import { aLocallyActivatedIntegration, PORTCULLIS_BASE_URL, signedRequest, type ConsumerCredentials } from '../../../support/oauth-test-requests';
import { testCore, type TestCore } from '../../../support/test-core';

const DAY_SECONDS = 86_400;

/** A GET of /rest/V1/orders signed by `oauth-1.0a`, as a framework hands it to the guard. */
function signedCall(core: TestCore, consumer: ConsumerCredentials, accessToken: TokenPair): GuardRequest {
  const signed = signedRequest(core, { consumer, token: accessToken, method: 'GET', path: '/rest/V1/orders' });
  return { method: signed.method, url: signed.path, headers: { authorization: signed.authorization ?? '' }, baseUrl: PORTCULLIS_BASE_URL };
}

/** The guard's answer to a signed call of a route that requires Orders. */
function call(core: TestCore, consumer: ConsumerCredentials, accessToken: TokenPair): Promise<Principal> {
  return core.portcullis.guard.authorize(signedCall(core, consumer, accessToken), [R.orders]);
}

/** Reauthorizes locally and returns the new access token and when the old one stops working. */
async function reauthorized(core: TestCore, id: string, graceSeconds?: number): Promise<{ accessToken: TokenPair; previousTokenValidUntil: Date | undefined }> {
  const { activation } = await core.portcullis.integrations.reauthorize({ id, ...(graceSeconds !== undefined ? { graceSeconds } : {}) });
  if (activation.mode !== 'local') throw new Error('expected a local reauthorization');
  return { accessToken: { token: activation.credentials.accessToken, secret: activation.credentials.accessTokenSecret }, previousTokenValidUntil: activation.previousTokenValidUntil };
}

const later = (core: TestCore, seconds: number): Date => new Date(core.clock.now().getTime() + seconds * 1000);

describe('Credential rotation with grace periods and the maximum credential age (the guard on in-memory storage, fake clock)', () => {
  describe('reauthorize with graceSeconds', () => {
    it('the old access token authenticates until the grace ends (refused as expired from that second on), the new one at once', async () => {
      const core = testCore();
      const { id, consumer, accessToken: old } = await aLocallyActivatedIntegration(core);
      const graceEnd = later(core, 300);

      const { accessToken: current, previousTokenValidUntil } = await reauthorized(core, id, 300);

      expect(previousTokenValidUntil).toEqual(graceEnd);
      expect(current.token).not.toBe(old.token);
      await expect(call(core, consumer, current)).resolves.toMatchObject({ kind: 'integration', integrationId: id });
      core.clock.advance(299);
      await expect(call(core, consumer, old)).resolves.toMatchObject({ kind: 'integration', integrationId: id });
      core.clock.advance(1);
      const refusal = await rejectionFrom(call(core, consumer, old));
      expect(refusal).toBeInstanceOf(AccessTokenExpiredError);
      expect(refusal).toMatchObject({ code: 'OAUTH.TOKEN_EXPIRED', message: 'The access token has expired' });
      await expect(call(core, consumer, current)).resolves.toMatchObject({ kind: 'integration', integrationId: id });

      expect((await core.portcullis.integrations.usage({ id })).totals).toEqual({ allowed: 3, refused: { expired: 1 } });
    });

    it('without grace the old access token is refused at once, and no end is reported', async () => {
      const core = testCore();
      const { id, consumer, accessToken: old } = await aLocallyActivatedIntegration(core);

      const { previousTokenValidUntil } = await reauthorized(core, id);

      expect(previousTokenValidUntil).toBeUndefined();
      await expect(call(core, consumer, old)).rejects.toMatchObject({ code: 'OAUTH.TOKEN_UNKNOWN' });
    });

    it('a reauthorization without grace drops every token still in a grace period', async () => {
      const core = testCore();
      const { id, consumer, accessToken: first } = await aLocallyActivatedIntegration(core);
      await reauthorized(core, id, 300);
      core.clock.advance(100);
      const { accessToken: second } = await reauthorized(core, id, 600);
      const { accessToken: third } = await reauthorized(core, id, 0);

      // Without grace, the third reauthorization drops every older token at once.
      await expect(call(core, consumer, first)).rejects.toMatchObject({ code: 'OAUTH.TOKEN_UNKNOWN' });
      await expect(call(core, consumer, second)).rejects.toMatchObject({ code: 'OAUTH.TOKEN_UNKNOWN' });
      await expect(call(core, consumer, third)).resolves.toMatchObject({ integrationId: id });
    });

    it('a token replaced twice keeps its earlier end (+300 s); the token replaced second gets its own (+100 s + 600 s)', async () => {
      const core = testCore();
      const { id, consumer, accessToken: first } = await aLocallyActivatedIntegration(core);
      const { accessToken: second } = await reauthorized(core, id, 300);
      core.clock.advance(100);
      const { accessToken: third, previousTokenValidUntil } = await reauthorized(core, id, 600);
      expect(previousTokenValidUntil).toEqual(later(core, 600));

      core.clock.advance(199);
      await expect(call(core, consumer, first)).resolves.toMatchObject({ integrationId: id });
      core.clock.advance(1);
      await expect(call(core, consumer, first)).rejects.toMatchObject({ code: 'OAUTH.TOKEN_EXPIRED' });
      await expect(call(core, consumer, second)).resolves.toMatchObject({ integrationId: id });
      core.clock.advance(399);
      await expect(call(core, consumer, second)).resolves.toMatchObject({ integrationId: id });
      core.clock.advance(1);
      await expect(call(core, consumer, second)).rejects.toMatchObject({ code: 'OAUTH.TOKEN_EXPIRED' });
      await expect(call(core, consumer, third)).resolves.toMatchObject({ integrationId: id });
    });
  });

  describe('rotateSecret with graceSeconds', () => {
    it('the old consumer secret signs until the grace ends (signature invalid from that second on); the key and access token stay', async () => {
      const core = testCore();
      const { id, consumer, accessToken } = await aLocallyActivatedIntegration(core);
      const graceEnd = later(core, 60);

      const rotated = await core.portcullis.integrations.rotateSecret({ id, graceSeconds: 60 });

      expect(rotated).toMatchObject({ consumerKey: consumer.key, previousSecretValidUntil: graceEnd, integration: { id, status: 'active' } });
      expect(rotated.consumerSecret).not.toBe(consumer.secret);
      const current = { key: rotated.consumerKey, secret: rotated.consumerSecret };
      await expect(call(core, current, accessToken)).resolves.toMatchObject({ integrationId: id });
      core.clock.advance(59);
      await expect(call(core, consumer, accessToken)).resolves.toMatchObject({ integrationId: id });
      core.clock.advance(1);
      const refusal = await rejectionFrom(call(core, consumer, accessToken));
      expect(refusal).toBeInstanceOf(SignatureInvalidError);
      expect(refusal.code).toBe('OAUTH.SIGNATURE_INVALID');
      expect(JSON.stringify(refusal)).not.toContain(consumer.secret);
      await expect(call(core, current, accessToken)).resolves.toMatchObject({ integrationId: id });
    });

    it('without grace the old secret is refused at once', async () => {
      const core = testCore();
      const { id, consumer, accessToken } = await aLocallyActivatedIntegration(core);

      const rotated = await core.portcullis.integrations.rotateSecret({ id });

      expect(rotated.previousSecretValidUntil).toEqual(core.clock.now());
      await expect(call(core, consumer, accessToken)).rejects.toMatchObject({ code: 'OAUTH.SIGNATURE_INVALID' });
      await expect(call(core, { key: rotated.consumerKey, secret: rotated.consumerSecret }, accessToken)).resolves.toMatchObject({ integrationId: id });
    });
  });

  it('a revocation during the grace periods cuts both: every token revoked, the previous secret dropped', async () => {
    const core = testCore();
    const { id, consumer: oldConsumer, accessToken: oldToken } = await aLocallyActivatedIntegration(core);
    const { accessToken: newToken } = await reauthorized(core, id, 300);
    const rotated = await core.portcullis.integrations.rotateSecret({ id, graceSeconds: 300 });
    const newConsumer = { key: rotated.consumerKey, secret: rotated.consumerSecret };
    await expect(call(core, oldConsumer, oldToken)).resolves.toMatchObject({ integrationId: id });
    core.clock.advance(10);

    await core.portcullis.integrations.revoke({ id });

    await expect(call(core, oldConsumer, oldToken)).rejects.toMatchObject({ code: 'OAUTH.TOKEN_REVOKED' });
    await expect(call(core, newConsumer, oldToken)).rejects.toMatchObject({ code: 'OAUTH.TOKEN_REVOKED' });
    await expect(call(core, newConsumer, newToken)).rejects.toMatchObject({ code: 'OAUTH.TOKEN_REVOKED' });
    expect((await core.integrations.findById(id))?.credentials.require('oauth1').previous).toBeUndefined();

    // Activated again within what was the grace: only the current secret signs.
    const { activation } = await core.portcullis.integrations.activate({ id });
    if (activation.mode !== 'local') throw new Error('expected a local activation');
    const freshToken = { token: activation.credentials.accessToken, secret: activation.credentials.accessTokenSecret };
    expect(activation.credentials.consumerSecret).toBe(newConsumer.secret);
    await expect(call(core, oldConsumer, freshToken)).rejects.toMatchObject({ code: 'OAUTH.SIGNATURE_INVALID' });
    await expect(call(core, newConsumer, freshToken)).resolves.toMatchObject({ integrationId: id });
  });

  describe('credentialsMaxAgeDays', () => {
    it('gives credentials an expiry on activation; the guard refuses them as expired from then on', async () => {
      const core = testCore({ credentialsMaxAgeDays: 30 });
      const id = await anIntegration(core);
      expect((await core.portcullis.integrations.get({ id })).policy.expiresAt).toBeNull();
      const expiry = later(core, 30 * DAY_SECONDS);

      const { activation } = await core.portcullis.integrations.activate({ id });
      if (activation.mode !== 'local') throw new Error('expected a local activation');
      const consumer = { key: activation.credentials.consumerKey, secret: activation.credentials.consumerSecret };
      const accessToken = { token: activation.credentials.accessToken, secret: activation.credentials.accessTokenSecret };

      expect((await core.portcullis.integrations.get({ id })).policy).toEqual({ readOnly: false, expiresAt: expiry, allowedIps: [], rateLimit: null });
      core.clock.advance(30 * DAY_SECONDS - 1);
      await expect(call(core, consumer, accessToken)).resolves.toMatchObject({ integrationId: id });
      core.clock.advance(1);
      await expect(call(core, consumer, accessToken)).rejects.toMatchObject({ code: 'OAUTH.TOKEN_EXPIRED', message: 'The access token has expired' });
    });

    it('reauthorization and secret rotation renew an expiry that has passed, for the maximum age from then', async () => {
      const core = testCore({ credentialsMaxAgeDays: 1 });
      const { id, consumer } = await aLocallyActivatedIntegration(core);
      core.clock.advance(2 * DAY_SECONDS);

      const { accessToken } = await reauthorized(core, id);
      expect((await core.portcullis.integrations.get({ id })).policy.expiresAt).toEqual(later(core, DAY_SECONDS));
      await expect(call(core, consumer, accessToken)).resolves.toMatchObject({ integrationId: id });

      core.clock.advance(2 * DAY_SECONDS);
      await expect(call(core, consumer, accessToken)).rejects.toMatchObject({ code: 'OAUTH.TOKEN_EXPIRED' });
      const rotated = await core.portcullis.integrations.rotateSecret({ id });
      expect(rotated.integration.policy.expiresAt).toEqual(later(core, DAY_SECONDS));
      await expect(call(core, { key: rotated.consumerKey, secret: rotated.consumerSecret }, accessToken)).resolves.toMatchObject({ integrationId: id });
    });

    it('keeps an integration’s own earlier expiry', async () => {
      const core = testCore({ credentialsMaxAgeDays: 30 });
      const own = later(core, 10 * DAY_SECONDS);
      const { id } = await aLocallyActivatedIntegration(core, { policy: { expiresAt: own } });
      expect((await core.portcullis.integrations.get({ id })).policy.expiresAt).toEqual(own);
    });

    it('without a maximum age, activation sets no expiry', async () => {
      const core = testCore();
      const { id } = await aLocallyActivatedIntegration(core);
      expect((await core.portcullis.integrations.get({ id })).policy.expiresAt).toBeNull();
    });
  });

  describe('graceSeconds validation', () => {
    it.each([-1, 604_801, 1.5, Number.NaN])('refuses %p for reauthorize and rotateSecret (VALIDATION.GRACE_PERIOD), changing nothing', async (graceSeconds) => {
      const core = testCore();
      const { id } = await aLocallyActivatedIntegration(core);
      const before = await storedState(core, id);
      const expected = {
        code: 'VALIDATION.GRACE_PERIOD',
        message: '"graceSeconds" must be a whole number of seconds from 0 to 604800 (7 days).',
        parameters: { field: 'graceSeconds', value: String(graceSeconds) },
      };

      await expect(core.portcullis.integrations.reauthorize({ id, graceSeconds })).rejects.toMatchObject(expected);
      await expect(core.portcullis.integrations.rotateSecret({ id, graceSeconds })).rejects.toMatchObject(expected);
      expect(await storedState(core, id)).toEqual(before);
    });

    it('accepts the bounds, 0 and 604800 (7 days)', async () => {
      const core = testCore();
      const { id } = await aLocallyActivatedIntegration(core);
      await expect(reauthorized(core, id, 604_800)).resolves.toMatchObject({ previousTokenValidUntil: later(core, 604_800) });
      await expect(core.portcullis.integrations.rotateSecret({ id, graceSeconds: 604_800 })).resolves.toMatchObject({ previousSecretValidUntil: later(core, 604_800) });
      await expect(core.portcullis.integrations.rotateSecret({ id, graceSeconds: 0 })).resolves.toMatchObject({ previousSecretValidUntil: core.clock.now() });
    });
  });
});
