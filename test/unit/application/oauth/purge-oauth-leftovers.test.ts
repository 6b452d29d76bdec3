import { NONCE_RETENTION_MARGIN_SECONDS } from '../../../../src/application/oauth/oauth.settings';
import { NONCE_REPOSITORY, type NonceRepository } from '../../../../src/domain/oauth/nonce.repository';
import { testCore, type TestCore } from '../../../support/test-core';
import {
  RecordingExchange,
  aCompletedHandshake,
  aLocallyActivatedIntegration,
  aStartedHandshake,
  nowSeconds,
  oauthUseCases,
  requestTokenRequest,
  storedNonces,
  withOAuthSettings,
} from '../../../support/oauth-test-requests';

const tokenTypes = async (core: TestCore, id: string): Promise<string[]> => (await core.tokens.listByIntegrationId(id)).map((token) => token.type);

describe('PurgeOAuthLeftovers', () => {
  it('deletes nonces with a timestamp older than now - 600 s - the margin, and keeps the rest', async () => {
    const core = testCore();
    const nonces = core.container.get<NonceRepository>(NONCE_REPOSITORY);
    const now = nowSeconds(core);
    await nonces.use('id-a', 'older', now - 600 - NONCE_RETENTION_MARGIN_SECONDS - 1);
    await nonces.use('id-a', 'much-older', now - 100000);
    await nonces.use('id-a', 'edge', now - 600 - NONCE_RETENTION_MARGIN_SECONDS);
    await nonces.use('id-b', 'window', now - 601);
    await nonces.use('id-b', 'recent', now - 1);
    await nonces.use('id-b', 'future', now + 600);

    const result = await oauthUseCases(core).purge.execute();

    expect(result.nonces).toBe(2);
    expect(storedNonces(core).sort()).toEqual(['id-a edge', 'id-b future', 'id-b recent', 'id-b window']);
  });

  it('lets a purged nonce be used again only by a request the timestamp check refuses anyway', async () => {
    const exchange = new RecordingExchange();
    const core = testCore({ tokenExchange: exchange });
    const handshake = await aStartedHandshake(core, exchange);
    const { requestToken, purge } = oauthUseCases(core);
    const timestamp = nowSeconds(core);
    await requestToken.execute(requestTokenRequest(core, handshake.consumer, { nonce: 'old', timestamp }));
    core.clock.advance(600 + NONCE_RETENTION_MARGIN_SECONDS);
    expect((await purge.execute()).nonces).toBe(0);
    core.clock.advance(1);

    expect(await purge.execute()).toEqual({ nonces: 1, unfinishedTokens: 0 });
    expect(storedNonces(core)).toEqual([]);
    await expect(requestToken.execute(requestTokenRequest(core, handshake.consumer, { nonce: 'old', timestamp }))).rejects.toMatchObject({
      code: 'OAUTH.TIMESTAMP_REFUSED',
    });
  });

  it('deletes verifier and request tokens older than the unfinished-token lifetime and keeps access tokens', async () => {
    const exchange = new RecordingExchange();
    const core = testCore({ tokenExchange: exchange });
    const verifierOnly = await aStartedHandshake(core, exchange, { name: 'Verifier Only' });
    const requested = await aStartedHandshake(core, exchange, { name: 'Requested' });
    await oauthUseCases(core).requestToken.execute(requestTokenRequest(core, requested.consumer));
    const exchanged = await aCompletedHandshake(core, exchange, { name: 'Exchanged' });
    const local = await aLocallyActivatedIntegration(core, { name: 'Local' });
    core.clock.advance(1);
    const youngest = await aStartedHandshake(core, exchange, { name: 'Youngest' });
    core.clock.advance(7200);
    // Now: the first four are 7201 s old; `youngest` exactly 7200 s (the default lifetime), so it stays.

    const result = await oauthUseCases(core).purge.execute();

    expect(result.unfinishedTokens).toBe(2);
    expect(await tokenTypes(core, verifierOnly.id)).toEqual([]);
    expect(await tokenTypes(core, requested.id)).toEqual([]);
    expect(await tokenTypes(core, exchanged.id)).toEqual(['access']);
    expect(await tokenTypes(core, local.id)).toEqual(['access']);
    expect(await tokenTypes(core, youngest.id)).toEqual(['verifier']);
    expect(await core.tokens.findByToken(exchanged.accessToken.token)).not.toBeNull();
  });

  it('counts the age of a request token from when it was issued', async () => {
    const exchange = new RecordingExchange();
    const core = testCore({ tokenExchange: exchange });
    const handshake = await aStartedHandshake(core, exchange);
    core.clock.advance(100);
    await oauthUseCases(core).requestToken.execute(requestTokenRequest(core, handshake.consumer));
    core.clock.advance(7200);

    expect((await oauthUseCases(core).purge.execute()).unfinishedTokens).toBe(0);
    core.clock.advance(1);
    expect((await oauthUseCases(core).purge.execute()).unfinishedTokens).toBe(1);
    expect(await tokenTypes(core, handshake.id)).toEqual([]);
  });

  it('keeps revoked access tokens (they stay for the audit trail)', async () => {
    const core = testCore();
    const { id } = await aLocallyActivatedIntegration(core);
    await oauthUseCases(core).revoke.execute({ id });
    core.clock.advance(100000);

    expect(await oauthUseCases(core).purge.execute()).toEqual({ nonces: 0, unfinishedTokens: 0 });
    expect((await core.tokens.listByIntegrationId(id)).map((token) => token.isRevoked)).toEqual([true]);
  });

  it('follows the configured lifetime and returns both counts', async () => {
    const exchange = new RecordingExchange();
    const core = testCore({ tokenExchange: exchange, override: withOAuthSettings({ unfinishedTokenLifetimeSeconds: 60 }) });
    const handshake = await aStartedHandshake(core, exchange);
    await oauthUseCases(core).requestToken.execute(requestTokenRequest(core, handshake.consumer));
    core.clock.advance(601 + NONCE_RETENTION_MARGIN_SECONDS);

    expect(await oauthUseCases(core).purge.execute()).toEqual({ nonces: 1, unfinishedTokens: 1 });
    expect(await oauthUseCases(core).purge.execute()).toEqual({ nonces: 0, unfinishedTokens: 0 });
  });
});
