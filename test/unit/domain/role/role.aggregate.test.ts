import { AclResourceTree } from '../../../../src/domain/acl/acl-resource-tree';
import { Grant } from '../../../../src/domain/acl/grant.value-object';
import { Role, type RoleSnapshot } from '../../../../src/domain/role/role.aggregate';
import { IntegrationRoleNotEditableError } from '../../../../src/domain/role/role.errors';
import { R, SHOP_ACL } from '../../../support/acl-fixtures';

const tree = AclResourceTree.build([SHOP_ACL]);
const T0 = new Date('2026-01-01T00:00:00.000Z');
const T1 = new Date('2026-01-02T00:00:00.000Z');

/** The error an action throws (the test fails if it throws nothing). */
function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

const anAdminRole = (name = 'Support', grant: Grant = Grant.custom([R.orders], [R.cancel])): Role =>
  Role.createAdminRole({ id: 'role-1', name, grant, now: T0 });

describe('Role', () => {
  describe('createAdminRole', () => {
    it('creates an admin role with a trimmed name and the grant', () => {
      const role = anAdminRole('  Support  ');

      expect(role.toSnapshot()).toEqual({
        id: 'role-1',
        name: 'Support',
        kind: 'admin',
        integrationId: null,
        grant: { mode: 'custom', selected: [R.orders], excluded: [R.cancel] },
        readOnly: false,
        createdAt: T0,
        updatedAt: T0,
      });
      expect(role.kind).toBe('admin');
      expect(role.integrationId).toBeNull();
    });

    it.each(['', '   ', undefined])('refuses a blank name (%j) with VALIDATION.REQUIRED', (name) => {
      const error = thrown(() => Role.createAdminRole({ id: 'role-1', name: name as string, grant: Grant.none(), now: T0 }));

      expect(error).toMatchObject({ code: 'VALIDATION.REQUIRED', parameters: { field: 'name' } });
    });

    it('accepts 50 characters and refuses 51 with VALIDATION.NAME_INVALID', () => {
      expect(anAdminRole('r'.repeat(50)).name).toHaveLength(50);
      expect(thrown(() => anAdminRole('r'.repeat(51)))).toMatchObject({
        code: 'VALIDATION.NAME_INVALID',
        parameters: { field: 'name', value: `${'r'.repeat(40)}…` },
      });
    });

    it.each([
      ['Ops\u0000', 'U+0000'],
      ['Ops\u001b[2J', 'U+001B'],
      ['Ops\u0007', 'U+0007'],
      ['Ops\u009b', 'U+009B'],
      ['\u202eOps', 'U+202E'],
      ['O\u200dps', 'U+200D'],
    ])('refuses a name with a control, bidi or invisible character (%j) by code point', (name, codePoint) => {
      expect(thrown(() => anAdminRole(name))).toMatchObject({
        code: 'VALIDATION.CHARACTER_NOT_ALLOWED',
        parameters: { field: 'name', character: codePoint },
      });
    });

    it('normalises the name (NFC, spaces collapsed) and keys it ignoring case, accents and width', () => {
      expect(anAdminRole(' Cafe\u0301\u00a0\u00a0Ops ').name).toBe('Caf\u00e9 Ops');
      expect(Role.nameKey('Caf\u00e9 Ops')).toBe(Role.nameKey('\uff43\uff41\uff46\uff45  OPS'));
    });
  });

  describe('forIntegration', () => {
    it('creates the role of an integration, named after it', () => {
      const role = Role.forIntegration({ id: 'role-9', integrationId: 'int-1', grant: Grant.all(), now: T0 });

      expect(role.toSnapshot()).toEqual({
        id: 'role-9',
        name: 'integration:int-1',
        kind: 'integration',
        integrationId: 'int-1',
        grant: { mode: 'all', selected: [], excluded: [] },
        readOnly: false,
        createdAt: T0,
        updatedAt: T0,
      });
    });

    it('cannot be renamed and is not an admin role (ROLE.INTEGRATION_ROLE)', () => {
      const role = Role.forIntegration({ id: 'role-9', integrationId: 'int-1', grant: Grant.none(), now: T0 });

      expect(() => role.assertAdminRole()).toThrow(IntegrationRoleNotEditableError);
      expect(thrown(() => role.rename('Mine', T1))).toMatchObject({ code: 'ROLE.INTEGRATION_ROLE', parameters: { id: 'role-9' } });
      expect(role.name).toBe('integration:int-1');
      expect(role.toSnapshot().updatedAt).toEqual(T0);
    });

    it('can still have its grant changed (by the integration use cases)', () => {
      const role = Role.forIntegration({ id: 'role-9', integrationId: 'int-1', grant: Grant.none(), now: T0 });

      role.changeGrant(Grant.custom([R.customers]), T1);

      expect(role.toSnapshot()).toMatchObject({ grant: { mode: 'custom', selected: [R.customers], excluded: [] }, updatedAt: T1 });
    });
  });

  describe('snapshot and restore', () => {
    it.each([
      ['a Custom admin role', anAdminRole()],
      ['an All admin role', anAdminRole('Admins', Grant.all())],
      ['an integration role', Role.forIntegration({ id: 'role-9', integrationId: 'int-1', grant: Grant.custom([R.capture]), now: T0 })],
    ])('round-trips %s', (_case, role) => {
      const snapshot = role.toSnapshot();

      const restored = Role.restore(snapshot);

      expect(restored.toSnapshot()).toEqual(snapshot);
      expect(restored.grant.equals(role.grant)).toBe(true);
    });

    it('restores from plain rows without validating again and keeps no reference to them', () => {
      const row: RoleSnapshot = {
        id: 'r',
        name: 'Legacy',
        kind: 'admin',
        integrationId: null,
        grant: { mode: 'custom', selected: [R.sales], excluded: [R.invoices] },
        readOnly: false,
        createdAt: T0,
        updatedAt: T1,
      };

      const role = Role.restore(row);
      role.rename('Renamed', T1);

      expect(row.name).toBe('Legacy');
      expect(role.grant.isAllowed(R.orders, tree)).toBe(true);
      expect(role.grant.isAllowed(R.invoices, tree)).toBe(false);
      expect(role.toSnapshot()).toMatchObject({ id: 'r', name: 'Renamed', createdAt: T0, updatedAt: T1 });
    });

    it('hands out snapshots that later changes do not touch', () => {
      const role = anAdminRole();
      const before = role.toSnapshot();

      role.rename('Other', T1);
      role.changeGrant(Grant.all(), T1);

      expect(before).toMatchObject({ name: 'Support', grant: { mode: 'custom' }, updatedAt: T0 });
    });
  });

  describe('mutators', () => {
    it('rename trims, validates and moves updatedAt only', () => {
      const role = anAdminRole();

      role.rename('  Helpdesk ', T1);

      expect(role.toSnapshot()).toMatchObject({ name: 'Helpdesk', createdAt: T0, updatedAt: T1 });
      expect(thrown(() => role.rename(' ', T1))).toMatchObject({ code: 'VALIDATION.REQUIRED' });
      expect(thrown(() => role.rename('n'.repeat(51), T1))).toMatchObject({ code: 'VALIDATION.NAME_INVALID' });
      expect(role.name).toBe('Helpdesk');
    });

    it('changeGrant replaces the grant and moves updatedAt', () => {
      const role = anAdminRole();

      role.changeGrant(Grant.all(), T1);

      expect(role.grant.isAll).toBe(true);
      expect(role.toSnapshot()).toMatchObject({ name: 'Support', grant: { mode: 'all' }, updatedAt: T1 });
    });
  });

  it('emptyGrant is a Custom grant with nothing selected', () => {
    expect(Role.emptyGrant().toSnapshot()).toEqual({ mode: 'custom', selected: [], excluded: [] });
  });

  it('nameKey compares names ignoring case and surrounding spaces', () => {
    expect(Role.nameKey('  Sales Team ')).toBe(Role.nameKey('sales team'));
    expect(Role.nameKey('Sales')).not.toBe(Role.nameKey('Sale'));
  });
});
