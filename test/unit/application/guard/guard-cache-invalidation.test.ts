import { InMemoryOAuthTokenRepository } from '../../../../src/adapters/in-memory/in-memory-oauth-token.repository';
import { AuthorizeRequest, type GuardRequest } from '../../../../src/application/guard/authorize-request.use-case';
import { GUARD_SETTINGS } from '../../../../src/application/guard/guard.settings';
import { R } from '../../../support/acl-fixtures';
import { aLocallyActivatedIntegration, PORTCULLIS_BASE_URL } from '../../../support/oauth-test-requests';
import { ADMIN_PASSWORD, aSignedInAdmin, testCore, type TestCore } from '../../../support/test-core';

/**
 * The guard reads through a cache (GuardSettings.cacheTtlMs, 1 s here; the test clock stands
 * still unless told). A change committed by this process empties it: the very next request sees
 * the change. A change it is not told of (another process's) is seen once the TTL has passed.
 */
const bearer = (token: string): GuardRequest => ({ method: 'GET', url: '/rest/V1/orders', headers: { authorization: `Bearer ${token}` }, baseUrl: PORTCULLIS_BASE_URL });

function cachedGuard(): { core: TestCore; guard: AuthorizeRequest } {
  const core = testCore({ override: (c) => c.rebindSync(GUARD_SETTINGS).toConstantValue({ integrationBearer: true, lastUsedIntervalSeconds: 60, cacheTtlMs: 1000 }) });
  return { core, guard: core.container.get(AuthorizeRequest) };
}

describe('the guard cache, emptied by the events of a change', () => {
  it('refuses a token revoked by this process at once, within the TTL', async () => {
    const { core, guard } = cachedGuard();
    const { id, accessToken } = await aLocallyActivatedIntegration(core);
    await expect(guard.execute(bearer(accessToken.token), [])).resolves.toMatchObject({ kind: 'integration' });

    await core.portcullis.integrations.revoke({ id });

    await expect(guard.execute(bearer(accessToken.token), [])).rejects.toMatchObject({ code: 'OAUTH.TOKEN_REVOKED' });
  });

  it('applies a grant narrowed, a reauthorization and a deletion at once', async () => {
    const { core, guard } = cachedGuard();
    const { id, accessToken } = await aLocallyActivatedIntegration(core, { resourceAccess: 'custom', resources: [R.orders, R.customers] });
    await expect(guard.execute(bearer(accessToken.token), [R.customers])).resolves.toMatchObject({ kind: 'integration' });

    await core.portcullis.integrations.update({ id, resourceAccess: 'custom', resources: [R.orders] });
    await expect(guard.execute(bearer(accessToken.token), [R.customers])).rejects.toMatchObject({ code: 'ACCESS.DENIED' });

    const { activation } = await core.portcullis.integrations.reauthorize({ id });
    await expect(guard.execute(bearer(accessToken.token), [])).rejects.toMatchObject({ code: 'GUARD.UNAUTHENTICATED' });
    if (activation.mode !== 'local') throw new Error('expected a local reauthorization');
    const renewed = activation.credentials.accessToken;
    await expect(guard.execute(bearer(renewed), [R.orders])).resolves.toMatchObject({ kind: 'integration' });

    await core.portcullis.integrations.delete({ id });
    await expect(guard.execute(bearer(renewed), [])).rejects.toMatchObject({ code: 'GUARD.UNAUTHENTICATED' });
  });

  it('refuses an admin deactivated by this process at once', async () => {
    const { core, guard } = cachedGuard();
    const { token, userId } = await aSignedInAdmin(core, 'jane', { resources: [R.orders] });
    await expect(guard.execute(bearer(token), [R.orders])).resolves.toMatchObject({ kind: 'admin' });

    await core.portcullis.adminUsers.update({ id: userId, active: false });

    await expect(guard.execute(bearer(token), [R.orders])).rejects.toMatchObject({ code: 'ADMIN_AUTH.TOKEN_INVALID' });
  });

  it('still uses what it read for up to the TTL when not told of a change (another process), and a failed sign-in does not empty it', async () => {
    const { core, guard } = cachedGuard();
    const { id, accessToken } = await aLocallyActivatedIntegration(core);
    await aSignedInAdmin(core, 'jane', 'all');
    await expect(guard.execute(bearer(accessToken.token), [])).resolves.toMatchObject({ kind: 'integration' });

    // Another process revokes the token: written to the shared store, no event in this process.
    const elsewhere = new InMemoryOAuthTokenRepository(core.database);
    const [token] = await elsewhere.listByIntegrationId(id);
    token?.revoke(core.clock.now());
    if (token !== undefined) await elsewhere.save(token);
    // Anyone may fail a sign-in: that must not empty the cache.
    await expect(core.portcullis.adminAuth.signIn({ username: 'jane', password: `${ADMIN_PASSWORD}!` })).rejects.toMatchObject({
      code: 'ADMIN_AUTH.SIGN_IN_FAILED',
    });

    await expect(guard.execute(bearer(accessToken.token), [])).resolves.toMatchObject({ kind: 'integration' });
    core.clock.advance(1);
    await expect(guard.execute(bearer(accessToken.token), [])).rejects.toMatchObject({ code: 'OAUTH.TOKEN_REVOKED' });
  });
});
