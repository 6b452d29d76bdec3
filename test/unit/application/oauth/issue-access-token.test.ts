import { type Container } from 'inversify';
import { InMemoryOAuthTokenRepository } from '../../../../src/adapters/in-memory/in-memory-oauth-token.repository';
import { type InMemoryDatabase } from '../../../../src/adapters/in-memory/in-memory-database';
import { type TokenPair } from '../../../../src/application/oauth/token-pair';
import { IN_MEMORY_DATABASE } from '../../../../src/infrastructure/container/tokens';
import { type OAuthToken } from '../../../../src/domain/token/oauth-token.aggregate';
import { OAUTH_TOKEN_REPOSITORY } from '../../../../src/domain/token/oauth-token.repository';
import { testCore, type TestCore } from '../../../support/test-core';
import { CREDENTIAL } from '../../../support/integration-fixtures';
import {
  RecordingExchange,
  aStartedHandshake,
  accessTokenRequest,
  apiCallRequest,
  oauthUseCases,
  requestTokenRequest,
  storedNonces,
  type StartedHandshake,
} from '../../../support/oauth-test-requests';

interface Issued {
  core: TestCore;
  handshake: StartedHandshake;
  requestToken: TokenPair;
}

async function withRequestToken(options: { override?: (container: Container) => void } = {}): Promise<Issued> {
  const exchange = new RecordingExchange();
  const core = testCore({ tokenExchange: exchange, ...(options.override ? { override: options.override } : {}) });
  const handshake = await aStartedHandshake(core, exchange);
  const requestToken = await oauthUseCases(core).requestToken.execute(requestTokenRequest(core, handshake.consumer));
  return { core, handshake, requestToken };
}

/** Holds `findByToken` callers until `parties` of them are waiting, so concurrent calls both read before either writes. */
class BarrierTokenRepository extends InMemoryOAuthTokenRepository {
  private waiting: Array<() => void> = [];
  parties = 0;

  override async findByToken(token: string): Promise<OAuthToken | null> {
    if (this.parties > 1) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        if (this.waiting.length >= this.parties) {
          for (const release of this.waiting) release();
          this.waiting = [];
          this.parties = 0;
        }
      });
    }
    return super.findByToken(token);
  }
}

