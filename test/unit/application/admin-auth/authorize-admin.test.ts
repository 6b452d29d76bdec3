import { adminActor } from '../../../../src/application/access/actor';
import { AccessDeniedError } from '../../../../src/domain/admin-session/admin-session.errors';
import { PortcullisResource } from '../../../../src/domain/acl/portcullis-resources';
import { R } from '../../../support/acl-fixtures';
import { aSignedInAdmin, testCore, type TestCore } from '../../../support/test-core';

async function denialOf(attempt: Promise<unknown>): Promise<AccessDeniedError> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof AccessDeniedError) return error;
    throw error;
  }
  throw new Error('expected ACCESS.DENIED');
}

describe('AuthorizeAdmin', () => {
  describe('the token', () => {
    it.each([
      ['no token', undefined],
      ['an empty token', ''],
    ])('refuses %s with ADMIN_AUTH.TOKEN_INVALID', async (_case, token) => {
      const core = testCore();

      await expect(core.portcullis.adminAuth.authorize({ token, resources: [] })).rejects.toMatchObject({
        name: 'AdminTokenInvalidError',
        code: 'ADMIN_AUTH.TOKEN_INVALID',
        parameters: { reason: 'no bearer token was sent' },
      });
    });

    it('refuses a token never issued', async () => {
      const core = testCore();
      await aSignedInAdmin(core, 'sally', 'all');

      await expect(core.portcullis.adminAuth.authorize({ token: 'z'.repeat(32), resources: [] })).rejects.toMatchObject({
        code: 'ADMIN_AUTH.TOKEN_INVALID',
        parameters: { reason: 'the token is unknown' },
      });
    });

    it('refuses a revoked token', async () => {
      const core = testCore();
      const { token } = await aSignedInAdmin(core, 'sally', 'all');
      await core.portcullis.adminAuth.signOut({ token });

      await expect(core.portcullis.adminAuth.authorize({ token, resources: [] })).rejects.toMatchObject({
        code: 'ADMIN_AUTH.TOKEN_INVALID',
        parameters: { reason: 'the token was revoked' },
      });
    });

    it('accepts a token until just before its lifetime ends, and refuses it from then on', async () => {
      const core = testCore();
      const { token, userId } = await aSignedInAdmin(core, 'sally', 'all');

      core.clock.advance(14400 - 1);
      expect((await core.portcullis.adminAuth.authorize({ token, resources: [] })).adminUserId).toBe(userId);
      core.clock.advance(1);

      await expect(core.portcullis.adminAuth.authorize({ token, resources: [] })).rejects.toMatchObject({
        code: 'ADMIN_AUTH.TOKEN_INVALID',
        parameters: { reason: 'the token has expired' },
      });
    });

    it('expires tokens after the configured lifetime', async () => {
      const core = testCore({ adminTokenLifetimeSeconds: 60 });
      const { token } = await aSignedInAdmin(core, 'sally', 'all');

      core.clock.advance(60);

      await expect(core.portcullis.adminAuth.authorize({ token, resources: [] })).rejects.toMatchObject({
        parameters: { reason: 'the token has expired' },
      });
    });

    it('refuses the token of a user found inactive, even when the token itself is still valid', async () => {
      const core = testCore();
      const { token, userId } = await aSignedInAdmin(core, 'sally', 'all');
      const user = await core.adminUsers.findById(userId);
      if (user === null) throw new Error('no user');
      user.deactivate(core.clock.now());
      await core.adminUsers.save(user);

      await expect(core.portcullis.adminAuth.authorize({ token, resources: [] })).rejects.toMatchObject({
        code: 'ADMIN_AUTH.TOKEN_INVALID',
        parameters: { reason: 'the user is inactive or was deleted' },
      });
      expect((await core.adminTokens.findByToken(token))?.revoked).toBe(false);
    });

    it('refuses the token of a user no longer stored', async () => {
      const core = testCore();
      const { token, userId } = await aSignedInAdmin(core, 'sally', 'all');
      // Behind the repository's back: its delete takes the user's tokens along (AdminUserRepository).
      core.database.tables.adminUsers.delete(userId);

      await expect(core.portcullis.adminAuth.authorize({ token, resources: [] })).rejects.toMatchObject({
        parameters: { reason: 'the user is inactive or was deleted' },
      });
    });

    it.each([
      ['deactivated', async (core: TestCore, id: string) => void (await core.portcullis.adminUsers.update({ id, active: false }))],
      ['deleted', async (core: TestCore, id: string) => core.portcullis.adminUsers.delete({ id })],
    ])('refuses the token of a user %s through the admin use cases', async (_case, change) => {
      const core = testCore();
      const { token, userId } = await aSignedInAdmin(core, 'sally', 'all');
      await change(core, userId);

      await expect(core.portcullis.adminAuth.authorize({ token, resources: [] })).rejects.toMatchObject({ code: 'ADMIN_AUTH.TOKEN_INVALID' });
    });

    it('refuses the token of a user whose role was deleted', async () => {
      const core = testCore();
      const { token, roleId } = await aSignedInAdmin(core, 'sally', 'all');
      await core.roles.delete(roleId);

      await expect(core.portcullis.adminAuth.authorize({ token, resources: [] })).rejects.toMatchObject({
        code: 'ADMIN_AUTH.TOKEN_INVALID',
        parameters: { reason: 'the user has no role' },
      });
    });
  });

  describe('the resources', () => {
    it('returns the principal: actor, user, username, role and grant', async () => {
      const core = testCore();
      const { token, userId, roleId } = await aSignedInAdmin(core, 'sally', { resources: [R.orders] });

      const principal = await core.portcullis.adminAuth.authorize({ token, resources: [R.orders] });

      expect(principal).toMatchObject({ actor: adminActor(userId), adminUserId: userId, username: 'sally', roleId });
      expect(principal.grant.toSnapshot()).toEqual({ mode: 'custom', selected: [R.orders], excluded: [] });
    });

    it('needs no resource for a signed-in-only operation', async () => {
      const core = testCore();
      const { token, userId } = await aSignedInAdmin(core, 'sally', { resources: [] });

      expect((await core.portcullis.adminAuth.authorize({ token, resources: [] })).adminUserId).toBe(userId);
    });

    it('lets a selected parent resource imply its children', async () => {
      const core = testCore();
      const { token } = await aSignedInAdmin(core, 'sally', { resources: [R.sales, PortcullisResource.root] });

      const principal = await core.portcullis.adminAuth.authorize({
        token,
        resources: [R.capture, R.invoices, PortcullisResource.integrations, PortcullisResource.adminUsers],
      });

      expect(principal.username).toBe('sally');
    });

    it('refuses a child excluded under a selected parent', async () => {
      const core = testCore();
      const { token } = await aSignedInAdmin(core, 'sally', { resources: [R.sales], excluded: [R.actions] });

      const error = await denialOf(core.portcullis.adminAuth.authorize({ token, resources: [R.orders, R.capture] }));

      expect(error.missing).toEqual([R.capture]);
    });

    it('names every missing resource, in the order asked, with ACCESS.DENIED', async () => {
      const core = testCore();
      const { token } = await aSignedInAdmin(core, 'sally', { resources: [R.orders] });
      const asked = [PortcullisResource.roles, R.capture, R.customers, R.orders, PortcullisResource.integrations];

      const error = await denialOf(core.portcullis.adminAuth.authorize({ token, resources: asked }));

      expect(error.code).toBe('ACCESS.DENIED');
      expect(error.missing).toEqual([PortcullisResource.roles, R.customers, PortcullisResource.integrations]);
      expect(error.parameters).toEqual({ resources: `${PortcullisResource.roles}, ${R.customers}, ${PortcullisResource.integrations}` });
      // An admin is told it is their role: "the consumer" is an integration's word (Magento's).
      expect(error.message).toBe(
        `Your role isn't authorized to access ${PortcullisResource.roles}, ${R.customers}, ${PortcullisResource.integrations}.`,
      );
    });

    describe('anyOf: at least one of the resources', () => {
      const readers = [PortcullisResource.acl, PortcullisResource.integrations, PortcullisResource.roles];

      it('lets a role through that allows only one of them', async () => {
        const core = testCore();
        const { token, userId } = await aSignedInAdmin(core, 'sally', { resources: [PortcullisResource.integrations] });

        await expect(core.portcullis.adminAuth.authorize({ token, resources: [], anyOf: readers })).resolves.toMatchObject({ adminUserId: userId });
      });

      it('refuses a role that allows none of them, naming them all', async () => {
        const core = testCore();
        const { token } = await aSignedInAdmin(core, 'sally', { resources: [PortcullisResource.adminUsers, R.orders] });

        const error = await denialOf(core.portcullis.adminAuth.authorize({ token, resources: [], anyOf: readers }));

        expect(error.missing).toEqual(readers);
        expect(error.message).toBe(`Your role isn't authorized to access any of ${readers.join(', ')}.`);
        expect(error.parameters).toEqual({ resources: readers.join(', ') });
      });

      it('still needs every resource of `resources` besides', async () => {
        const core = testCore();
        const { token } = await aSignedInAdmin(core, 'sally', { resources: [PortcullisResource.integrations] });

        const error = await denialOf(core.portcullis.adminAuth.authorize({ token, resources: [R.orders], anyOf: readers }));

        expect(error.missing).toEqual([R.orders]);
      });
    });

    it('lets an All role through for every resource of the tree', async () => {
      const core = testCore();
      const { token } = await aSignedInAdmin(core, 'root', 'all');

      const principal = await core.portcullis.adminAuth.authorize({ token, resources: [...Object.values(R), ...Object.values(PortcullisResource)] });

      expect(principal.grant.isAll).toBe(true);
    });

    it('refuses a resource the tree does not have, even to an All role', async () => {
      const core = testCore();
      const { token } = await aSignedInAdmin(core, 'root', 'all');

      const error = await denialOf(core.portcullis.adminAuth.authorize({ token, resources: ['Vendor_Unknown::thing'] }));

      expect(error.missing).toEqual(['Vendor_Unknown::thing']);
    });

    it('checks the role as it is now, not as it was at sign-in', async () => {
      const core = testCore();
      const { token, roleId } = await aSignedInAdmin(core, 'sally', { resources: [R.orders] });
      await core.portcullis.roles.update({ id: roleId, resourceAccess: 'custom', resources: [R.customers] });

      const error = await denialOf(core.portcullis.adminAuth.authorize({ token, resources: [R.orders, R.customers] }));

      expect(error.missing).toEqual([R.orders]);
    });
  });
});
