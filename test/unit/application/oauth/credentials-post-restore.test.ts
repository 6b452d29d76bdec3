import { R } from '../../../support/acl-fixtures';
import { CallbackRefusedError, HANDSHAKE_URLS, anIntegration, storedState } from '../../../support/integration-fixtures';
import { rowCounts, testCore, type TestCore } from '../../../support/test-core';
import {
  RecordingExchange,
  aCompletedHandshake,
  accessTokenRequest,
  apiCallRequest,
  oauthUseCases,
  requestTokenRequest,
  storedNonces,
} from '../../../support/oauth-test-requests';

/** The third party's callback answers an error from now on. */
function failFromNowOn(exchange: RecordingExchange): void {
  exchange.onPost = () => Promise.reject(new CallbackRefusedError());
}

function aCore(): { core: TestCore; exchange: RecordingExchange } {
  const exchange = new RecordingExchange();
  return { core: testCore({ tokenExchange: exchange }), exchange };
}

const CALLBACK_FAILED = { code: 'OAUTH.CALLBACK_FAILED', parameters: { status: 503 } };

describe('IntegrationActivator: a failed credentials POST puts everything back', () => {
  it('create + activate: the integration and its role are gone entirely and the name is free again', async () => {
    const { core, exchange } = aCore();
    failFromNowOn(exchange);
    const counts = rowCounts(core);

    await expect(
      core.portcullis.integrations.create({ name: 'Shipping Bridge', email: 'ops@shipping.example', resourceAccess: 'custom', resources: [R.orders], activate: true, ...HANDSHAKE_URLS }),
    ).rejects.toMatchObject(CALLBACK_FAILED);

    expect(exchange.posts).toHaveLength(1);
    const attempted = exchange.posts[0]?.integrationId ?? '';
    expect(await storedState(core, attempted)).toEqual({ integration: null, role: null, tokens: [] });
    expect(rowCounts(core)).toEqual(counts);
    expect(await core.integrations.findByName('Shipping Bridge')).toBeNull();
    await expect(core.portcullis.integrations.list({})).resolves.toMatchObject({ items: [] });
    // The name can be used again.
    await expect(anIntegration(core)).resolves.toEqual(expect.any(String));
  });

  it('activate of a saved integration: the state is as before (inactive, no token, no exchange window)', async () => {
    const { core, exchange } = aCore();
    const id = await anIntegration(core, HANDSHAKE_URLS);
    const before = await storedState(core, id);
    failFromNowOn(exchange);
    core.clock.advance(30);

    await expect(core.portcullis.integrations.activate({ id })).rejects.toMatchObject(CALLBACK_FAILED);

    expect(await storedState(core, id)).toEqual(before);
  });

  it('reauthorize of an active exchange integration: its old access token is back and still authenticates', async () => {
    const { core, exchange } = aCore();
    const { id, consumer, accessToken } = await aCompletedHandshake(core, exchange);
    const before = await storedState(core, id);
    failFromNowOn(exchange);
    core.clock.advance(60);

    await expect(core.portcullis.integrations.reauthorize({ id })).rejects.toMatchObject(CALLBACK_FAILED);

    expect(await storedState(core, id)).toEqual(before);
    expect((await core.integrations.findById(id))?.status).toBe('active');
    await expect(oauthUseCases(core).authorizeCall.execute({ request: apiCallRequest(core, consumer, accessToken), resources: [R.orders] })).resolves.toEqual({
      integrationId: id,
      name: 'Shipping Bridge',
    });
  });

  it('update with activate: true of a saved integration: the changed name and grant are reverted', async () => {
    const { core, exchange } = aCore();
    const id = await anIntegration(core, HANDSHAKE_URLS);
    const before = await storedState(core, id);
    failFromNowOn(exchange);
    core.clock.advance(30);

    await expect(
      core.portcullis.integrations.update({ id, name: 'Renamed Bridge', resourceAccess: 'custom', resources: [R.customers], activate: true }),
    ).rejects.toMatchObject(CALLBACK_FAILED);

    expect(await storedState(core, id)).toEqual(before);
    expect(await core.integrations.findByName('Renamed Bridge')).toBeNull();
    expect((await core.integrations.findByName('Shipping Bridge'))?.id).toBe(id);
  });

  it('update with activate: true of an active integration (a reauthorization): name, grant and access token are back', async () => {
    const { core, exchange } = aCore();
    const { id, consumer, accessToken } = await aCompletedHandshake(core, exchange);
    const before = await storedState(core, id);
    failFromNowOn(exchange);

    await expect(
      core.portcullis.integrations.update({ id, name: 'Renamed Bridge', resourceAccess: 'all', activate: true }),
    ).rejects.toMatchObject(CALLBACK_FAILED);

    expect(await storedState(core, id)).toEqual(before);
    await expect(oauthUseCases(core).authorizeCall.execute({ request: apiCallRequest(core, consumer, accessToken), resources: [R.orders] })).resolves.toEqual({
      integrationId: id,
      name: 'Shipping Bridge',
    });
  });

  it('when the third party already used the verifier before the POST failed, the newer state stands', async () => {
    const { core, exchange } = aCore();
    const id = await anIntegration(core, HANDSHAKE_URLS);
    const issued: Array<{ token: string; secret: string }> = [];
    exchange.onPost = async (post) => {
      // The third party asks for its request token at once, then its answer to the POST fails.
      issued.push(await oauthUseCases(core).requestToken.execute(requestTokenRequest(core, { key: post.consumerKey, secret: post.consumerSecret })));
      throw new CallbackRefusedError();
    };

    await expect(core.portcullis.integrations.activate({ id })).rejects.toMatchObject(CALLBACK_FAILED);

    const [requestToken] = issued;
    if (requestToken === undefined) throw new Error('the request token was not issued');
    expect((await core.tokens.listByIntegrationId(id)).map((token) => token.toSnapshot())).toEqual([
      expect.objectContaining({ type: 'request', token: requestToken.token, secret: requestToken.secret }),
    ]);
    expect((await core.integrations.findById(id))?.toSnapshot()).toMatchObject({ status: 'inactive', exchangeStartedAt: core.clock.now() });
    expect(storedNonces(core)).toHaveLength(1);
    // The third party can finish the handshake.
    const post = exchange.lastFor(id);
    const consumer = { key: post.consumerKey, secret: post.consumerSecret };
    const access = await oauthUseCases(core).accessToken.execute(accessTokenRequest(core, consumer, requestToken, post.verifier));
    expect((await core.integrations.findById(id))?.status).toBe('active');
    await expect(oauthUseCases(core).authorizeCall.execute({ request: apiCallRequest(core, consumer, access), resources: [] })).resolves.toMatchObject({
      integrationId: id,
    });
  });

  // The restore must not write back the image taken before the operation over a change committed
  // while the POST was under way: here a narrowed grant would silently widen again.
  it('keeps an access reduction another admin saved while the POST was under way', async () => {
    const { core, exchange } = aCore();
    const { id, consumer, accessToken } = await aCompletedHandshake(core, exchange, { resources: [R.orders, R.customers] });
    exchange.onPost = async () => {
      await core.portcullis.integrations.update({ id, resourceAccess: 'custom', resources: [R.orders] });
      throw new CallbackRefusedError();
    };

    await expect(core.portcullis.integrations.reauthorize({ id })).rejects.toMatchObject(CALLBACK_FAILED);

    // The newer state stands: the narrowed grant, and the reauthorization that removed the old token.
    expect((await core.roles.findByIntegrationId(id))?.grant.toSnapshot()).toEqual({ mode: 'custom', selected: [R.orders], excluded: [] });
    expect((await core.integrations.findById(id))?.status).toBe('inactive');
    await expect(
      oauthUseCases(core).authorizeCall.execute({ request: apiCallRequest(core, consumer, accessToken), resources: [R.customers] }),
    ).rejects.toMatchObject({ code: 'OAUTH.TOKEN_UNKNOWN' });
  });
});
