import { R } from '../../../support/acl-fixtures';
import { anAdmin, testCore, type TestCore } from '../../../support/test-core';

async function anIntegrationRole(core: TestCore): Promise<{ integrationId: string; roleId: string }> {
  const { integration } = await core.portcullis.integrations.create({
    name: 'ERP',
    email: 'erp@example.com',
    resourceAccess: 'custom',
    resources: [R.orders],
  });
  const role = await core.roles.findByIntegrationId(integration.id);
  if (role === null) throw new Error('the integration has no role');
  return { integrationId: integration.id, roleId: role.id };
}

describe('an integration\'s role through the role use cases', () => {
  it('is not found by GetRole (ROLE.NOT_FOUND)', async () => {
    const core = testCore();
    const { roleId } = await anIntegrationRole(core);

    await expect(core.portcullis.roles.get({ id: roleId })).rejects.toMatchObject({ code: 'ROLE.NOT_FOUND', parameters: { id: roleId } });
  });

  it('cannot be renamed or regranted (ROLE.INTEGRATION_ROLE), even by the system', async () => {
    const core = testCore();
    const { roleId, integrationId } = await anIntegrationRole(core);

    await expect(core.portcullis.roles.update({ id: roleId, name: 'Mine' })).rejects.toMatchObject({
      code: 'ROLE.INTEGRATION_ROLE',
      parameters: { id: roleId },
    });
    await expect(core.portcullis.roles.update({ id: roleId, resourceAccess: 'all' })).rejects.toMatchObject({ code: 'ROLE.INTEGRATION_ROLE' });
    expect((await core.roles.findById(roleId))?.toSnapshot()).toMatchObject({
      name: `integration:${integrationId}`,
      kind: 'integration',
      grant: { mode: 'custom', selected: [R.orders], excluded: [] },
    });
  });

  it('cannot be deleted (ROLE.INTEGRATION_ROLE), by the system or an All admin', async () => {
    const core = testCore();
    const { roleId } = await anIntegrationRole(core);
    const { actor } = await anAdmin(core, 'root', 'all');

    await expect(core.portcullis.roles.delete({ id: roleId })).rejects.toMatchObject({ code: 'ROLE.INTEGRATION_ROLE' });
    await expect(core.portcullis.roles.delete({ id: roleId, actor })).rejects.toMatchObject({ code: 'ROLE.INTEGRATION_ROLE' });
    expect(await core.roles.findById(roleId)).not.toBeNull();
  });

  it('cannot be assigned to an admin user (ROLE.NOT_FOUND)', async () => {
    const core = testCore();
    const { roleId } = await anIntegrationRole(core);

    await expect(
      core.portcullis.adminUsers.create({
        username: 'eve',
        firstName: 'Eve',
        lastName: 'Sneaky',
        email: 'eve@example.com',
        password: 'sneaky123',
        roleId,
      }),
    ).rejects.toMatchObject({ code: 'ROLE.NOT_FOUND', parameters: { id: roleId } });
  });

  // RoleRepository.save and findAdminRoleByName: names are unique among *admin* roles; an
  // integration's role is named `integration:<id>` by the system and is not an admin role.
  describe('names', () => {
    it('do not clash with an existing integration role\'s name', async () => {
      const core = testCore();
      const { integrationId } = await anIntegrationRole(core);

      const view = await core.portcullis.roles.create({ name: `integration:${integrationId}`, resourceAccess: 'custom' });

      expect(view.name).toBe(`integration:${integrationId}`);
    });

    it('cannot stop an integration from being created', async () => {
      const core = testCore();
      // Ids are sequential in the harness: this role takes id-1, the integration will be id-2.
      await core.portcullis.roles.create({ name: 'integration:id-2', resourceAccess: 'custom' });

      const { integration } = await core.portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'custom' });

      expect(integration.id).toBe('id-2');
      expect((await core.roles.findByIntegrationId('id-2'))?.kind).toBe('integration');
    });
  });
});
