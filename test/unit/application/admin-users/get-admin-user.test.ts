import { R } from '../../../support/acl-fixtures';
import { ADMIN_PASSWORD, anAdmin, testCore } from '../../../support/test-core';

describe('GetAdminUser', () => {
  it('returns the user as stored, without the password digest', async () => {
    const core = testCore();
    const { userId, roleId } = await anAdmin(core, 'sally', { resources: [R.orders] });

    const view = await core.portcullis.adminUsers.get({ id: userId });

    expect(view).toEqual({
      id: userId,
      username: 'sally',
      firstName: 'Ada',
      lastName: 'Admin',
      email: 'sally@example.com',
      active: true,
      roleId,
      createdAt: core.clock.now(),
      updatedAt: core.clock.now(),
    });
    const stored = (await core.adminUsers.findById(userId))?.toSnapshot();
    const serialized = JSON.stringify(view);
    expect(serialized).not.toContain(stored?.passwordHash ?? 'missing digest');
    expect(serialized).not.toContain(ADMIN_PASSWORD);
  });

  it('shows a deactivated user as inactive', async () => {
    const core = testCore();
    const { userId } = await anAdmin(core, 'sally', { resources: [R.orders] });
    core.clock.advance(60);
    await core.portcullis.adminUsers.update({ id: userId, active: false });

    expect(await core.portcullis.adminUsers.get({ id: userId })).toMatchObject({ active: false, updatedAt: core.clock.now() });
  });

  it('refuses an unknown id with ADMIN_USER.NOT_FOUND', async () => {
    const core = testCore();

    await expect(core.portcullis.adminUsers.get({ id: 'missing' })).rejects.toMatchObject({
      name: 'AdminUserNotFoundError',
      code: 'ADMIN_USER.NOT_FOUND',
      parameters: { id: 'missing' },
    });
  });
});
