import { Grant } from '../../../../src/domain/acl/grant.value-object';
import { Role } from '../../../../src/domain/role/role.aggregate';
import { type RoleEvent } from '../../../../src/domain/role/role.events';
import { R } from '../../../support/acl-fixtures';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const T1 = new Date('2026-01-02T00:00:00.000Z');

const anAdminRole = (): Role => Role.createAdminRole({ id: 'role-1', name: 'Support', grant: Grant.custom([R.orders]), now: T0 });
const stored = (role: Role): Role => Role.restore(role.toSnapshot());

function happened(role: Role): Array<[RoleEvent['name'], object]> {
  return role.pullEvents().map((event) => [event.name, event.payload]);
}

describe('Role events', () => {
  it('records the creation of an admin role and of an integration role; restore records nothing', () => {
    expect(anAdminRole().pullEvents()).toEqual([
      {
        name: 'RoleCreated',
        aggregateId: 'role-1',
        occurredAt: T0,
        payload: { roleName: 'Support', kind: 'admin', integrationId: null, grant: { mode: 'custom', selected: [R.orders], excluded: [] } },
      },
    ]);
    const own = Role.forIntegration({ id: 'role-2', integrationId: 'i-1', grant: Grant.all(), now: T0 });
    expect(happened(own)).toEqual([
      ['RoleCreated', { roleName: 'integration:i-1', kind: 'integration', integrationId: 'i-1', grant: { mode: 'all', selected: [], excluded: [] } }],
    ]);
    expect(stored(own).pullEvents()).toEqual([]);
  });

  it('records a grant change only when the access differs, with the grant before and after', () => {
    const role = stored(anAdminRole());
    role.changeGrant(Grant.custom([R.orders]), T1);
    expect(role.pullEvents()).toEqual([]);
    role.changeGrant(Grant.custom([R.orders, R.customers]), T1);
    expect(role.pullEvents()).toEqual([
      {
        name: 'RoleGrantChanged',
        aggregateId: 'role-1',
        occurredAt: T1,
        payload: {
          roleName: 'Support',
          kind: 'admin',
          integrationId: null,
          previousGrant: { mode: 'custom', selected: [R.orders], excluded: [] },
          grant: { mode: 'custom', selected: [R.customers, R.orders].sort(), excluded: [] },
        },
      },
    ]);
  });

  it('records a rename with the previous name, only when the name changes', () => {
    const role = stored(anAdminRole());
    role.rename('  Support ', T1);
    role.rename('Sales Support', T1);
    expect(happened(role)).toEqual([['RoleRenamed', { roleName: 'Sales Support', kind: 'admin', integrationId: null, previousRoleName: 'Support' }]]);
  });

  it('records nothing when a rename is refused, and its deletion when marked deleted', () => {
    const own = stored(Role.forIntegration({ id: 'role-2', integrationId: 'i-1', grant: Grant.all(), now: T0 }));
    expect(() => own.rename('Mine', T1)).toThrow();
    expect(own.pullEvents()).toEqual([]);
    const role = stored(anAdminRole());
    role.markDeleted(T1);
    expect(happened(role)).toEqual([['RoleDeleted', { roleName: 'Support', kind: 'admin', integrationId: null }]]);
  });

  it('records a read-only change only when it changes, for an admin role and an integration role alike', () => {
    const role = stored(anAdminRole());
    expect(role.readOnly).toBe(false);
    role.changeReadOnly(false, T1);
    expect(role.pullEvents()).toEqual([]);
    expect(role.toSnapshot().updatedAt).toEqual(T0);

    role.changeReadOnly(true, T1);
    role.changeReadOnly(true, T1);
    expect(role.pullEvents()).toEqual([
      { name: 'RoleReadOnlyChanged', aggregateId: 'role-1', occurredAt: T1, payload: { roleName: 'Support', kind: 'admin', integrationId: null, readOnly: true } },
    ]);
    expect(role.toSnapshot()).toMatchObject({ readOnly: true, updatedAt: T1 });
    expect(stored(role).readOnly).toBe(true);

    const own = stored(Role.forIntegration({ id: 'role-2', integrationId: 'i-1', grant: Grant.all(), readOnly: true, now: T0 }));
    own.changeReadOnly(false, T1);
    expect(happened(own)).toEqual([['RoleReadOnlyChanged', { roleName: 'integration:i-1', kind: 'integration', integrationId: 'i-1', readOnly: false }]]);
  });
});
