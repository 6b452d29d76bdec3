import { statusOf } from '../../../../src/adapters/http/http-errors';
import { type ConsumerRequestInput } from '../../../../src/application/oauth/consumer-request';
import { domainErrorFrom } from '../../../support/errors';
import { testCore, type TestCore } from '../../../support/test-core';
import {
  API_PATH,
  PORTCULLIS_BASE_URL,
  REQUEST_TOKEN_PATH,
  RecordingExchange,
  aStartedHandshake,
  accessTokenRequest,
  nowSeconds,
  oauthUseCases,
  requestTokenRequest,
  signedRequest,
  storedNonces,
  withHeaderParameter,
  withOAuthSettings,
  withParameter,
  type StartedHandshake,
} from '../../../support/oauth-test-requests';

const ALL_SEVEN = ['oauth_consumer_key', 'oauth_signature', 'oauth_signature_method', 'oauth_nonce', 'oauth_timestamp', 'oauth_token', 'oauth_verifier'];
const missingMessage = (fields: readonly string[]): string => fields.map((field) => `"${field}" is required. Enter and try again.`).join(', ');
/** A 32-character token no store holds. */
const UNKNOWN = 'u'.repeat(32);

async function started(): Promise<{ core: TestCore; handshake: StartedHandshake }> {
  const exchange = new RecordingExchange();
  const core = testCore({ tokenExchange: exchange });
  return { core, handshake: await aStartedHandshake(core, exchange) };
}

function onlyHeader(authorization: string): ConsumerRequestInput {
  return { method: 'POST', baseUrl: PORTCULLIS_BASE_URL, path: REQUEST_TOKEN_PATH, rawQuery: '', authorization };
}

