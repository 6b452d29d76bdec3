import { ListAdminUsersPaged } from '../../../../src/application/use-cases/admin-users/list-admin-users-paged.use-case';
import { R } from '../../../support/acl-fixtures';
import { testCore, type TestCore } from '../../../support/test-core';

/** The All Users grid: one page of admin users, each with their role's name. */
const listOf = (core: TestCore): ListAdminUsersPaged => core.container.get(ListAdminUsersPaged);

async function aUser(core: TestCore, username: string, roleId: string): Promise<string> {
  const user = await core.portcullis.adminUsers.create({ username, firstName: 'Ada', lastName: 'L', email: `${username}@example.com`, password: 'Passw0rd!', roleId });
  return user.id;
}

describe('ListAdminUsersPaged', () => {
  it('answers a page by username with the total, each user with the name of their role', async () => {
    const core = testCore();
    const editors = await core.portcullis.roles.create({ name: 'Editors', resourceAccess: 'custom', resources: [R.orders] });
    const support = await core.portcullis.roles.create({ name: 'Support', resourceAccess: 'all' });
    for (const [username, role] of [['dora', editors.id], ['Bob', support.id], ['alice', editors.id], ['carl', support.id]] as const) await aUser(core, username, role);

    const first = await listOf(core).execute({ page: 1, pageSize: 3 });
    const second = await listOf(core).execute({ page: 2, pageSize: 3 });

    expect(first.items.map((user) => [user.username, user.roleName])).toEqual([
      ['alice', 'Editors'],
      ['Bob', 'Support'],
      ['carl', 'Support'],
    ]);
    expect({ total: first.total, page: first.page, pageSize: first.pageSize }).toEqual({ total: 4, page: 1, pageSize: 3 });
    expect(second.items.map((user) => user.username)).toEqual(['dora']);
  });

  it('answers a null role name once the role is deleted', async () => {
    const core = testCore();
    const role = await core.portcullis.roles.create({ name: 'Temporary', resourceAccess: 'all' });
    await aUser(core, 'sally', role.id);
    await core.portcullis.roles.delete({ id: role.id });

    expect((await listOf(core).execute()).items.map((user) => [user.username, user.roleName])).toEqual([['sally', null]]);
  });

  it('never answers a password digest', async () => {
    const core = testCore();
    const role = await core.portcullis.roles.create({ name: 'Support', resourceAccess: 'all' });
    await aUser(core, 'sally', role.id);

    expect(JSON.stringify(await listOf(core).execute())).not.toMatch(/hash|password|scrypt/i);
  });
});
