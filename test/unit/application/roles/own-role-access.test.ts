import { R } from '../../../support/acl-fixtures';
import { anAdmin, testCore } from '../../../support/test-core';

describe('UpdateRole: an admin and their own role', () => {
  it('refuses to change the access of the acting admin\'s own role, which could lock every admin out', async () => {
    const core = testCore();
    const { actor, roleId } = await anAdmin(core, 'root', 'all');

    await expect(core.portcullis.roles.update({ id: roleId, resourceAccess: 'custom', resources: [R.orders], actor })).rejects.toMatchObject({
      code: 'ROLE.OWN_ROLE_ACCESS',
    });
    expect((await core.portcullis.roles.get({ id: roleId })).access.resourceAccess).toBe('all');
  });

  it('lets the admin rename their own role, and another admin change its access', async () => {
    const core = testCore();
    const { actor, roleId } = await anAdmin(core, 'root', 'all');
    const other = await anAdmin(core, 'second', 'all');

    await core.portcullis.roles.update({ id: roleId, name: 'Root admins', actor });
    await core.portcullis.roles.update({ id: roleId, resourceAccess: 'custom', resources: [R.orders], actor: other.actor });

    const role = await core.portcullis.roles.get({ id: roleId });
    expect(role.name).toBe('Root admins');
    expect(role.access).toEqual({ resourceAccess: 'custom', resources: [R.orders], excluded: [] });
  });
});
