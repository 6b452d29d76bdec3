import { R } from '../../../support/acl-fixtures';
import { testCore, type TestCore } from '../../../support/test-core';

async function aRole(core: TestCore, name: string, resources: readonly string[] = [R.orders]): Promise<string> {
  return (await core.portcullis.roles.create({ name, resourceAccess: 'custom', resources })).id;
}

describe('UpdateRole', () => {
  it('renames a role (trimmed), keeps its access and moves updatedAt', async () => {
    const core = testCore();
    const id = await aRole(core, 'Support');
    const created = core.clock.now();
    core.clock.advance(60);

    const view = await core.portcullis.roles.update({ id, name: '  Helpdesk  ' });

    expect(view).toMatchObject({ id, name: 'Helpdesk', access: { resourceAccess: 'custom', resources: [R.orders], excluded: [] } });
    expect(view.createdAt).toEqual(created);
    expect(view.updatedAt).toEqual(core.clock.now());
    expect(await core.portcullis.roles.get({ id })).toEqual(view);
  });

  it('replaces the access (regrant) and keeps the name', async () => {
    const core = testCore();
    const id = await aRole(core, 'Support');

    const view = await core.portcullis.roles.update({ id, resourceAccess: 'custom', resources: [R.sales], excluded: [R.invoices] });

    expect(view).toMatchObject({ name: 'Support', access: { resourceAccess: 'custom', resources: [R.sales], excluded: [R.invoices] } });
    expect((await core.roles.findById(id))?.grant.toSnapshot()).toEqual({ mode: 'custom', selected: [R.sales], excluded: [R.invoices] });
  });

  it('switches a role between All and Custom', async () => {
    const core = testCore();
    const id = await aRole(core, 'Support');

    expect((await core.portcullis.roles.update({ id, resourceAccess: 'all' })).access).toEqual({ resourceAccess: 'all', resources: [], excluded: [] });
    expect((await core.portcullis.roles.update({ id, resourceAccess: 'custom', resources: [R.customers] })).access).toEqual({
      resourceAccess: 'custom',
      resources: [R.customers],
      excluded: [],
    });
  });

  it('empties a Custom role when resources are omitted', async () => {
    const core = testCore();
    const id = await aRole(core, 'Support');

    const view = await core.portcullis.roles.update({ id, resourceAccess: 'custom' });

    expect(view.access).toEqual({ resourceAccess: 'custom', resources: [], excluded: [] });
  });

  it('keeps everything when nothing is given', async () => {
    const core = testCore();
    const id = await aRole(core, 'Support');
    const before = await core.portcullis.roles.get({ id });

    const view = await core.portcullis.roles.update({ id });

    expect(view).toMatchObject({ name: before.name, access: before.access });
  });

  it('refuses renaming onto another role\'s name, ignoring case, with ROLE.NAME_TAKEN and keeps the old name', async () => {
    const core = testCore();
    await aRole(core, 'Support');
    const id = await aRole(core, 'Sales');

    await expect(core.portcullis.roles.update({ id, name: 'support' })).rejects.toMatchObject({
      code: 'ROLE.NAME_TAKEN',
      parameters: { name: 'support' },
    });
    expect((await core.portcullis.roles.get({ id })).name).toBe('Sales');
  });

  it('allows changing only the case of its own name', async () => {
    const core = testCore();
    const id = await aRole(core, 'Support');

    expect((await core.portcullis.roles.update({ id, name: 'SUPPORT' })).name).toBe('SUPPORT');
  });

  it('refuses a blank or too long name', async () => {
    const core = testCore();
    const id = await aRole(core, 'Support');

    await expect(core.portcullis.roles.update({ id, name: ' ' })).rejects.toMatchObject({ code: 'VALIDATION.REQUIRED' });
    await expect(core.portcullis.roles.update({ id, name: 'n'.repeat(51) })).rejects.toMatchObject({ code: 'VALIDATION.NAME_INVALID' });
    expect((await core.portcullis.roles.get({ id })).name).toBe('Support');
  });

  it('refuses unknown resources and orphan exclusions, keeping the old access', async () => {
    const core = testCore();
    const id = await aRole(core, 'Support');

    await expect(core.portcullis.roles.update({ id, resourceAccess: 'custom', resources: ['Magento_Ghost::ghost'] })).rejects.toMatchObject({
      code: 'ACL.RESOURCE_UNKNOWN',
    });
    await expect(
      core.portcullis.roles.update({ id, resourceAccess: 'custom', resources: [R.customers], excluded: [R.orders] }),
    ).rejects.toMatchObject({ code: 'GRANT.INVALID' });
    expect((await core.portcullis.roles.get({ id })).access.resources).toEqual([R.orders]);
  });

  it('refuses an unknown role with ROLE.NOT_FOUND', async () => {
    const core = testCore();

    await expect(core.portcullis.roles.update({ id: 'nope', name: 'X' })).rejects.toMatchObject({
      code: 'ROLE.NOT_FOUND',
      parameters: { id: 'nope' },
    });
  });
});