describe('IssueAccessToken', () => {
  it('exchanges the request token for an access token in place and makes the integration active', async () => {
    const { core, handshake, requestToken } = await withRequestToken();
    const [row] = await core.tokens.listByIntegrationId(handshake.id);

    const access = await oauthUseCases(core).accessToken.execute(accessTokenRequest(core, handshake.consumer, requestToken, handshake.verifier));

    expect(access.token).toMatch(CREDENTIAL);
    expect(access.secret).toMatch(CREDENTIAL);
    expect((await core.tokens.listByIntegrationId(handshake.id)).map((token) => token.toSnapshot())).toEqual([
      expect.objectContaining({ id: row?.id, type: 'access', token: access.token, secret: access.secret, verifier: null, revoked: false }),
    ]);
    expect((await core.integrations.findById(handshake.id))?.toSnapshot()).toMatchObject({ status: 'active', exchangeStartedAt: null });
    // The new access token authenticates API calls.
    await expect(oauthUseCases(core).authorizeCall.execute({ request: apiCallRequest(core, handshake.consumer, access), resources: [] })).resolves.toEqual({
      integrationId: handshake.id,
      name: 'Shipping Bridge',
    });
  });

  it('refuses a token nobody issued ("Specified token does not exist")', async () => {
    const { core, handshake } = await withRequestToken();

    await expect(
      oauthUseCases(core).accessToken.execute(accessTokenRequest(core, handshake.consumer, { token: 'u'.repeat(32), secret: '' }, handshake.verifier)),
    ).rejects.toMatchObject({ code: 'OAUTH.TOKEN_UNKNOWN', message: 'Specified token does not exist' });
  });

  it("refuses another consumer's request token", async () => {
    const exchange = new RecordingExchange();
    const core = testCore({ tokenExchange: exchange });
    const ours = await aStartedHandshake(core, exchange, { name: 'Ours' });
    const theirs = await aStartedHandshake(core, exchange, { name: 'Theirs' });
    const { requestToken, accessToken } = oauthUseCases(core);
    await requestToken.execute(requestTokenRequest(core, ours.consumer));
    const theirRequestToken = await requestToken.execute(requestTokenRequest(core, theirs.consumer));

    await expect(accessToken.execute(accessTokenRequest(core, ours.consumer, theirRequestToken, theirs.verifier))).rejects.toMatchObject({
      code: 'OAUTH.REQUEST_TOKEN_CONSUMER_MISMATCH',
      message: 'Request token is not associated with the specified consumer',
    });
    expect((await core.integrations.findById(theirs.id))?.status).toBe('inactive');
  });

  describe('a request token already exchanged', () => {
    it('refuses the issued access token offered as the request token ("Token is already being used")', async () => {
      const { core, handshake, requestToken } = await withRequestToken();
      const { accessToken } = oauthUseCases(core);
      const access = await accessToken.execute(accessTokenRequest(core, handshake.consumer, requestToken, handshake.verifier));

      await expect(accessToken.execute(accessTokenRequest(core, handshake.consumer, access, handshake.verifier))).rejects.toMatchObject({
        code: 'OAUTH.TOKEN_USED',
        message: 'Token is already being used',
      });
    });

    it('refuses the old request token replayed (its value was replaced, like Magento: "Specified token does not exist")', async () => {
      const { core, handshake, requestToken } = await withRequestToken();
      const { accessToken } = oauthUseCases(core);
      await accessToken.execute(accessTokenRequest(core, handshake.consumer, requestToken, handshake.verifier));

      await expect(accessToken.execute(accessTokenRequest(core, handshake.consumer, requestToken, handshake.verifier))).rejects.toMatchObject({
        code: 'OAUTH.TOKEN_UNKNOWN',
      });
    });

    it('refuses the verifier token offered as a request token', async () => {
      const exchange = new RecordingExchange();
      const core = testCore({ tokenExchange: exchange });
      const handshake = await aStartedHandshake(core, exchange);
      const [verifierToken] = await core.tokens.listByIntegrationId(handshake.id);

      const request = accessTokenRequest(core, handshake.consumer, { token: verifierToken?.token ?? '', secret: verifierToken?.secret ?? '' }, handshake.verifier);
      await expect(oauthUseCases(core).accessToken.execute(request)).rejects.toMatchObject({ code: 'OAUTH.TOKEN_USED' });
      expect((await core.integrations.findById(handshake.id))?.status).toBe('inactive');
    });
  });

  it.each([31, 33])('refuses a verifier of %i characters ("Verifier is not the correct length")', async (length) => {
    const { core, handshake, requestToken } = await withRequestToken();

    await expect(oauthUseCases(core).accessToken.execute(accessTokenRequest(core, handshake.consumer, requestToken, 'v'.repeat(length)))).rejects.toMatchObject({
      code: 'OAUTH.VERIFIER_LENGTH',
      message: 'Verifier is not the correct length',
    });
  });

  it('refuses a wrong verifier ("Verifier is invalid"), leaving the request token usable', async () => {
    const { core, handshake, requestToken } = await withRequestToken();
    const { accessToken } = oauthUseCases(core);
    const noncesBefore = storedNonces(core);

    await expect(accessToken.execute(accessTokenRequest(core, handshake.consumer, requestToken, 'v'.repeat(32)))).rejects.toMatchObject({
      code: 'OAUTH.VERIFIER_INVALID',
      message: 'Verifier is invalid',
    });
    expect(storedNonces(core)).toEqual(noncesBefore);
    await expect(accessToken.execute(accessTokenRequest(core, handshake.consumer, requestToken, handshake.verifier))).resolves.toBeDefined();
  });

  it('refuses a signature made without the request token secret, spending no nonce', async () => {
    const { core, handshake, requestToken } = await withRequestToken();
    const noncesBefore = storedNonces(core);
    const forged = accessTokenRequest(core, handshake.consumer, { token: requestToken.token, secret: '' }, handshake.verifier, { nonce: 'retry' });

    await expect(oauthUseCases(core).accessToken.execute(forged)).rejects.toMatchObject({ code: 'OAUTH.SIGNATURE_INVALID' });
    expect(storedNonces(core)).toEqual(noncesBefore);
    expect((await core.tokens.findByToken(requestToken.token))?.type).toBe('request');
    await expect(
      oauthUseCases(core).accessToken.execute(accessTokenRequest(core, handshake.consumer, requestToken, handshake.verifier, { nonce: 'retry' })),
    ).resolves.toBeDefined();
  });

  it('gives the access token to exactly one of two concurrent calls with the same request token', async () => {
    let repository: BarrierTokenRepository | null = null;
    const { core, handshake, requestToken } = await withRequestToken({
      override: (c) => {
        repository = new BarrierTokenRepository(c.get<InMemoryDatabase>(IN_MEMORY_DATABASE));
        c.rebindSync(OAUTH_TOKEN_REPOSITORY).toConstantValue(repository);
      },
    });
    if (repository === null) throw new Error('override not applied');
    (repository as BarrierTokenRepository).parties = 2;
    const { accessToken } = oauthUseCases(core);

    const outcomes = await Promise.allSettled([
      accessToken.execute(accessTokenRequest(core, handshake.consumer, requestToken, handshake.verifier, { nonce: 'racer-a' })),
      accessToken.execute(accessTokenRequest(core, handshake.consumer, requestToken, handshake.verifier, { nonce: 'racer-b' })),
    ]);

    const won = outcomes.filter((outcome): outcome is PromiseFulfilledResult<TokenPair> => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toMatchObject({ code: 'OAUTH.TOKEN_USED' });
    const tokens = (await core.tokens.listByIntegrationId(handshake.id)).map((token) => token.toSnapshot());
    expect(tokens).toEqual([expect.objectContaining({ type: 'access', token: won[0]?.value.token, secret: won[0]?.value.secret })]);
    expect((await core.integrations.findById(handshake.id))?.status).toBe('active');
    // The loser's nonce went with its rolled-back unit of work.
    const spent = storedNonces(core).filter((row) => row.includes('racer'));
    expect(spent).toHaveLength(1);
  });
});
