import { adminActor } from '../../../../src/application/access/actor';
import { R } from '../../../support/acl-fixtures';
import { anAdmin, testCore, type TestCore } from '../../../support/test-core';

/** An All admin who has been deactivated (so no access check can fail for another reason). */
async function anInactiveAllAdmin(core: TestCore) {
  const admin = await anAdmin(core, 'former', 'all');
  await core.portcullis.adminUsers.update({ id: admin.userId, active: false });
  return admin;
}

/** An All admin whose role has been deleted. */
async function aRolelessAllAdmin(core: TestCore) {
  const admin = await anAdmin(core, 'orphan', 'all');
  await core.portcullis.roles.delete({ id: admin.roleId });
  return admin;
}

describe('an admin user who cannot act (docs/domain.md: inactive, or role deleted)', () => {
  it('refuses every admin action of an inactive user with ACCESS.ACTOR_NOT_ALLOWED', async () => {
    const core = testCore();
    const { actor } = await anInactiveAllAdmin(core);
    const bob = await anAdmin(core, 'bob', { resources: [R.orders] });
    const role = await core.portcullis.roles.create({ name: 'Capture', resourceAccess: 'custom', resources: [R.capture] });
    const attempts: ReadonlyArray<() => Promise<unknown>> = [
      () => core.portcullis.roles.create({ actor, name: 'New', resourceAccess: 'custom', resources: [R.capture] }),
      () => core.portcullis.roles.update({ actor, id: role.id, name: 'Renamed' }),
      () => core.portcullis.roles.delete({ actor, id: role.id }),
      () =>
        core.portcullis.adminUsers.create({
          actor,
          username: 'newbie',
          firstName: 'New',
          lastName: 'Bie',
          email: 'newbie@example.com',
          password: 'newbie123',
          roleId: role.id,
        }),
      () => core.portcullis.adminUsers.update({ actor, id: bob.userId, firstName: 'Robert' }),
      () => core.portcullis.adminUsers.delete({ actor, id: bob.userId }),
    ];

    for (const attempt of attempts) {
      await expect(attempt()).rejects.toMatchObject({ code: 'ACCESS.ACTOR_NOT_ALLOWED', message: expect.stringContaining('inactive') as unknown });
    }
    expect((await core.portcullis.roles.get({ id: role.id })).name).toBe('Capture');
    expect((await core.portcullis.adminUsers.list()).map((user) => user.username)).toEqual(['bob', 'former']);
    expect((await core.adminUsers.findById(bob.userId))?.toSnapshot().firstName).toBe('Ada');
  });

  it('lets the user act again once reactivated', async () => {
    const core = testCore();
    const { actor, userId } = await anInactiveAllAdmin(core);
    await core.portcullis.adminUsers.update({ id: userId, active: true });

    await expect(core.portcullis.roles.create({ actor, name: 'New', resourceAccess: 'all' })).resolves.toMatchObject({ name: 'New' });
  });

  it('refuses every admin action of a user whose role was deleted with ACCESS.ACTOR_NOT_ALLOWED', async () => {
    const core = testCore();
    const { actor } = await aRolelessAllAdmin(core);
    const bob = await anAdmin(core, 'bob', { resources: [R.orders] });

    await expect(core.portcullis.adminUsers.update({ actor, id: bob.userId, active: false })).rejects.toMatchObject({
      code: 'ACCESS.ACTOR_NOT_ALLOWED',
      message: expect.stringContaining('no role') as unknown,
    });
    await expect(core.portcullis.adminUsers.delete({ actor, id: bob.userId })).rejects.toMatchObject({ code: 'ACCESS.ACTOR_NOT_ALLOWED' });
    expect((await core.adminUsers.findById(bob.userId))?.isActive).toBe(true);
  });

  it('refuses an actor id that names no user with ACCESS.ACTOR_NOT_ALLOWED', async () => {
    const core = testCore();
    const bob = await anAdmin(core, 'bob', { resources: [R.orders] });

    await expect(core.portcullis.adminUsers.update({ actor: adminActor('ghost'), id: bob.userId, firstName: 'X' })).rejects.toMatchObject({
      code: 'ACCESS.ACTOR_NOT_ALLOWED',
      message: expect.stringContaining('does not exist') as unknown,
    });
  });

  // The target below has no role (it was deleted), so there is no role to compare the actor's access
  // with; the actor must still be checked (docs/domain.md: "An inactive user ... cannot act").
  describe('when the user acted upon has no role either', () => {
    async function aRolelessTarget(core: TestCore) {
      const target = await anAdmin(core, 'target', { resources: [R.orders] });
      await core.portcullis.roles.delete({ id: target.roleId });
      return target;
    }

    it('refuses an inactive actor editing them', async () => {
      const core = testCore();
      const { actor } = await anInactiveAllAdmin(core);
      const target = await aRolelessTarget(core);

      await expect(core.portcullis.adminUsers.update({ actor, id: target.userId, firstName: 'Changed' })).rejects.toMatchObject({
        code: 'ACCESS.ACTOR_NOT_ALLOWED',
      });
      expect((await core.adminUsers.findById(target.userId))?.toSnapshot().firstName).toBe('Ada');
    });

    it('refuses an inactive actor deleting them', async () => {
      const core = testCore();
      const { actor } = await anInactiveAllAdmin(core);
      const target = await aRolelessTarget(core);

      await expect(core.portcullis.adminUsers.delete({ actor, id: target.userId })).rejects.toMatchObject({ code: 'ACCESS.ACTOR_NOT_ALLOWED' });
      expect(await core.adminUsers.findById(target.userId)).not.toBeNull();
    });

    it('refuses an actor whose own role was deleted deactivating them', async () => {
      const core = testCore();
      const { actor } = await aRolelessAllAdmin(core);
      const target = await aRolelessTarget(core);

      await expect(core.portcullis.adminUsers.update({ actor, id: target.userId, active: false })).rejects.toMatchObject({
        code: 'ACCESS.ACTOR_NOT_ALLOWED',
      });
      expect((await core.adminUsers.findById(target.userId))?.isActive).toBe(true);
    });

    it('still lets an active admin give them a role within the admin\'s access', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
      const target = await aRolelessTarget(core);
      const capture = await core.portcullis.roles.create({ name: 'Capture', resourceAccess: 'custom', resources: [R.capture] });

      expect((await core.portcullis.adminUsers.update({ actor, id: target.userId, roleId: capture.id })).roleId).toBe(capture.id);
    });
  });
});
