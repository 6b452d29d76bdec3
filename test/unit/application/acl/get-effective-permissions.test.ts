import { type EffectivePermissionsOutput } from '../../../../src/application/use-cases/acl/get-effective-permissions.use-case';
import { type AclResourceSource } from '../../../../src/domain/acl/acl-resource-tree';
import { type PermissionReason } from '../../../../src/domain/acl/grant.value-object';
import { PortcullisResource } from '../../../../src/domain/acl/portcullis-resources';
import { R, SHOP_ACL } from '../../../support/acl-fixtures';
import { testCore, type TestCore } from '../../../support/test-core';

const DISPLAY_ORDER = [
  R.sales,
  R.operations,
  R.orders,
  R.actions,
  R.create,
  R.cancel,
  R.capture,
  R.invoices,
  R.customers,
  R.manageCustomers,
  PortcullisResource.root,
  PortcullisResource.integrations,
  PortcullisResource.roles,
  PortcullisResource.adminUsers,
  PortcullisResource.acl,
  PortcullisResource.audit,
  PortcullisResource.metrics,
];

const NOT_GRANTED: PermissionReason = { kind: 'not-granted' };

/** resourceId -> [allowed, reason], for resources the test names; every other one must be not granted. */
function expectPermissions(output: EffectivePermissionsOutput, expected: Record<string, readonly [boolean, PermissionReason]>): void {
  const actual = Object.fromEntries(output.permissions.map((p) => [p.resourceId, [p.allowed, p.reason] as const]));
  const wanted = Object.fromEntries(output.permissions.map((p) => [p.resourceId, expected[p.resourceId] ?? ([false, NOT_GRANTED] as const)]));
  expect(actual).toEqual(wanted);
}

async function aRole(core: TestCore, resources: readonly string[], excluded: readonly string[] = []): Promise<string> {
  return (await core.portcullis.roles.create({ name: 'Role under test', resourceAccess: 'custom', resources, excluded })).id;
}

