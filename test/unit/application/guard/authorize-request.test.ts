import { AuthorizeRequest, type GuardRequest } from '../../../../src/application/guard/authorize-request.use-case';
import { GUARD_SETTINGS } from '../../../../src/application/guard/guard.settings';
import { R } from '../../../support/acl-fixtures';
import { aLocallyActivatedIntegration, PORTCULLIS_BASE_URL, signedRequest, type ConsumerCredentials } from '../../../support/oauth-test-requests';
import { type TokenPair } from '../../../../src/application/oauth/token-pair';
import { OAuthToken } from '../../../../src/domain/token/oauth-token.aggregate';
import { aSignedInAdmin, testCore, type TestCore } from '../../../support/test-core';

/** What a framework hands the guard for an OAuth-signed call by `oauth-1.0a`. */
function signedGuardRequest(core: TestCore, consumer: ConsumerCredentials, accessToken: TokenPair, extra: { rawQuery?: string; form?: Record<string, string> } = {}): GuardRequest {
  const signed = signedRequest(core, { consumer, token: accessToken, method: 'GET', path: '/rest/V1/orders', ...extra });
  return {
    method: signed.method,
    url: `${signed.path}${signed.rawQuery === '' ? '' : `?${signed.rawQuery}`}`,
    headers: { Authorization: signed.authorization ?? '' },
    ...(signed.formBody !== undefined ? { formBody: signed.formBody } : {}),
    baseUrl: PORTCULLIS_BASE_URL,
  };
}

const bearer = (token: string): GuardRequest => ({ method: 'GET', url: '/rest/V1/orders', headers: { authorization: `Bearer ${token}` }, baseUrl: PORTCULLIS_BASE_URL });

function guardOf(core: TestCore): AuthorizeRequest {
  return core.container.get(AuthorizeRequest);
}

