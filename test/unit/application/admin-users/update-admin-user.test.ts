import { R } from '../../../support/acl-fixtures';
import { fastPasswordHasher } from '../../../support/deterministic-ports';
import { anAdmin, testCore, type TestCore } from '../../../support/test-core';

const OLD_PASSWORD = 'correct horse 42';

async function storedOf(core: TestCore, id: string) {
  const user = await core.adminUsers.findById(id);
  if (user === null) throw new Error(`no user ${id}`);
  return user.toSnapshot();
}

async function aRole(core: TestCore, name: string, resources: readonly string[]): Promise<string> {
  return (await core.portcullis.roles.create({ name, resourceAccess: 'custom', resources })).id;
}

describe('UpdateAdminUser', () => {
  describe('profile', () => {
    it('changes the given fields only (trimmed) and moves updatedAt', async () => {
      const core = testCore();
      const { userId } = await anAdmin(core, 'sally', { resources: [R.orders] });
      const before = await storedOf(core, userId);
      core.clock.advance(30);

      const view = await core.portcullis.adminUsers.update({ id: userId, firstName: ' Sally ', email: ' sally@shop.example ' });

      expect(view).toEqual({
        id: userId,
        username: 'sally',
        firstName: 'Sally',
        lastName: before.lastName,
        email: 'sally@shop.example',
        active: true,
        roleId: before.roleId,
        createdAt: before.createdAt,
        updatedAt: core.clock.now(),
      });
      expect(await storedOf(core, userId)).toEqual({ ...before, firstName: 'Sally', email: 'sally@shop.example', updatedAt: core.clock.now() });
    });

    it('refuses a bad email naming the field, and keeps the old one', async () => {
      const core = testCore();
      const { userId } = await anAdmin(core, 'sally', { resources: [R.orders] });

      await expect(core.portcullis.adminUsers.update({ id: userId, email: 'nope' })).rejects.toMatchObject({
        code: 'VALIDATION.EMAIL_INVALID',
        parameters: { field: 'email' },
      });
      await expect(core.portcullis.adminUsers.update({ id: userId, lastName: '' })).rejects.toMatchObject({
        code: 'VALIDATION.REQUIRED',
        parameters: { field: 'lastName' },
      });
      expect(await storedOf(core, userId)).toMatchObject({ email: 'sally@example.com', lastName: 'Admin' });
    });

    it('refuses an unknown user with ADMIN_USER.NOT_FOUND', async () => {
      const core = testCore();

      await expect(core.portcullis.adminUsers.update({ id: 'missing', firstName: 'X' })).rejects.toMatchObject({
        code: 'ADMIN_USER.NOT_FOUND',
        parameters: { id: 'missing' },
      });
    });
  });

  describe('password reset', () => {
    it('stores a new digest that verifies the new password and not the old one', async () => {
      const core = testCore();
      const { userId } = await anAdmin(core, 'sally', { resources: [R.orders] });

      const view = await core.portcullis.adminUsers.update({ id: userId, password: 'n3w-secret' });

      const digest = (await storedOf(core, userId)).passwordHash;
      expect(digest).not.toContain('n3w-secret');
      expect(await fastPasswordHasher().verify('n3w-secret', digest)).toBe(true);
      expect(await fastPasswordHasher().verify(OLD_PASSWORD, digest)).toBe(false);
      expect(view).not.toHaveProperty('passwordHash');
    });

    it('refuses a weak password with ADMIN_USER.PASSWORD_WEAK, without echoing it, and keeps the old digest', async () => {
      const core = testCore();
      const { userId } = await anAdmin(core, 'sally', { resources: [R.orders] });
      const before = await storedOf(core, userId);

      const attempt = core.portcullis.adminUsers.update({ id: userId, firstName: 'Changed', password: 'onlyletters' });

      await expect(attempt).rejects.toMatchObject({ code: 'ADMIN_USER.PASSWORD_WEAK' });
      await expect(attempt).rejects.not.toThrow('onlyletters');
      expect(await storedOf(core, userId)).toEqual(before);
    });
  });

  describe('role', () => {
    it('assigns another admin role', async () => {
      const core = testCore();
      const { userId } = await anAdmin(core, 'sally', { resources: [R.orders] });
      const customers = await aRole(core, 'Customers', [R.customers]);

      const view = await core.portcullis.adminUsers.update({ id: userId, roleId: customers });

      expect(view.roleId).toBe(customers);
      expect((await storedOf(core, userId)).roleId).toBe(customers);
    });

    it('refuses an unknown role or an integration\'s role with ROLE.NOT_FOUND', async () => {
      const core = testCore();
      const { userId, roleId } = await anAdmin(core, 'sally', { resources: [R.orders] });
      const { integration } = await core.portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'custom' });
      const integrationRoleId = (await core.roles.findByIntegrationId(integration.id))?.id ?? 'missing';

      await expect(core.portcullis.adminUsers.update({ id: userId, roleId: 'missing' })).rejects.toMatchObject({ code: 'ROLE.NOT_FOUND' });
      await expect(core.portcullis.adminUsers.update({ id: userId, roleId: integrationRoleId })).rejects.toMatchObject({ code: 'ROLE.NOT_FOUND' });
      expect((await storedOf(core, userId)).roleId).toBe(roleId);
    });

    it('refuses to assign a role above the actor with ACCESS.PRIVILEGE_ESCALATION', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
      const bob = await anAdmin(core, 'bob', { resources: [R.capture] });
      const customers = await aRole(core, 'Customers', [R.customers]);

      await expect(core.portcullis.adminUsers.update({ actor, id: bob.userId, roleId: customers })).rejects.toMatchObject({
        code: 'ACCESS.PRIVILEGE_ESCALATION',
        parameters: { resources: [R.customers] },
      });
      expect((await storedOf(core, bob.userId)).roleId).toBe(bob.roleId);
    });

    it('lets an admin move a user between roles within their access', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
      const bob = await anAdmin(core, 'bob', { resources: [R.capture] });
      const create = await aRole(core, 'Create', [R.create]);

      expect((await core.portcullis.adminUsers.update({ actor, id: bob.userId, roleId: create })).roleId).toBe(create);
    });
  });

  describe('activation', () => {
    it('deactivates and reactivates a user', async () => {
      const core = testCore();
      const { userId } = await anAdmin(core, 'sally', { resources: [R.orders] });

      expect((await core.portcullis.adminUsers.update({ id: userId, active: false })).active).toBe(false);
      expect((await storedOf(core, userId)).active).toBe(false);
      expect((await core.portcullis.adminUsers.update({ id: userId, active: true })).active).toBe(true);
      expect((await storedOf(core, userId)).active).toBe(true);
    });

    it('keeps the state when asked for the state it already has', async () => {
      const core = testCore();
      const { userId } = await anAdmin(core, 'sally', { resources: [R.orders] });

      expect((await core.portcullis.adminUsers.update({ id: userId, active: true })).active).toBe(true);
    });
  });

  describe('oneself', () => {
    it('refuses self-deactivation with ADMIN_USER.SELF_CHANGE', async () => {
      const core = testCore();
      const { actor, userId } = await anAdmin(core, 'root', 'all');

      await expect(core.portcullis.adminUsers.update({ actor, id: userId, active: false })).rejects.toMatchObject({ code: 'ADMIN_USER.SELF_CHANGE' });
      expect((await storedOf(core, userId)).active).toBe(true);
    });

    it('refuses changing one\'s own role with ADMIN_USER.SELF_CHANGE', async () => {
      const core = testCore();
      const { actor, userId, roleId } = await anAdmin(core, 'root', 'all');
      const other = await aRole(core, 'Orders', [R.orders]);

      await expect(core.portcullis.adminUsers.update({ actor, id: userId, roleId: other })).rejects.toMatchObject({ code: 'ADMIN_USER.SELF_CHANGE' });
      expect((await storedOf(core, userId)).roleId).toBe(roleId);
    });

    it('lets admins edit their own profile and password, and name their current role', async () => {
      const core = testCore();
      const { actor, userId, roleId } = await anAdmin(core, 'sally', { resources: [R.orders] });

      const view = await core.portcullis.adminUsers.update({ actor, id: userId, lastName: 'Seller', password: 'an0ther-one', roleId, active: true });

      expect(view).toMatchObject({ lastName: 'Seller', roleId, active: true });
      expect(await fastPasswordHasher().verify('an0ther-one', (await storedOf(core, userId)).passwordHash)).toBe(true);
    });
  });

  describe('users above the actor', () => {
    it('refuses to edit a user whose role is above the actor with ACCESS.PRIVILEGE_ESCALATION, and changes nothing', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
      const root = await anAdmin(core, 'root', 'all');
      const before = await storedOf(core, root.userId);

      for (const change of [{ firstName: 'Pwned' }, { password: 'h4ck3d-it' }, { active: false }] as const) {
        await expect(core.portcullis.adminUsers.update({ actor, id: root.userId, ...change })).rejects.toMatchObject({
          code: 'ACCESS.PRIVILEGE_ESCALATION',
        });
      }
      expect(await storedOf(core, root.userId)).toEqual(before);
    });

    it('names the user and the resources in the message', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
      const carl = await anAdmin(core, 'carl', { resources: [R.customers] });

      await expect(core.portcullis.adminUsers.update({ actor, id: carl.userId, firstName: 'X' })).rejects.toThrow(
        /user "carl".*Magento_Customer::customer/,
      );
    });
  });
});
