import { type IntegrationDeclarationPart } from '../../../src/application/config-sync/config-declarations';
import { DOMAIN_EVENT_SUBSCRIPTIONS, type DomainEventSubscriptions, type PortcullisEvent } from '../../../src/application/ports/domain-events.port';
import { R } from '../../support/acl-fixtures';
import { HANDSHAKE_URLS, anIntegration } from '../../support/integration-fixtures';
import { aCompletedHandshake, aLocallyActivatedIntegration, RecordingExchange } from '../../support/oauth-test-requests';
import { AdminSignInLockout } from '../../../src/application/use-cases/admin-auth/admin-sign-in-lockout.use-case';
import { ADMIN_PASSWORD, anAdmin, testCore, type TestCore, type TestCoreOptions } from '../../support/test-core';

/** The real composition root, with a subscriber that keeps every event published. */
function recordingCore(options: TestCoreOptions = {}): { core: TestCore; published: PortcullisEvent[]; names: () => string[] } {
  const core = testCore(options);
  const published: PortcullisEvent[] = [];
  core.container.get<DomainEventSubscriptions>(DOMAIN_EVENT_SUBSCRIPTIONS).subscribe((event) => {
    published.push(event);
  });
  // Each call empties the list: it returns what was published since the previous one.
  const names = (): string[] => published.splice(0).map((event) => event.name);
  return { core, published, names };
}

/** An integration.xml declaration of "Vendor ERP". */
function erp(resources: readonly string[]): IntegrationDeclarationPart {
  const at = (line: number) => ({ file: '/ext/Vendor_Erp/etc/integration.xml', line, column: 5 });
  return {
    format: 'integration.xml',
    name: { value: 'Vendor ERP', location: at(3) },
    email: { value: 'erp@vendor.example', location: at(4) },
    resources: resources.map((value, index) => ({ value, location: at(8 + index) })),
  };
}