describe('AuthorizeRequest (the guard)', () => {
  it('lets anything through an anonymous route, credentials or not', async () => {
    const core = testCore();
    await expect(guardOf(core).execute({ method: 'GET', url: '/', headers: {}, baseUrl: PORTCULLIS_BASE_URL }, 'anonymous')).resolves.toEqual({ kind: 'anonymous' });
    await expect(guardOf(core).execute(bearer('garbage'), 'anonymous')).resolves.toEqual({ kind: 'anonymous' });
  });

  it('authenticates an OAuth-signed call (header name in any case, query signed) and checks the grant', async () => {
    const core = testCore();
    const { id, consumer, accessToken } = await aLocallyActivatedIntegration(core, { resourceAccess: 'custom', resources: [R.orders] });

    await expect(guardOf(core).execute(signedGuardRequest(core, consumer, accessToken, { rawQuery: 'a=1&b=%2F' }), [R.orders, R.cancel])).resolves.toEqual({
      kind: 'integration',
      integrationId: id,
      name: 'Shipping Bridge',
    });
    await expect(guardOf(core).execute(signedGuardRequest(core, consumer, accessToken), [R.customers, R.orders])).rejects.toMatchObject({
      code: 'ACCESS.DENIED',
      parameters: { resources: R.customers },
    });
  });

  it('refuses without credentials and with another scheme (401 GUARD.UNAUTHENTICATED)', async () => {
    const core = testCore();
    await expect(guardOf(core).execute({ method: 'GET', url: '/x', headers: {}, baseUrl: PORTCULLIS_BASE_URL }, [])).rejects.toMatchObject({
      code: 'GUARD.UNAUTHENTICATED',
      parameters: { reason: 'the request has no Authorization header' },
    });
    await expect(guardOf(core).execute({ method: 'GET', url: '/x', headers: { authorization: 'Basic eDp5' }, baseUrl: PORTCULLIS_BASE_URL }, [])).rejects.toMatchObject({
      code: 'GUARD.UNAUTHENTICATED',
    });
    await expect(guardOf(core).execute(bearer('u'.repeat(32)), [])).rejects.toMatchObject({ code: 'GUARD.UNAUTHENTICATED', parameters: { reason: 'the bearer token is unknown' } });
  });

  it('accepts an admin bearer token within the admin role and refuses outside it', async () => {
    const core = testCore();
    const { token, userId } = await aSignedInAdmin(core, 'jane', { resources: [R.orders] });
    await expect(guardOf(core).execute(bearer(token), [R.orders])).resolves.toEqual({ kind: 'admin', adminUserId: userId, username: 'jane' });
    await expect(guardOf(core).execute(bearer(token), [R.customers])).rejects.toMatchObject({ code: 'ACCESS.DENIED' });
    await core.portcullis.adminAuth.signOut({ token });
    // The guard may use what it read for up to its cache TTL (1 s), not longer.
    core.clock.advance(1);
    await expect(guardOf(core).execute(bearer(token), [R.orders])).rejects.toMatchObject({ code: 'ADMIN_AUTH.TOKEN_INVALID' });
  });

  it('refuses an integration access token as bearer while that use is off (the default), saying so', async () => {
    const core = testCore();
    const { accessToken } = await aLocallyActivatedIntegration(core);
    await expect(guardOf(core).execute(bearer(accessToken.token), [])).rejects.toMatchObject({
      code: 'GUARD.INTEGRATION_BEARER_DISABLED',
      message: 'Bearer use of integration tokens is disabled',
    });
  });

  describe('with integration bearer tokens enabled', () => {
    const enabled = (): TestCore =>
      testCore({ override: (c) => c.rebindSync(GUARD_SETTINGS).toConstantValue({ integrationBearer: true, lastUsedIntervalSeconds: 60, cacheTtlMs: 1000 }) });

    it('accepts the access token within the grant; 403 outside it', async () => {
      const core = enabled();
      const { id, accessToken } = await aLocallyActivatedIntegration(core, { resourceAccess: 'custom', resources: [R.orders] });
      await expect(guardOf(core).execute(bearer(accessToken.token), [R.orders])).resolves.toMatchObject({ kind: 'integration', integrationId: id });
      await expect(guardOf(core).execute(bearer(accessToken.token), [R.customers])).rejects.toMatchObject({ code: 'ACCESS.DENIED' });
    });

    it('refuses a revoked token and an inactive integration', async () => {
      const core = enabled();
      const { id, accessToken } = await aLocallyActivatedIntegration(core);
      await expect(guardOf(core).execute(bearer(accessToken.token), [])).resolves.toMatchObject({ kind: 'integration' });
      await core.portcullis.integrations.revoke({ id });
      core.clock.advance(1);
      await expect(guardOf(core).execute(bearer(accessToken.token), [])).rejects.toMatchObject({ code: 'OAUTH.TOKEN_REVOKED' });
    });

    it('never takes a request or verifier token for an access token', async () => {
      const core = enabled();
      const { id } = await aLocallyActivatedIntegration(core);
      const [access] = await core.tokens.listByIntegrationId(id);
      if (access === undefined) throw new Error('no token');
      // Turn the stored token back into an unfinished one, as during a handshake.
      const snapshot = { ...access.toSnapshot(), type: 'request' as const };
      await core.tokens.save(OAuthToken.restore(snapshot));
      await expect(guardOf(core).execute(bearer(access.token), [])).rejects.toMatchObject({ code: 'GUARD.UNAUTHENTICATED' });
    });
  });

  it('records lastUsedAt on an allowed call, at most once per minute, and not on a refused one', async () => {
    const core = testCore();
    const { id, consumer, accessToken } = await aLocallyActivatedIntegration(core, { resourceAccess: 'custom', resources: [R.orders] });
    const lastUsed = async (): Promise<Date | null> => (await core.integrations.findById(id))?.toSnapshot().lastUsedAt ?? null;

    await expect(guardOf(core).execute(signedGuardRequest(core, consumer, accessToken), [R.customers])).rejects.toMatchObject({ code: 'ACCESS.DENIED' });
    expect(await lastUsed()).toBeNull();

    const first = core.clock.now();
    await guardOf(core).execute(signedGuardRequest(core, consumer, accessToken), [R.orders]);
    expect(await lastUsed()).toEqual(first);
    core.clock.advance(59);
    await guardOf(core).execute(signedGuardRequest(core, consumer, accessToken), [R.orders]);
    expect(await lastUsed()).toEqual(first);
    core.clock.advance(1);
    await guardOf(core).execute(signedGuardRequest(core, consumer, accessToken), [R.orders]);
    expect(await lastUsed()).toEqual(core.clock.now());
  });
});