describe('GetEffectivePermissions', () => {
  describe('for an admin role', () => {
    it('lists every resource of the tree in display order with its title, parent and depth', async () => {
      const core = testCore();
      const roleId = await aRole(core, [R.orders]);

      const output = await core.portcullis.acl.effectivePermissions({ roleId });

      expect(output.permissions.map((p) => p.resourceId)).toEqual(DISPLAY_ORDER);
      expect(output.permissions.find((p) => p.resourceId === R.capture)).toMatchObject({
        title: 'Capture',
        parentId: R.actions,
        depth: 5,
      });
      expect(output.permissions[0]).toMatchObject({ resourceId: R.sales, parentId: null, depth: 1 });
    });

    it('selected {Orders} excluded {Cancel}: selected, implied, path, excluded and not granted', async () => {
      const core = testCore();
      const roleId = await aRole(core, [R.orders], [R.cancel]);

      const output = await core.portcullis.acl.effectivePermissions({ roleId });

      expect(output.access).toEqual({ resourceAccess: 'custom', resources: [R.orders], excluded: [R.cancel] });
      expectPermissions(output, {
        [R.sales]: [true, { kind: 'path', to: [R.orders] }],
        [R.operations]: [true, { kind: 'path', to: [R.orders] }],
        [R.orders]: [true, { kind: 'selected' }],
        [R.actions]: [true, { kind: 'implied', by: R.orders }],
        [R.create]: [true, { kind: 'implied', by: R.orders }],
        [R.cancel]: [false, { kind: 'excluded', by: R.cancel }],
        [R.capture]: [true, { kind: 'implied', by: R.orders }],
      });
    });

    it('an exclusion covers its subtree, and a selection deeper under it re-covers that part', async () => {
      const core = testCore();
      const roleId = await aRole(core, [R.sales, R.capture], [R.orders]);

      const output = await core.portcullis.acl.effectivePermissions({ roleId });

      expectPermissions(output, {
        [R.sales]: [true, { kind: 'selected' }],
        [R.operations]: [true, { kind: 'implied', by: R.sales }],
        [R.orders]: [true, { kind: 'path', to: [R.capture] }],
        [R.actions]: [true, { kind: 'path', to: [R.capture] }],
        [R.create]: [false, { kind: 'excluded', by: R.orders }],
        [R.cancel]: [false, { kind: 'excluded', by: R.orders }],
        [R.capture]: [true, { kind: 'selected' }],
        [R.invoices]: [true, { kind: 'implied', by: R.sales }],
      });
    });

    it('an All role allows everything, for reason all', async () => {
      const core = testCore();
      const role = await core.portcullis.roles.create({ name: 'Administrators', resourceAccess: 'all' });

      const output = await core.portcullis.acl.effectivePermissions({ roleId: role.id });

      expect(output.access).toEqual({ resourceAccess: 'all', resources: [], excluded: [] });
      expect(output.permissions).toHaveLength(DISPLAY_ORDER.length);
      expect(output.permissions.every((p) => p.allowed && p.reason.kind === 'all')).toBe(true);
    });

    it('a Custom role with nothing selected allows nothing', async () => {
      const core = testCore();
      const roleId = await aRole(core, []);

      expectPermissions(await core.portcullis.acl.effectivePermissions({ roleId }), {});
    });

    it('applies the stored selection to resources added to the tree later (docs/domain.md, fixes Magento #35365)', async () => {
      const refund: AclResourceSource = {
        name: 'later module',
        resources: [
          {
            id: R.sales,
            children: [
              {
                id: R.operations,
                children: [{ id: R.orders, children: [{ id: R.actions, children: [{ id: 'Magento_Sales::refund', title: 'Refund' }] }] }],
              },
            ],
          },
        ],
      };
      const core = testCore({ acl: [SHOP_ACL, refund] });
      const underOrders = await core.portcullis.roles.create({ name: 'Orders', resourceAccess: 'custom', resources: [R.orders] });
      const onlyCapture = await core.portcullis.roles.create({ name: 'Capture', resourceAccess: 'custom', resources: [R.capture] });

      const refundOf = async (roleId: string) =>
        (await core.portcullis.acl.effectivePermissions({ roleId })).permissions.find((p) => p.resourceId === 'Magento_Sales::refund');

      expect(await refundOf(underOrders.id)).toMatchObject({ allowed: true, reason: { kind: 'implied', by: R.orders } });
      expect(await refundOf(onlyCapture.id)).toMatchObject({ allowed: false, reason: { kind: 'not-granted' } });
    });

    it('refuses an unknown role with ROLE.NOT_FOUND', async () => {
      const core = testCore();

      await expect(core.portcullis.acl.effectivePermissions({ roleId: 'missing' })).rejects.toMatchObject({
        code: 'ROLE.NOT_FOUND',
        parameters: { id: 'missing' },
      });
    });

    it('refuses an integration\'s role given as a role with ROLE.NOT_FOUND', async () => {
      const core = testCore();
      const { integration } = await core.portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'all' });
      const roleId = (await core.roles.findByIntegrationId(integration.id))?.id ?? 'missing';

      await expect(core.portcullis.acl.effectivePermissions({ roleId })).rejects.toMatchObject({ code: 'ROLE.NOT_FOUND' });
    });
  });

  describe('for an integration', () => {
    it('selected {Capture}: the ancestors are only a path, the siblings are not granted', async () => {
      const core = testCore();
      const { integration } = await core.portcullis.integrations.create({
        name: 'ERP',
        email: 'erp@example.com',
        resourceAccess: 'custom',
        resources: [R.capture],
      });

      const output = await core.portcullis.acl.effectivePermissions({ integrationId: integration.id });

      expect(output.access).toEqual({ resourceAccess: 'custom', resources: [R.capture], excluded: [] });
      expect(output.permissions.map((p) => p.resourceId)).toEqual(DISPLAY_ORDER);
      expectPermissions(output, {
        [R.sales]: [true, { kind: 'path', to: [R.capture] }],
        [R.operations]: [true, { kind: 'path', to: [R.capture] }],
        [R.orders]: [true, { kind: 'path', to: [R.capture] }],
        [R.actions]: [true, { kind: 'path', to: [R.capture] }],
        [R.capture]: [true, { kind: 'selected' }],
      });
    });

    it('selected {Create, Capture, Invoices}: a path names the nearest covered resources below it', async () => {
      const core = testCore();
      const { integration } = await core.portcullis.integrations.create({
        name: 'ERP',
        email: 'erp@example.com',
        resourceAccess: 'custom',
        resources: [R.create, R.capture, R.invoices],
      });

      const output = await core.portcullis.acl.effectivePermissions({ integrationId: integration.id });

      expectPermissions(output, {
        [R.sales]: [true, { kind: 'path', to: [R.create, R.capture, R.invoices] }],
        [R.operations]: [true, { kind: 'path', to: [R.create, R.capture, R.invoices] }],
        [R.orders]: [true, { kind: 'path', to: [R.create, R.capture] }],
        [R.actions]: [true, { kind: 'path', to: [R.create, R.capture] }],
        [R.create]: [true, { kind: 'selected' }],
        [R.capture]: [true, { kind: 'selected' }],
        [R.invoices]: [true, { kind: 'selected' }],
      });
    });

    it('selected {Operations, Capture} excluded {Actions}: implied, excluded, and a path through the exclusion', async () => {
      const core = testCore();
      const { integration } = await core.portcullis.integrations.create({
        name: 'ERP',
        email: 'erp@example.com',
        resourceAccess: 'custom',
        resources: [R.operations, R.capture],
        excluded: [R.actions],
      });

      const output = await core.portcullis.acl.effectivePermissions({ integrationId: integration.id });

      expect(output.access).toEqual({ resourceAccess: 'custom', resources: [R.capture, R.operations], excluded: [R.actions] });
      expectPermissions(output, {
        [R.sales]: [true, { kind: 'path', to: [R.operations] }],
        [R.operations]: [true, { kind: 'selected' }],
        [R.orders]: [true, { kind: 'implied', by: R.operations }],
        [R.actions]: [true, { kind: 'path', to: [R.capture] }],
        [R.create]: [false, { kind: 'excluded', by: R.actions }],
        [R.cancel]: [false, { kind: 'excluded', by: R.actions }],
        [R.capture]: [true, { kind: 'selected' }],
        [R.invoices]: [true, { kind: 'implied', by: R.operations }],
      });
    });

    it('an All integration allows everything', async () => {
      const core = testCore();
      const { integration } = await core.portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'all' });

      const output = await core.portcullis.acl.effectivePermissions({ integrationId: integration.id });

      expect(output.permissions.map((p) => p.reason.kind)).toEqual(DISPLAY_ORDER.map(() => 'all'));
    });

    it('refuses an unknown integration with INTEGRATION.NOT_FOUND', async () => {
      const core = testCore();

      await expect(core.portcullis.acl.effectivePermissions({ integrationId: 'missing' })).rejects.toMatchObject({
        code: 'INTEGRATION.NOT_FOUND',
        parameters: { id: 'missing' },
      });
    });
  });
});
