import { R } from '../../../support/acl-fixtures';
import { rowCounts, testCore } from '../../../support/test-core';

describe('CreateRole', () => {
  it('creates a Custom role with the selected and excluded resources, and stores it', async () => {
    const core = testCore();

    const view = await core.portcullis.roles.create({
      name: 'Order desk',
      resourceAccess: 'custom',
      resources: [R.orders],
      excluded: [R.cancel],
    });

    expect(view).toEqual({
      id: expect.any(String) as unknown,
      name: 'Order desk',
      access: { resourceAccess: 'custom', resources: [R.orders], excluded: [R.cancel] },
      readOnly: false,
      createdAt: core.clock.now(),
      updatedAt: core.clock.now(),
    });
    const stored = await core.roles.findById(view.id);
    expect(stored?.toSnapshot()).toMatchObject({
      name: 'Order desk',
      kind: 'admin',
      integrationId: null,
      grant: { mode: 'custom', selected: [R.orders], excluded: [R.cancel] },
    });
  });

  it('creates an All role', async () => {
    const core = testCore();

    const view = await core.portcullis.roles.create({ name: 'Administrators', resourceAccess: 'all' });

    expect(view.access).toEqual({ resourceAccess: 'all', resources: [], excluded: [] });
    expect((await core.roles.findById(view.id))?.grant.isAll).toBe(true);
  });

  it('creates a Custom role with nothing selected', async () => {
    const core = testCore();

    const view = await core.portcullis.roles.create({ name: 'Nobody', resourceAccess: 'custom' });

    expect(view.access).toEqual({ resourceAccess: 'custom', resources: [], excluded: [] });
  });

  it('trims the name', async () => {
    const core = testCore();

    const view = await core.portcullis.roles.create({ name: '  Support  ', resourceAccess: 'custom', resources: [R.customers] });

    expect(view.name).toBe('Support');
    expect((await core.roles.findAdminRoleByName('Support'))?.id).toBe(view.id);
  });

  it.each(['', '   '])('refuses a blank name %j with VALIDATION.REQUIRED naming the field', async (name) => {
    const core = testCore();

    await expect(core.portcullis.roles.create({ name, resourceAccess: 'all' })).rejects.toMatchObject({
      code: 'VALIDATION.REQUIRED',
      parameters: { field: 'name' },
    });
    expect(rowCounts(core).roles).toBe(0);
  });

  it('accepts a name of 50 characters and refuses 51 with VALIDATION.NAME_INVALID', async () => {
    const core = testCore();

    const fifty = await core.portcullis.roles.create({ name: 'x'.repeat(50), resourceAccess: 'all' });
    expect(fifty.name).toHaveLength(50);

    await expect(core.portcullis.roles.create({ name: 'y'.repeat(51), resourceAccess: 'all' })).rejects.toMatchObject({
      code: 'VALIDATION.NAME_INVALID',
      parameters: { field: 'name' },
    });
    expect(rowCounts(core).roles).toBe(1);
  });

  it('measures the length after trimming', async () => {
    const core = testCore();

    const view = await core.portcullis.roles.create({ name: `  ${'z'.repeat(50)}  `, resourceAccess: 'all' });

    expect(view.name).toBe('z'.repeat(50));
  });

  it('refuses a name another admin role has, ignoring case and surrounding spaces, with ROLE.NAME_TAKEN', async () => {
    const core = testCore();
    await core.portcullis.roles.create({ name: 'Support', resourceAccess: 'all' });

    await expect(core.portcullis.roles.create({ name: ' SUPPORT ', resourceAccess: 'custom' })).rejects.toMatchObject({
      code: 'ROLE.NAME_TAKEN',
      parameters: { name: 'SUPPORT' },
    });
    expect((await core.portcullis.roles.list()).map((role) => role.name)).toEqual(['Support']);
  });

  it('refuses an unknown resource with ACL.RESOURCE_UNKNOWN naming it', async () => {
    const core = testCore();

    const attempt = core.portcullis.roles.create({
      name: 'Ghost',
      resourceAccess: 'custom',
      resources: [R.orders, 'Magento_Ghost::ghost'],
    });

    await expect(attempt).rejects.toMatchObject({ code: 'ACL.RESOURCE_UNKNOWN', parameters: { ids: ['Magento_Ghost::ghost'] } });
    expect(rowCounts(core).roles).toBe(0);
  });

  it('refuses an unknown excluded resource with ACL.RESOURCE_UNKNOWN', async () => {
    const core = testCore();

    await expect(
      core.portcullis.roles.create({ name: 'Ghost', resourceAccess: 'custom', resources: [R.sales], excluded: ['Magento_Ghost::ghost'] }),
    ).rejects.toMatchObject({ code: 'ACL.RESOURCE_UNKNOWN' });
  });

  it('refuses a malformed resource id with ACL.RESOURCE_ID_INVALID', async () => {
    const core = testCore();

    await expect(
      core.portcullis.roles.create({ name: 'Bad', resourceAccess: 'custom', resources: ['not a resource id'] }),
    ).rejects.toMatchObject({ code: 'ACL.RESOURCE_ID_INVALID' });
  });

  it('refuses an exclusion with no selected ancestor with GRANT.INVALID', async () => {
    const core = testCore();

    await expect(
      core.portcullis.roles.create({ name: 'Odd', resourceAccess: 'custom', resources: [R.customers], excluded: [R.cancel] }),
    ).rejects.toMatchObject({ code: 'GRANT.INVALID', parameters: { ids: [R.cancel] } });
    expect(rowCounts(core).roles).toBe(0);
  });

  it('refuses a resource both selected and excluded with GRANT.INVALID', async () => {
    const core = testCore();

    await expect(
      core.portcullis.roles.create({ name: 'Odd', resourceAccess: 'custom', resources: [R.sales, R.orders], excluded: [R.orders] }),
    ).rejects.toMatchObject({ code: 'GRANT.INVALID' });
  });

  it('refuses an unknown resource access mode with VALIDATION.RESOURCE_ACCESS_INVALID', async () => {
    const core = testCore();

    await expect(
      core.portcullis.roles.create({ name: 'Odd', resourceAccess: 'some' as unknown as 'custom' }),
    ).rejects.toMatchObject({ code: 'VALIDATION.RESOURCE_ACCESS_INVALID', parameters: { field: 'resourceAccess' } });
  });
});
