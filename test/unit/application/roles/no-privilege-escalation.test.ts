import { PortcullisResource } from '../../../../src/domain/acl/portcullis-resources';
import { DomainError } from '../../../../src/domain/kernel/domain-error';
import { R } from '../../../support/acl-fixtures';
import { anAdmin, rowCounts, testCore } from '../../../support/test-core';

async function rejectionOf(attempt: Promise<unknown>): Promise<DomainError> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the operation to be refused');
}

describe('roles: no privilege escalation (docs/domain.md "Roles and admin users")', () => {
  describe('giving access', () => {
    it('lets an admin create a role with access within their own', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });

      const view = await core.portcullis.roles.create({
        actor,
        name: 'Cashiers',
        resourceAccess: 'custom',
        resources: [R.actions],
        excluded: [R.cancel],
      });

      expect(view.access).toEqual({ resourceAccess: 'custom', resources: [R.actions], excluded: [R.cancel] });
    });

    it('refuses resources the admin is not allowed with ACCESS.PRIVILEGE_ESCALATION naming them', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
      const before = rowCounts(core);

      const error = await rejectionOf(
        core.portcullis.roles.create({ actor, name: 'Too much', resourceAccess: 'custom', resources: [R.orders, R.customers, R.invoices] }),
      );

      expect(error.code).toBe('ACCESS.PRIVILEGE_ESCALATION');
      expect(error.message).toContain(R.customers);
      expect(error.message).toContain(R.invoices);
      expect(error.message).not.toContain(R.orders);
      expect(error.parameters).toEqual({ resources: [R.invoices, R.customers] });
      expect(rowCounts(core)).toEqual(before);
    });

    it('names only the topmost resource of a subtree beyond the admin', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.invoices] });

      const error = await rejectionOf(core.portcullis.roles.create({ actor, name: 'Customers', resourceAccess: 'custom', resources: [R.customers] }));

      expect(error.parameters).toEqual({ resources: [R.customers] });
      expect(error.message).not.toContain(R.manageCustomers);
    });

    it('refuses a parent whose children the admin has one by one (it would give children added later)', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.create, R.cancel, R.capture] });

      const error = await rejectionOf(core.portcullis.roles.create({ actor, name: 'Actions', resourceAccess: 'custom', resources: [R.actions] }));

      expect(error.code).toBe('ACCESS.PRIVILEGE_ESCALATION');
      expect(error.parameters).toEqual({ resources: [R.actions] });
      expect(error.message).toContain(R.actions);
      const sameChildren = await core.portcullis.roles.create({
        actor,
        name: 'Each action',
        resourceAccess: 'custom',
        resources: [R.create, R.cancel, R.capture],
      });
      expect(sameChildren.access.resources).toEqual([R.cancel, R.capture, R.create]);
    });

    it('refuses a parent when the admin has it only with an exclusion below it', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.orders], excluded: [R.cancel] });

      const error = await rejectionOf(core.portcullis.roles.create({ actor, name: 'Orders', resourceAccess: 'custom', resources: [R.orders] }));

      expect(error.parameters).toEqual({ resources: [R.cancel] });
    });

    it('does not count path resources (ancestors opened for the admin) as the admin\'s access', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.capture] });

      const error = await rejectionOf(core.portcullis.roles.create({ actor, name: 'Sales', resourceAccess: 'custom', resources: [R.sales] }));

      expect(error.parameters).toEqual({ resources: [R.sales] });
    });

    it('lets only an All admin give All', async () => {
      const core = testCore();
      const { actor: custom } = await anAdmin(core, 'sally', { resources: [R.sales, R.customers, PortcullisResource.root] });
      const { actor: all } = await anAdmin(core, 'root', 'all');

      const error = await rejectionOf(core.portcullis.roles.create({ actor: custom, name: 'Everything', resourceAccess: 'all' }));
      expect(error.code).toBe('ACCESS.PRIVILEGE_ESCALATION');
      expect(error.parameters).toEqual({ resources: ['all'] });
      expect(error.message).toContain('all resources');

      const view = await core.portcullis.roles.create({ actor: all, name: 'Everything', resourceAccess: 'all' });
      expect(view.access.resourceAccess).toBe('all');
    });

    it('refuses new access beyond the admin when updating a role, and keeps the role as it was', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
      const role = await core.portcullis.roles.create({ actor, name: 'Cashiers', resourceAccess: 'custom', resources: [R.capture] });

      const error = await rejectionOf(
        core.portcullis.roles.update({ actor, id: role.id, name: 'Renamed', resourceAccess: 'custom', resources: [R.invoices] }),
      );

      expect(error.code).toBe('ACCESS.PRIVILEGE_ESCALATION');
      expect(error.message).toContain(R.invoices);
      expect(await core.portcullis.roles.get({ id: role.id })).toEqual(role);
    });
  });

  describe('roles above the admin', () => {
    it('refuses to edit a role with access the admin lacks, and leaves it unchanged', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
      const above = await core.portcullis.roles.create({ name: 'Customer care', resourceAccess: 'custom', resources: [R.orders, R.customers] });

      const error = await rejectionOf(core.portcullis.roles.update({ actor, id: above.id, name: 'Mine now' }));

      expect(error.code).toBe('ACCESS.PRIVILEGE_ESCALATION');
      expect(error.message).toContain('Customer care');
      expect(error.message).toContain(R.customers);
      expect(await core.portcullis.roles.get({ id: above.id })).toEqual(above);
    });

    it('refuses to narrow a role above the admin too (the role itself is above them)', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
      const above = await core.portcullis.roles.create({ name: 'Customer care', resourceAccess: 'custom', resources: [R.orders, R.customers] });

      await expect(
        core.portcullis.roles.update({ actor, id: above.id, resourceAccess: 'custom', resources: [R.orders] }),
      ).rejects.toMatchObject({ code: 'ACCESS.PRIVILEGE_ESCALATION' });
      expect((await core.portcullis.roles.get({ id: above.id })).access.resources).toEqual([R.customers, R.orders]);
    });

    it('refuses to edit or delete an All role unless the admin has All', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.sales, R.customers, PortcullisResource.root] });
      const admins = await core.portcullis.roles.create({ name: 'Administrators', resourceAccess: 'all' });

      await expect(core.portcullis.roles.update({ actor, id: admins.id, name: 'Former admins' })).rejects.toMatchObject({
        code: 'ACCESS.PRIVILEGE_ESCALATION',
        parameters: { resources: ['all'] },
      });
      await expect(core.portcullis.roles.delete({ actor, id: admins.id })).rejects.toMatchObject({ code: 'ACCESS.PRIVILEGE_ESCALATION' });
      expect((await core.portcullis.roles.get({ id: admins.id })).name).toBe('Administrators');
    });

    it('refuses to delete a role above the admin, and keeps it', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.create, R.cancel, R.capture] });
      const above = await core.portcullis.roles.create({ name: 'Actions', resourceAccess: 'custom', resources: [R.actions] });

      await expect(core.portcullis.roles.delete({ actor, id: above.id })).rejects.toMatchObject({
        code: 'ACCESS.PRIVILEGE_ESCALATION',
        parameters: { resources: [R.actions] },
      });
      expect(await core.roles.findById(above.id)).not.toBeNull();
    });

    it('lets an admin edit and delete a role within their access', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
      const within = await core.portcullis.roles.create({ name: 'Capture', resourceAccess: 'custom', resources: [R.capture] });

      const updated = await core.portcullis.roles.update({ actor, id: within.id, name: 'Create', resourceAccess: 'custom', resources: [R.create] });
      expect(updated).toMatchObject({ name: 'Create', access: { resourceAccess: 'custom', resources: [R.create], excluded: [] } });

      await expect(core.portcullis.roles.delete({ actor, id: within.id })).resolves.toEqual({ id: within.id, name: 'Create', usersWithoutRole: 0 });
      expect(await core.roles.findById(within.id)).toBeNull();
    });
  });
});