describe('the events use cases publish', () => {
  describe('integrations', () => {
    it('"Save and Activate": the events of the whole unit of work, in the order their aggregates were saved', async () => {
      const { core, published } = recordingCore();
      const { integration } = await core.portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'all', activate: true });

      expect(published.map((event) => [event.name, event.aggregateId, event.payload])).toEqual([
        ['IntegrationCreated', integration.id, { integrationName: 'ERP', setupType: 'manual' }],
        [
          'RoleCreated',
          expect.any(String),
          { roleName: `integration:${integration.id}`, kind: 'integration', integrationId: integration.id, grant: { mode: 'all', selected: [], excluded: [] } },
        ],
        ['AccessTokenIssued', expect.any(String), { integrationId: integration.id, via: 'local' }],
        ['IntegrationActivated', integration.id, { integrationName: 'ERP', via: 'local' }],
      ]);
      expect(published.every((event) => event.occurredAt.getTime() === core.clock.now().getTime())).toBe(true);
    });

    it('publishes nothing for a refused change (its unit of work rolled back)', async () => {
      const { core, names } = recordingCore();
      await anIntegration(core);
      names();
      await expect(anIntegration(core)).rejects.toMatchObject({ code: 'INTEGRATION.NAME_TAKEN' });
      await expect(core.portcullis.integrations.activate({ id: 'missing' })).rejects.toMatchObject({ code: 'INTEGRATION.NOT_FOUND' });
      expect(names()).toEqual([]);
    });

    it('reauthorize, edit (details and grant), revoke, delete', async () => {
      const { core, names } = recordingCore();
      const { id } = await aLocallyActivatedIntegration(core);
      names();

      await core.portcullis.integrations.reauthorize({ id });
      expect(names()).toEqual(['AccessTokenIssued', 'IntegrationReauthorized']);
      await core.portcullis.integrations.update({ id, name: 'Shipping Bridge 2', resourceAccess: 'custom', resources: [R.orders, R.customers] });
      expect(names()).toEqual(['RoleGrantChanged', 'IntegrationDetailsChanged']);
      await core.portcullis.integrations.revoke({ id });
      expect(names()).toEqual(['AccessTokenRevoked', 'IntegrationDeactivated']);
      await core.portcullis.integrations.delete({ id });
      expect(names()).toEqual(['IntegrationDeleted']);
    });

    it('the token exchange: started, then completed by the third party', async () => {
      const exchange = new RecordingExchange();
      const { core, published } = recordingCore({ tokenExchange: exchange });
      const { id } = await aCompletedHandshake(core, exchange);
      expect(published.map((event) => [event.name, event.payload])).toEqual([
        ['IntegrationCreated', expect.anything()],
        ['RoleCreated', expect.anything()],
        ['IntegrationTokenExchangeStarted', { integrationName: 'Shipping Bridge', intent: 'activate' }],
        ['AccessTokenIssued', { integrationId: id, via: 'token-exchange' }],
        ['IntegrationActivated', { integrationName: 'Shipping Bridge', via: 'token-exchange' }],
      ]);
    });

    it('a credentials POST that fails: what was published is undone, and said so', async () => {
      const exchange = new RecordingExchange();
      exchange.onPost = () => Promise.reject(new Error('callback unreachable'));
      const { core, names } = recordingCore({ tokenExchange: exchange });

      await expect(anIntegration(core, { ...HANDSHAKE_URLS, activate: true })).rejects.toThrow();
      expect(names()).toEqual(['IntegrationCreated', 'RoleCreated', 'IntegrationTokenExchangeStarted', 'IntegrationTokenExchangeFailed', 'IntegrationDeleted']);

      exchange.onPost = () => Promise.resolve();
      const id = await anIntegration(core, { ...HANDSHAKE_URLS, name: 'Kept' });
      exchange.onPost = () => Promise.reject(new Error('callback unreachable'));
      names();
      await expect(core.portcullis.integrations.activate({ id })).rejects.toThrow();
      expect(names()).toEqual(['IntegrationTokenExchangeStarted', 'IntegrationTokenExchangeFailed']);
    });
  });

  it('the configuration sync: declared, reset on wider access, orphaned, pruned; nothing on a dry run', async () => {
    const { core, names, published } = recordingCore();
    const sync = (declarations: readonly IntegrationDeclarationPart[], options: { dryRun?: boolean; prune?: boolean } = {}) =>
      core.portcullis.config.sync({ declarations, allowNoDeclarations: true, ...options });

    await sync([erp([R.orders])]);
    expect(published.map((event) => [event.name, event.payload])).toEqual([
      ['IntegrationCreated', { integrationName: 'Vendor ERP', setupType: 'config' }],
      ['RoleCreated', expect.objectContaining({ kind: 'integration' })],
      ['ConfigSyncRan', { created: 1, updated: 0, reset: 0, unchanged: 0, orphaned: 0, deleted: 0 }],
    ]);
    const id = published[0]?.aggregateId ?? '';
    names();
    await core.portcullis.integrations.activate({ id });
    names();

    await sync([erp([R.orders, R.customers])], { dryRun: true });
    expect(names()).toEqual([]);
    await sync([erp([R.orders, R.customers])]);
    expect(names()).toEqual(['AccessTokenRevoked', 'IntegrationResetByConfiguration', 'RoleGrantChanged', 'ConfigSyncRan']);
    await sync([erp([R.orders])]);
    expect(names()).toEqual(['RoleGrantChanged', 'ConfigSyncRan']);
    await sync([]);
    expect(names()).toEqual(['IntegrationOrphaned', 'ConfigSyncRan']);
    await sync([], { prune: true });
    expect(names()).toEqual(['IntegrationDeleted', 'ConfigSyncRan']);
  });

  it('admin roles: created, renamed, grant changed, deleted', async () => {
    const { core, names, published } = recordingCore();
    const role = await core.portcullis.roles.create({ name: 'Support', resourceAccess: 'custom', resources: [R.orders] });
    expect(names()).toEqual(['RoleCreated', 'RoleGrantChanged']);
    await core.portcullis.roles.update({ id: role.id, name: 'Sales Support', resourceAccess: 'all' });
    expect(published.map((event) => [event.name, event.payload])).toEqual([
      ['RoleRenamed', { roleName: 'Sales Support', kind: 'admin', integrationId: null, previousRoleName: 'Support' }],
      [
        'RoleGrantChanged',
        {
          roleName: 'Sales Support',
          kind: 'admin',
          integrationId: null,
          previousGrant: { mode: 'custom', selected: [R.orders], excluded: [] },
          grant: { mode: 'all', selected: [], excluded: [] },
        },
      ],
    ]);
    names();
    await core.portcullis.roles.delete({ id: role.id });
    expect(names()).toEqual(['RoleDeleted']);
  });

  it('admin users: created, changed, deleted', async () => {
    const { core, names } = recordingCore();
    const { userId } = await anAdmin(core, 'jane', 'all');
    const other = await core.portcullis.roles.create({ name: 'Other', resourceAccess: 'all' });
    names();

    await core.portcullis.adminUsers.update({ id: userId, lastName: 'Roe', roleId: other.id, active: false, password: 'another pass 43' });
    expect(names()).toEqual(['AdminUserProfileChanged', 'AdminUserRoleChanged', 'AdminUserDeactivated', 'AdminUserPasswordChanged']);
    await core.portcullis.adminUsers.update({ id: userId, active: true });
    expect(names()).toEqual(['AdminUserActivated']);
    await core.portcullis.adminUsers.delete({ id: userId });
    expect(names()).toEqual(['AdminUserDeleted']);
  });

  it('sign-in: succeeded, failed, and locked (the failure that locks comes after the lock)', async () => {
    const { core, published } = recordingCore({ signInLockout: { maxFailures: 2 } });
    const { userId } = await anAdmin(core, 'jane', 'all');
    published.splice(0);

    await core.portcullis.adminAuth.signIn({ username: 'jane', password: ADMIN_PASSWORD });
    await expect(core.portcullis.adminAuth.signIn({ username: 'nobody', password: 'wrong' })).rejects.toMatchObject({ code: 'ADMIN_AUTH.SIGN_IN_FAILED' });
    await expect(core.portcullis.adminAuth.signIn({ username: 'Jane', password: 'wrong' })).rejects.toMatchObject({ code: 'ADMIN_AUTH.SIGN_IN_FAILED' });
    await expect(core.portcullis.adminAuth.signIn({ username: 'jane', password: 'wrong' })).rejects.toMatchObject({ code: 'ADMIN_AUTH.SIGN_IN_FAILED' });

    expect(published.map((event) => [event.name, event.aggregateId, event.payload])).toEqual([
      ['AdminSignInSucceeded', 'jane', { adminUserId: userId }],
      ['AdminSignInFailed', 'nobody', { adminUserId: null }],
      ['AdminSignInFailed', 'jane', { adminUserId: userId }],
      ['AdminSignInLocked', 'jane', { adminUserId: userId, lockedUntil: new Date(core.clock.now().getTime() + 1800_000) }],
      ['AdminSignInFailed', 'jane', { adminUserId: userId }],
    ]);
  });

  it('sign-in unlocked: AdminSignInUnlocked when failures or a lock were forgotten; nothing when there were none', async () => {
    const { core, published } = recordingCore({ signInLockout: { maxFailures: 2 } });
    const { userId } = await anAdmin(core, 'jane', 'all');
    await anAdmin(core, 'john', 'all');
    for (const _ of [1, 2]) await expect(core.portcullis.adminAuth.signIn({ username: 'jane', password: 'wrong' })).rejects.toThrow();
    const lockedUntil = new Date(core.clock.now().getTime() + 1800_000);
    published.splice(0);

    await core.portcullis.adminUsers.unlock({ id: userId });
    await core.portcullis.adminUsers.unlock({ id: userId });
    await expect(core.portcullis.adminAuth.signIn({ username: 'ghost', password: 'wrong' })).rejects.toThrow();
    await core.container.get(AdminSignInLockout).clear('ghost');

    expect(published.map((event) => [event.name, event.aggregateId, event.payload])).toEqual([
      ['AdminSignInUnlocked', 'jane', { adminUserId: userId, wasLockedUntil: lockedUntil, failures: 2 }],
      ['AdminSignInFailed', 'ghost', { adminUserId: null }],
      ['AdminSignInUnlocked', 'ghost', { adminUserId: null, wasLockedUntil: null, failures: 1 }],
    ]);
  });

  it('credentials viewed: IntegrationCredentialsViewed each time they are shown; nothing when they are refused', async () => {
    const { core, published } = recordingCore();
    const { id } = await aLocallyActivatedIntegration(core);
    published.splice(0);

    await core.portcullis.integrations.credentials({ id });
    await core.portcullis.integrations.credentials({ id });
    expect(published.splice(0).map((event) => [event.name, event.aggregateId, event.payload])).toEqual([
      ['IntegrationCredentialsViewed', id, { integrationName: expect.any(String) as unknown }],
      ['IntegrationCredentialsViewed', id, { integrationName: expect.any(String) as unknown }],
    ]);
    await core.portcullis.integrations.revoke({ id });
    published.splice(0);
    await expect(core.portcullis.integrations.credentials({ id })).rejects.toMatchObject({ code: 'INTEGRATION.NOT_ACTIVATED' });
    expect(published).toEqual([]);
  });

  it('sign-out: AdminSignedOut for the token revoked; none for an unknown or already revoked token', async () => {
    const { core, published } = recordingCore();
    const { userId } = await anAdmin(core, 'jane', 'all');
    const { token } = await core.portcullis.adminAuth.signIn({ username: 'jane', password: ADMIN_PASSWORD });
    published.splice(0);

    await expect(core.portcullis.adminAuth.signOut({ token })).resolves.toEqual({ revoked: true });
    await core.portcullis.adminAuth.signOut({ token });
    await expect(core.portcullis.adminAuth.signOut({ token: 'x'.repeat(32) })).resolves.toEqual({ revoked: false });

    expect(published.map((event) => [event.name, event.aggregateId, event.payload])).toEqual([['AdminSignedOut', userId, { adminUserId: userId }]]);
  });

  it('never carries a secret: consumer secret, token, token secret, password or its digest', async () => {
    const { core, published } = recordingCore();
    const { userId } = await anAdmin(core, 'jane', 'all');
    const { signIn } = core.portcullis.adminAuth;
    const { token } = await signIn({ username: 'jane', password: ADMIN_PASSWORD });
    const { id, consumer, accessToken } = await aLocallyActivatedIntegration(core);
    await core.portcullis.integrations.credentials({ id });
    await core.portcullis.integrations.revoke({ id });
    await core.portcullis.integrations.delete({ id });
    const digest = (await core.adminUsers.findById(userId))?.passwordHash ?? 'no digest';

    const text = JSON.stringify(published);
    for (const secret of [consumer.secret, accessToken.token, accessToken.secret, token, ADMIN_PASSWORD, digest]) expect(text).not.toContain(secret);
  });
});