describe('ConsumerRequestChecks (through the token endpoints and the API guard)', () => {
  describe('the order of the checks that need no secret', () => {
    it('answers an unsupported oauth_version before missing parameters', async () => {
      const { core, handshake } = await started();
      let request = withParameter(requestTokenRequest(core, handshake.consumer), 'oauth_version', '2.0');
      request = withParameter(withParameter(request, 'oauth_nonce', null), 'oauth_signature', null);

      await expect(oauthUseCases(core).requestToken.execute(request)).rejects.toMatchObject({
        code: 'OAUTH.VERSION_REJECTED',
        message: 'The "2.0" Oauth version isn\'t supported.',
        parameters: { version: '2.0' },
      });
    });

    it('accepts a request without oauth_version (it is optional)', async () => {
      const { core, handshake } = await started();
      const request = withParameter(requestTokenRequest(core, handshake.consumer), 'oauth_version', null);
      const { checks } = oauthUseCases(core);

      // Removing oauth_version breaks the signature, but only after identification.
      await expect(checks.identify(request, 'request-token')).resolves.toMatchObject({ token: null });
    });

    it('lists every missing parameter, in Magento order, joined by ", " (access token: seven)', async () => {
      const { core } = await started();

      await expect(oauthUseCases(core).accessToken.execute(onlyHeader('OAuth oauth_version="1.0"'))).rejects.toMatchObject({
        code: 'OAUTH.PARAMETERS_MISSING',
        message: missingMessage(ALL_SEVEN),
        parameters: { fields: ALL_SEVEN },
      });
    });

    it('lists the five of a request-token call and the six of an API call', async () => {
      const { core } = await started();
      const { checks } = oauthUseCases(core);

      await expect(checks.identify(onlyHeader('OAuth oauth_version="1.0"'), 'request-token')).rejects.toMatchObject({
        message: missingMessage(ALL_SEVEN.slice(0, 5)),
      });
      await expect(checks.identify(onlyHeader('OAuth oauth_version="1.0"'), 'api-call')).rejects.toMatchObject({
        message: missingMessage(ALL_SEVEN.slice(0, 6)),
      });
    });

    it('lists all required parameters when there is no Authorization header at all', async () => {
      const { core } = await started();
      const { checks } = oauthUseCases(core);

      for (const authorization of [undefined, '', '   ']) {
        await expect(checks.identify({ ...onlyHeader(''), authorization }, 'access-token')).rejects.toMatchObject({
          code: 'OAUTH.PARAMETERS_MISSING',
          message: missingMessage(ALL_SEVEN),
        });
      }
    });

    it('names only the parameters that are missing, keeping the order', async () => {
      const { core, handshake } = await started();
      let request = accessTokenRequest(core, handshake.consumer, { token: UNKNOWN, secret: '' }, handshake.verifier);
      request = withParameter(withParameter(request, 'oauth_verifier', null), 'oauth_signature_method', null);

      await expect(oauthUseCases(core).accessToken.execute(request)).rejects.toMatchObject({
        code: 'OAUTH.PARAMETERS_MISSING',
        message: '"oauth_signature_method" is required. Enter and try again., "oauth_verifier" is required. Enter and try again.',
      });
    });

    it.each(['oauth_consumer_key', 'oauth_signature', 'oauth_signature_method', 'oauth_nonce', 'oauth_timestamp', 'oauth_token', 'oauth_verifier'])(
      'counts an empty %s as missing',
      async (name) => {
        const { core, handshake } = await started();
        const request = withParameter(accessTokenRequest(core, handshake.consumer, { token: UNKNOWN, secret: '' }, handshake.verifier), name, '');

        await expect(oauthUseCases(core).accessToken.execute(request)).rejects.toMatchObject({
          code: 'OAUTH.PARAMETERS_MISSING',
          message: missingMessage([name]),
        });
      },
    );

    it('checks the token length before the signature method', async () => {
      const { core, handshake } = await started();
      const request = withParameter(
        accessTokenRequest(core, handshake.consumer, { token: 'short', secret: '' }, handshake.verifier),
        'oauth_signature_method',
        'RSA-SHA1',
      );

      await expect(oauthUseCases(core).accessToken.execute(request)).rejects.toMatchObject({
        code: 'OAUTH.TOKEN_LENGTH_INVALID',
        message: 'The token length is invalid. Check the length and try again.',
      });
    });

    it.each([31, 33])('refuses an API-call token of %i characters', async (length) => {
      const { core, handshake } = await started();
      const request = signedRequest(core, { consumer: handshake.consumer, path: API_PATH, method: 'GET', token: { token: 'k'.repeat(length), secret: '' } });

      await expect(oauthUseCases(core).authorizeCall.execute({ request, resources: [] })).rejects.toMatchObject({ code: 'OAUTH.TOKEN_LENGTH_INVALID' });
    });

    it('checks the signature method before the nonce length and the consumer key', async () => {
      const { core } = await started();
      let request = requestTokenRequest(core, { key: 'short', secret: 'x' }, { nonce: 'n'.repeat(256) });
      request = withParameter(request, 'oauth_signature_method', 'PLAINTEXT');

      await expect(oauthUseCases(core).requestToken.execute(request)).rejects.toMatchObject({
        code: 'OAUTH.SIGNATURE_METHOD_UNSUPPORTED',
        message: 'Signature method PLAINTEXT is not supported',
      });
    });

    it('checks the consumer key length before looking the consumer up, and both before the timestamp', async () => {
      const { core, handshake } = await started();
      const { requestToken } = oauthUseCases(core);

      for (const key of [handshake.consumer.key.slice(1), `${handshake.consumer.key}x`]) {
        await expect(requestToken.execute(requestTokenRequest(core, { key, secret: handshake.consumer.secret }, { timestamp: 1 }))).rejects.toMatchObject({
          code: 'OAUTH.CONSUMER_KEY_LENGTH',
          message: 'Consumer key is not the correct length',
        });
      }
      await expect(requestToken.execute(requestTokenRequest(core, { key: UNKNOWN, secret: 'x' }, { timestamp: 1 }))).rejects.toMatchObject({
        code: 'OAUTH.CONSUMER_UNKNOWN',
        message: 'A consumer having the specified key does not exist',
      });
    });

    it('answers a malformed timestamp of a known consumer before checking the signature', async () => {
      const { core, handshake } = await started();
      const request = requestTokenRequest(core, { key: handshake.consumer.key, secret: 'wrong secret' }, { timestamp: 1 });

      await expect(oauthUseCases(core).requestToken.execute(request)).rejects.toMatchObject({ code: 'OAUTH.TIMESTAMP_REFUSED' });
    });
  });

  describe('oauth_timestamp', () => {
    it.each([-600, 0, 600])('accepts a timestamp %i s from the server clock', async (offset) => {
      const { core, handshake } = await started();
      const timestamp = nowSeconds(core) + offset;

      const identified = await oauthUseCases(core).checks.identify(requestTokenRequest(core, handshake.consumer, { timestamp }), 'request-token');
      expect(identified.timestamp).toBe(timestamp);
    });

    it.each([-600, 600])('issues the request token for a signed timestamp %i s off', async (offset) => {
      const { core, handshake } = await started();

      const pair = await oauthUseCases(core).requestToken.execute(requestTokenRequest(core, handshake.consumer, { timestamp: nowSeconds(core) + offset }));
      expect(pair.token).toHaveLength(32);
    });

    it.each([-601, 601, -100000])('refuses a timestamp %i s from the server clock, spending no nonce', async (offset) => {
      const { core, handshake } = await started();
      const request = requestTokenRequest(core, handshake.consumer, { timestamp: nowSeconds(core) + offset });

      await expect(oauthUseCases(core).requestToken.execute(request)).rejects.toMatchObject({
        code: 'OAUTH.TIMESTAMP_REFUSED',
        message: 'Incorrect timestamp value in the oauth_timestamp parameter',
      });
      expect(storedNonces(core)).toEqual([]);
    });

    it.each(['0', '00', '12a', '-5', '1.5', '1e9', '%20123', '0x10', '1234567890123456'])('refuses the timestamp "%s"', async (written) => {
      const { core, handshake } = await started();
      const request = withParameter(requestTokenRequest(core, handshake.consumer), 'oauth_timestamp', written);

      await expect(oauthUseCases(core).checks.identify(request, 'request-token')).rejects.toMatchObject({ code: 'OAUTH.TIMESTAMP_REFUSED' });
    });

    it('refuses 0 even if the server clock were near the epoch', async () => {
      const exchange = new RecordingExchange();
      const other = testCore({ tokenExchange: exchange });
      other.clock.advance(-Math.floor(other.clock.now().getTime() / 1000) + 100);
      const handshake = await aStartedHandshake(other, exchange);

      await expect(oauthUseCases(other).checks.identify(requestTokenRequest(other, handshake.consumer, { timestamp: 0 }), 'request-token')).rejects.toMatchObject({
        code: 'OAUTH.TIMESTAMP_REFUSED',
      });
      expect(nowSeconds(other)).toBe(100);
    });
  });

  describe('oauth_nonce', () => {
    it('accepts a nonce of 255 characters and spends it', async () => {
      const { core, handshake } = await started();
      const nonce = 'n'.repeat(255);

      await oauthUseCases(core).requestToken.execute(requestTokenRequest(core, handshake.consumer, { nonce }));
      expect(storedNonces(core)).toEqual([`${handshake.id} ${nonce}`]);
    });

    it('refuses a nonce of 256 characters (400) before looking the consumer up', async () => {
      const { core } = await started();
      const request = requestTokenRequest(core, { key: UNKNOWN, secret: 'x' }, { nonce: 'n'.repeat(256) });

      const refusal = oauthUseCases(core).requestToken.execute(request);
      await expect(refusal).rejects.toMatchObject({
        name: 'NonceInvalidError',
        code: 'OAUTH.NONCE_INVALID',
        parameters: { maxLength: 255 },
      });
      expect(statusOf(await domainErrorFrom(refusal))).toBe(400);
    });

    it('refuses a nonce used before by the same consumer (401), naming the consumer', async () => {
      const { core, handshake } = await started();
      const { requestToken } = oauthUseCases(core);
      await requestToken.execute(requestTokenRequest(core, handshake.consumer, { nonce: 'once' }));
      // The request token is issued; replaying the same nonce is refused before the token state is looked at.

      const refusal = requestToken.execute(requestTokenRequest(core, handshake.consumer, { nonce: 'once' }));
      await expect(refusal).rejects.toMatchObject({
        code: 'OAUTH.NONCE_USED',
        message: `The nonce is already being used by the consumer with ID ${handshake.id}`,
      });
      expect(statusOf(await domainErrorFrom(refusal))).toBe(401);
    });
  });

  describe('signature method', () => {
    it('accepts HMAC-SHA1 by default', async () => {
      const { core, handshake } = await started();

      const pair = await oauthUseCases(core).requestToken.execute(requestTokenRequest(core, handshake.consumer, { signatureMethod: 'HMAC-SHA1' }));
      expect(pair.token).toHaveLength(32);
    });

    it('refuses HMAC-SHA1 when allowSha1 is false, and still accepts HMAC-SHA256', async () => {
      const exchange = new RecordingExchange();
      const core = testCore({ tokenExchange: exchange, override: withOAuthSettings({ allowSha1: false }) });
      const handshake = await aStartedHandshake(core, exchange);
      const { requestToken } = oauthUseCases(core);

      await expect(requestToken.execute(requestTokenRequest(core, handshake.consumer, { signatureMethod: 'HMAC-SHA1' }))).rejects.toMatchObject({
        code: 'OAUTH.SIGNATURE_METHOD_UNSUPPORTED',
        message: 'Signature method HMAC-SHA1 is not supported',
      });
      expect(storedNonces(core)).toEqual([]);
      await expect(requestToken.execute(requestTokenRequest(core, handshake.consumer, { signatureMethod: 'HMAC-SHA256' }))).resolves.toMatchObject({
        token: expect.stringMatching(/^[0-9a-z]{32}$/) as unknown,
      });
    });

    it.each(['PLAINTEXT', 'RSA-SHA1', 'hmac-sha256', 'HMAC-SHA512'])('refuses %s (400)', async (method) => {
      const { core, handshake } = await started();
      const request = withParameter(requestTokenRequest(core, handshake.consumer), 'oauth_signature_method', method);

      const refusal = oauthUseCases(core).requestToken.execute(request);
      await expect(refusal).rejects.toMatchObject({
        code: 'OAUTH.SIGNATURE_METHOD_UNSUPPORTED',
        message: `Signature method ${method} is not supported`,
      });
      expect(statusOf(await domainErrorFrom(refusal))).toBe(400);
    });
  });

  describe('the signature and the nonce', () => {
    it('does not spend the nonce of a badly signed request: the same nonce, well signed, then succeeds', async () => {
      const { core, handshake } = await started();
      const { requestToken } = oauthUseCases(core);
      const forged = requestTokenRequest(core, { key: handshake.consumer.key, secret: 'not the consumer secret' }, { nonce: 'shared' });

      await expect(requestToken.execute(forged)).rejects.toMatchObject({
        code: 'OAUTH.SIGNATURE_INVALID',
        message: 'The signature is invalid. Verify and try again.',
      });
      expect(storedNonces(core)).toEqual([]);

      await expect(requestToken.execute(requestTokenRequest(core, handshake.consumer, { nonce: 'shared' }))).resolves.toMatchObject({
        token: expect.stringMatching(/^[0-9a-z]{32}$/) as unknown,
      });
      expect(storedNonces(core)).toEqual([`${handshake.id} shared`]);
    });

    it('refuses a request whose signed content was changed', async () => {
      const { core, handshake } = await started();
      const request = requestTokenRequest(core, handshake.consumer, { rawQuery: 'a=1' });

      await expect(oauthUseCases(core).requestToken.execute({ ...request, rawQuery: 'a=2' })).rejects.toMatchObject({ code: 'OAUTH.SIGNATURE_INVALID' });
      await expect(oauthUseCases(core).requestToken.execute({ ...request, authorization: withHeaderParameter(request.authorization ?? '', 'oauth_nonce', 'other') })).rejects.toMatchObject({
        code: 'OAUTH.SIGNATURE_INVALID',
      });
      expect(storedNonces(core)).toEqual([]);
    });

    it('keeps nonces per consumer: another consumer may use the same nonce', async () => {
      const exchange = new RecordingExchange();
      const core = testCore({ tokenExchange: exchange });
      const first = await aStartedHandshake(core, exchange, { name: 'First' });
      const second = await aStartedHandshake(core, exchange, { name: 'Second' });
      const { requestToken } = oauthUseCases(core);

      await requestToken.execute(requestTokenRequest(core, first.consumer, { nonce: 'same' }));
      await requestToken.execute(requestTokenRequest(core, second.consumer, { nonce: 'same' }));

      expect(storedNonces(core).sort()).toEqual([`${first.id} same`, `${second.id} same`].sort());
    });
  });
});
