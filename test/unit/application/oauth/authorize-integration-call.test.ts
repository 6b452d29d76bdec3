import { statusOf } from '../../../../src/adapters/http/http-errors';
import { R } from '../../../support/acl-fixtures';
import { domainErrorFrom } from '../../../support/errors';
import { testCore } from '../../../support/test-core';
import {
  RecordingExchange,
  aCompletedHandshake,
  aLocallyActivatedIntegration,
  aStartedHandshake,
  apiCallRequest,
  oauthUseCases,
  requestTokenRequest,
  storedNonces,
} from '../../../support/oauth-test-requests';

describe('AuthorizeIntegrationCall', () => {
  it('authenticates a call signed with an active integration’s access token and allows its resources', async () => {
    const core = testCore();
    const { id, consumer, accessToken } = await aLocallyActivatedIntegration(core, { resources: [R.orders, R.customers] });

    const caller = await oauthUseCases(core).authorizeCall.execute({
      request: apiCallRequest(core, consumer, accessToken, { rawQuery: 'searchCriteria[pageSize]=10', nonce: 'call-1' }),
      resources: [R.orders, R.create, R.customers],
    });

    expect(caller).toEqual({ integrationId: id, name: 'Shipping Bridge' });
    expect(storedNonces(core)).toEqual([`${id} call-1`]);
  });

  it('authenticates a call with the access token the handshake issued, signed with HMAC-SHA1', async () => {
    const exchange = new RecordingExchange();
    const core = testCore({ tokenExchange: exchange });
    const { id, consumer, accessToken } = await aCompletedHandshake(core, exchange);

    await expect(
      oauthUseCases(core).authorizeCall.execute({ request: apiCallRequest(core, consumer, accessToken, { signatureMethod: 'HMAC-SHA1' }), resources: [R.orders] }),
    ).resolves.toEqual({ integrationId: id, name: 'Shipping Bridge' });
  });

  it("refuses another consumer's access token", async () => {
    const core = testCore();
    const ours = await aLocallyActivatedIntegration(core, { name: 'Ours' });
    const theirs = await aLocallyActivatedIntegration(core, { name: 'Theirs' });

    // Signed with both real secrets (ours and theirs): only the association is wrong.
    const request = apiCallRequest(core, ours.consumer, theirs.accessToken);
    await expect(oauthUseCases(core).authorizeCall.execute({ request, resources: [] })).rejects.toMatchObject({
      code: 'OAUTH.TOKEN_CONSUMER_MISMATCH',
      message: 'Token is not associated with the specified consumer',
    });
    expect(storedNonces(core)).toEqual([]);
  });

  it('refuses an unknown token', async () => {
    const core = testCore();
    const { consumer } = await aLocallyActivatedIntegration(core);

    await expect(
      oauthUseCases(core).authorizeCall.execute({ request: apiCallRequest(core, consumer, { token: 'u'.repeat(32), secret: '' }), resources: [] }),
    ).rejects.toMatchObject({ code: 'OAUTH.TOKEN_UNKNOWN', message: 'Specified token does not exist' });
  });

  it('refuses a request token used as an access token', async () => {
    const exchange = new RecordingExchange();
    const core = testCore({ tokenExchange: exchange });
    const handshake = await aStartedHandshake(core, exchange);
    const requestToken = await oauthUseCases(core).requestToken.execute(requestTokenRequest(core, handshake.consumer));

    const refusal = oauthUseCases(core).authorizeCall.execute({ request: apiCallRequest(core, handshake.consumer, requestToken), resources: [] });
    await expect(refusal).rejects.toMatchObject({ code: 'OAUTH.TOKEN_NOT_ACCESS', message: 'Token is not an access token' });
    expect(statusOf(await domainErrorFrom(refusal))).toBe(401);
  });

  it('refuses a revoked access token', async () => {
    const core = testCore();
    const { id, consumer, accessToken } = await aLocallyActivatedIntegration(core);
    await oauthUseCases(core).revoke.execute({ id });

    await expect(oauthUseCases(core).authorizeCall.execute({ request: apiCallRequest(core, consumer, accessToken), resources: [] })).rejects.toMatchObject({
      code: 'OAUTH.TOKEN_REVOKED',
      message: 'Access token has been revoked',
    });
  });

  it('refuses a correctly signed call of an inactive integration', async () => {
    const core = testCore();
    const { id, consumer, accessToken } = await aLocallyActivatedIntegration(core);
    const integration = await core.integrations.findById(id);
    if (integration === null) throw new Error('no integration');
    integration.deactivate(core.clock.now());
    await core.integrations.save(integration);

    const refusal = oauthUseCases(core).authorizeCall.execute({ request: apiCallRequest(core, consumer, accessToken), resources: [] });
    await expect(refusal).rejects.toMatchObject({
      name: 'IntegrationInactiveError',
      code: 'OAUTH.INTEGRATION_INACTIVE',
    });
    expect(statusOf(await domainErrorFrom(refusal))).toBe(401);
  });

  it('refuses a call signed without the access token secret', async () => {
    const core = testCore();
    const { consumer, accessToken } = await aLocallyActivatedIntegration(core);

    await expect(
      oauthUseCases(core).authorizeCall.execute({ request: apiCallRequest(core, consumer, { token: accessToken.token, secret: 'x' }), resources: [] }),
    ).rejects.toMatchObject({ code: 'OAUTH.SIGNATURE_INVALID' });
    expect(storedNonces(core)).toEqual([]);
  });

  it('refuses a replayed call', async () => {
    const core = testCore();
    const { id, consumer, accessToken } = await aLocallyActivatedIntegration(core);
    const request = apiCallRequest(core, consumer, accessToken);
    const { authorizeCall } = oauthUseCases(core);
    await authorizeCall.execute({ request, resources: [] });

    await expect(authorizeCall.execute({ request, resources: [] })).rejects.toMatchObject({
      code: 'OAUTH.NONCE_USED',
      message: `The nonce is already being used by the consumer with ID ${id}`,
    });
  });

  it('answers 403 AccessDeniedError listing every required resource the integration lacks, in the order asked', async () => {
    const core = testCore();
    const { consumer, accessToken } = await aLocallyActivatedIntegration(core, { resources: [R.orders] });

    const refusal = oauthUseCases(core).authorizeCall.execute({
      request: apiCallRequest(core, consumer, accessToken),
      resources: [R.customers, R.orders, R.invoices],
    });
    await expect(refusal).rejects.toMatchObject({
      name: 'AccessDeniedError',
      code: 'ACCESS.DENIED',
      message: `The consumer isn't authorized to access ${R.customers}, ${R.invoices}.`,
      parameters: { resources: `${R.customers}, ${R.invoices}` },
      missing: [R.customers, R.invoices],
    });
    expect(statusOf(await domainErrorFrom(refusal))).toBe(403);
  });

  it('with anyOf, lets through an integration allowed one of them and refuses one allowed none, in Magento\'s words', async () => {
    const core = testCore();
    const { consumer, accessToken } = await aLocallyActivatedIntegration(core, { resources: [R.orders] });
    const { authorizeCall } = oauthUseCases(core);

    await expect(authorizeCall.execute({ request: apiCallRequest(core, consumer, accessToken), resources: [], anyOf: [R.customers, R.orders] })).resolves.toMatchObject({
      name: expect.any(String) as unknown,
    });
    await expect(
      authorizeCall.execute({ request: apiCallRequest(core, consumer, accessToken), resources: [], anyOf: [R.customers, R.invoices] }),
    ).rejects.toMatchObject({
      code: 'ACCESS.DENIED',
      message: `The consumer isn't authorized to access any of ${R.customers}, ${R.invoices}.`,
      missing: [R.customers, R.invoices],
    });
  });

  it('allows every resource to an integration with all access', async () => {
    const core = testCore();
    const { id, consumer, accessToken } = await aLocallyActivatedIntegration(core, { resourceAccess: 'all' });

    await expect(
      oauthUseCases(core).authorizeCall.execute({ request: apiCallRequest(core, consumer, accessToken), resources: [R.customers, R.invoices, R.capture] }),
    ).resolves.toMatchObject({ integrationId: id });
  });
});
