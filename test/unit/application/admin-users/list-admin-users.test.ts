import { R } from '../../../support/acl-fixtures';
import { anAdmin, testCore } from '../../../support/test-core';

describe('ListAdminUsers', () => {
  it('is empty at first', async () => {
    expect(await testCore().portcullis.adminUsers.list()).toEqual([]);
  });

  it('lists users ordered by username, ignoring case, without password digests', async () => {
    const core = testCore();
    for (const username of ['mallory', 'Bob', 'alice', 'Zed', 'carol']) {
      await anAdmin(core, username, { resources: [R.orders] });
    }

    const users = await core.portcullis.adminUsers.list();

    expect(users.map((user) => user.username)).toEqual(['alice', 'Bob', 'carol', 'mallory', 'Zed']);
    for (const user of users) expect(user).not.toHaveProperty('passwordHash');
    expect(users[0]).toMatchObject({ firstName: 'Ada', lastName: 'Admin', email: 'alice@example.com', active: true });
  });

  it('shows inactive users too', async () => {
    const core = testCore();
    const { userId } = await anAdmin(core, 'sally', { resources: [R.orders] });
    await core.portcullis.adminUsers.update({ id: userId, active: false });

    expect((await core.portcullis.adminUsers.list()).map((user) => [user.username, user.active])).toEqual([['sally', false]]);
  });
});
