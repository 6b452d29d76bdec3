import { R } from '../../../support/acl-fixtures';
import { anAdmin, testCore } from '../../../support/test-core';

describe('DeleteAdminUser', () => {
  it('deletes a user and keeps their role', async () => {
    const core = testCore();
    const { userId, roleId } = await anAdmin(core, 'sally', { resources: [R.orders] });

    expect(await core.portcullis.adminUsers.delete({ id: userId })).toEqual({ id: userId, username: 'sally' });
    expect(await core.adminUsers.findById(userId)).toBeNull();
    expect(await core.portcullis.adminUsers.list()).toEqual([]);
    expect(await core.roles.findById(roleId)).not.toBeNull();
  });

  it('refuses an unknown user with ADMIN_USER.NOT_FOUND', async () => {
    const core = testCore();

    await expect(core.portcullis.adminUsers.delete({ id: 'missing' })).rejects.toMatchObject({
      code: 'ADMIN_USER.NOT_FOUND',
      parameters: { id: 'missing' },
    });
  });

  it('refuses to delete oneself with ADMIN_USER.SELF_CHANGE', async () => {
    const core = testCore();
    const { actor, userId } = await anAdmin(core, 'root', 'all');

    await expect(core.portcullis.adminUsers.delete({ actor, id: userId })).rejects.toMatchObject({ code: 'ADMIN_USER.SELF_CHANGE' });
    expect(await core.adminUsers.findById(userId)).not.toBeNull();
  });

  it('refuses to delete a user whose role is above the actor with ACCESS.PRIVILEGE_ESCALATION', async () => {
    const core = testCore();
    const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
    const root = await anAdmin(core, 'root', 'all');

    await expect(core.portcullis.adminUsers.delete({ actor, id: root.userId })).rejects.toMatchObject({ code: 'ACCESS.PRIVILEGE_ESCALATION' });
    expect(await core.adminUsers.findById(root.userId)).not.toBeNull();
  });

  it('lets an admin delete a user within their access', async () => {
    const core = testCore();
    const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
    const bob = await anAdmin(core, 'bob', { resources: [R.capture] });

    expect(await core.portcullis.adminUsers.delete({ actor, id: bob.userId })).toEqual({ id: bob.userId, username: 'bob' });
    expect(await core.adminUsers.findById(bob.userId)).toBeNull();
  });

  it('leaves a deleted user unable to act (ACCESS.ACTOR_NOT_ALLOWED)', async () => {
    const core = testCore();
    const sally = await anAdmin(core, 'sally', { resources: [R.orders] });
    await core.portcullis.adminUsers.delete({ id: sally.userId });

    await expect(
      core.portcullis.roles.create({ actor: sally.actor, name: 'Cashiers', resourceAccess: 'custom', resources: [R.capture] }),
    ).rejects.toMatchObject({ code: 'ACCESS.ACTOR_NOT_ALLOWED' });
  });
});
