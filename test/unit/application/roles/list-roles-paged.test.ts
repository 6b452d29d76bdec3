import { ListRolesPaged } from '../../../../src/application/use-cases/roles/list-roles-paged.use-case';
import { R } from '../../../support/acl-fixtures';
import { testCore, type TestCore } from '../../../support/test-core';

/** The User Roles grid: one page of admin roles, as the integrations grid pages integrations. */
const listOf = (core: TestCore): ListRolesPaged => core.container.get(ListRolesPaged);

async function withRoles(names: readonly string[]): Promise<TestCore> {
  const core = testCore();
  for (const name of names) await core.portcullis.roles.create({ name, resourceAccess: 'custom', resources: [R.orders] });
  return core;
}

describe('ListRolesPaged', () => {
  it('answers the first 20 by name, with the total, by default', async () => {
    const names = Array.from({ length: 23 }, (_, i) => `Role ${String(i + 1).padStart(2, '0')}`);
    const core = await withRoles([...names].reverse());

    const result = await listOf(core).execute();

    expect({ ...result, items: result.items.map((role) => role.name) }).toEqual({ items: names.slice(0, 20), total: 23, page: 1, pageSize: 20 });
  });

  it('answers the page asked for, and none past the end', async () => {
    const core = await withRoles(['echo', 'delta', 'Charlie', 'bravo', 'Alpha']);
    const list = listOf(core);

    expect((await list.execute({ page: 2, pageSize: 2 })).items.map((role) => role.name)).toEqual(['Charlie', 'delta']);
    expect(await list.execute({ page: 4, pageSize: 2 })).toEqual({ items: [], total: 5, page: 4, pageSize: 2 });
  });

  it('leaves out the roles of integrations', async () => {
    const core = await withRoles(['Support']);
    await core.portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'all' });

    expect(await listOf(core).execute()).toMatchObject({ items: [{ name: 'Support' }], total: 1 });
  });

  it.each([
    [{ page: 0 }, 'page'],
    [{ page: 1.5 }, 'page'],
    [{ pageSize: 0 }, 'pageSize'],
    [{ pageSize: 201 }, 'pageSize'],
  ])('refuses %j naming %s', async (input, field) => {
    await expect(listOf(testCore()).execute(input)).rejects.toMatchObject({ code: 'VALIDATION.RANGE', parameters: { field } });
  });
});
