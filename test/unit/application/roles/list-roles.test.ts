import { R } from '../../../support/acl-fixtures';
import { testCore } from '../../../support/test-core';

describe('ListRoles', () => {
  it('is empty at first', async () => {
    expect(await testCore().portcullis.roles.list()).toEqual([]);
  });

  it('lists admin roles ordered by name, ignoring case', async () => {
    const core = testCore();
    for (const name of ['gamma', 'Beta', 'alpha', 'Delta']) {
      await core.portcullis.roles.create({ name, resourceAccess: 'custom', resources: [R.orders] });
    }

    const roles = await core.portcullis.roles.list();

    expect(roles.map((role) => role.name)).toEqual(['alpha', 'Beta', 'Delta', 'gamma']);
    expect(roles[0]?.access).toEqual({ resourceAccess: 'custom', resources: [R.orders], excluded: [] });
  });

  it('leaves out the roles of integrations', async () => {
    const core = testCore();
    await core.portcullis.roles.create({ name: 'Support', resourceAccess: 'all' });
    await core.portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'custom', resources: [R.orders] });

    expect((await core.portcullis.roles.list()).map((role) => role.name)).toEqual(['Support']);
  });
});
