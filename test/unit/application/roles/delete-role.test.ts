import { adminActor } from '../../../../src/application/access/actor';
import { R } from '../../../support/acl-fixtures';
import { anAdmin, testCore } from '../../../support/test-core';

describe('DeleteRole', () => {
  it('deletes a role and reports how many users it leaves without a role', async () => {
    const core = testCore();
    const { roleId } = await anAdmin(core, 'sally', { resources: [R.orders] });

    const output = await core.portcullis.roles.delete({ id: roleId });

    expect(output).toEqual({ id: roleId, name: 'sally role', usersWithoutRole: 1 });
    expect(await core.roles.findById(roleId)).toBeNull();
    await expect(core.portcullis.roles.get({ id: roleId })).rejects.toMatchObject({ code: 'ROLE.NOT_FOUND' });
    expect(await core.portcullis.roles.list()).toEqual([]);
  });

  it('reports zero for a role nobody has', async () => {
    const core = testCore();
    const role = await core.portcullis.roles.create({ name: 'Unused', resourceAccess: 'custom', resources: [R.orders] });

    expect(await core.portcullis.roles.delete({ id: role.id })).toEqual({ id: role.id, name: 'Unused', usersWithoutRole: 0 });
  });

  it('refuses an unknown role with ROLE.NOT_FOUND', async () => {
    const core = testCore();

    await expect(core.portcullis.roles.delete({ id: 'missing' })).rejects.toMatchObject({ code: 'ROLE.NOT_FOUND', parameters: { id: 'missing' } });
  });

  it('refuses to delete the acting admin\'s own role with ROLE.SELF_ASSIGNED', async () => {
    const core = testCore();
    const { actor, roleId } = await anAdmin(core, 'root', 'all');

    await expect(core.portcullis.roles.delete({ id: roleId, actor })).rejects.toMatchObject({
      code: 'ROLE.SELF_ASSIGNED',
      parameters: { name: 'root role' },
    });
    expect(await core.roles.findById(roleId)).not.toBeNull();
  });

  it('lets an admin delete another role they are above', async () => {
    const core = testCore();
    const { actor } = await anAdmin(core, 'root', 'all');
    const { roleId } = await anAdmin(core, 'sally', { resources: [R.orders] });

    expect(await core.portcullis.roles.delete({ id: roleId, actor })).toMatchObject({ id: roleId, usersWithoutRole: 1 });
  });

  it('leaves the users of a deleted role unable to act (ACCESS.ACTOR_NOT_ALLOWED)', async () => {
    const core = testCore();
    const { actor: root } = await anAdmin(core, 'root', 'all');
    const sally = await anAdmin(core, 'sally', { resources: [R.orders] });
    const other = await core.portcullis.roles.create({ name: 'Capture', resourceAccess: 'custom', resources: [R.capture] });

    await core.portcullis.roles.delete({ id: sally.roleId, actor: root });

    await expect(
      core.portcullis.roles.create({ actor: sally.actor, name: 'Cashiers', resourceAccess: 'custom', resources: [R.capture] }),
    ).rejects.toMatchObject({ code: 'ACCESS.ACTOR_NOT_ALLOWED' });
    await expect(core.portcullis.roles.update({ actor: sally.actor, id: other.id, name: 'Mine' })).rejects.toMatchObject({
      code: 'ACCESS.ACTOR_NOT_ALLOWED',
    });
    await expect(core.portcullis.roles.delete({ actor: sally.actor, id: other.id })).rejects.toMatchObject({ code: 'ACCESS.ACTOR_NOT_ALLOWED' });
    expect((await core.portcullis.roles.list()).map((role) => role.name)).toEqual(['Capture', 'root role']);
  });

  it('lets a user act again once given another role', async () => {
    const core = testCore();
    const sally = await anAdmin(core, 'sally', { resources: [R.orders] });
    await core.portcullis.roles.delete({ id: sally.roleId });
    const replacement = await core.portcullis.roles.create({ name: 'Orders', resourceAccess: 'custom', resources: [R.orders] });
    await core.portcullis.adminUsers.update({ id: sally.userId, roleId: replacement.id });

    const view = await core.portcullis.roles.create({ actor: sally.actor, name: 'Cashiers', resourceAccess: 'custom', resources: [R.capture] });

    expect(view.name).toBe('Cashiers');
  });

  it('refuses an admin who does not exist (ACCESS.ACTOR_NOT_ALLOWED)', async () => {
    const core = testCore();
    const role = await core.portcullis.roles.create({ name: 'Unused', resourceAccess: 'custom' });

    await expect(core.portcullis.roles.delete({ id: role.id, actor: adminActor('ghost') })).rejects.toMatchObject({
      code: 'ACCESS.ACTOR_NOT_ALLOWED',
    });
    expect(await core.roles.findById(role.id)).not.toBeNull();
  });
});
