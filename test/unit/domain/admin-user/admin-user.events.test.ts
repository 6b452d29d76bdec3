import { AdminUser } from '../../../../src/domain/admin-user/admin-user.aggregate';
import { type AdminUserEvent } from '../../../../src/domain/admin-user/admin-user.events';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const T1 = new Date('2026-01-02T00:00:00.000Z');
const DIGEST = 'scrypt$digest-that-must-never-travel';

const aUser = (): AdminUser =>
  AdminUser.create({ id: 'u-1', username: 'jane', firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com', passwordHash: DIGEST, roleId: 'r-1', now: T0 });
const stored = (): AdminUser => AdminUser.restore(aUser().toSnapshot());

function happened(user: AdminUser): Array<[AdminUserEvent['name'], object]> {
  return user.pullEvents().map((event) => [event.name, event.payload]);
}

describe('AdminUser events', () => {
  it('records its creation with its role; restore records nothing', () => {
    expect(aUser().pullEvents()).toEqual([
      { name: 'AdminUserCreated', aggregateId: 'u-1', occurredAt: T0, payload: { username: 'jane', roleId: 'r-1' } },
    ]);
    expect(stored().pullEvents()).toEqual([]);
  });

  it('records a profile change only when a value changes', () => {
    const user = stored();
    user.updateProfile({ firstName: ' Jane ', lastName: 'Doe', email: 'jane@example.com' }, T1);
    expect(user.pullEvents()).toEqual([]);
    user.updateProfile({ firstName: 'Jane', lastName: 'Roe', email: 'jane@example.com' }, T1);
    expect(happened(user)).toEqual([['AdminUserProfileChanged', { username: 'jane' }]]);
  });

  it('records a role change (with the previous role), a new password, deactivation and activation', () => {
    const user = stored();
    user.assignRole('r-1', T1);
    user.assignRole('r-2', T1);
    user.changePasswordHash('scrypt$another-digest', T1);
    user.deactivate(T1);
    user.activate(T1);
    expect(happened(user)).toEqual([
      ['AdminUserRoleChanged', { username: 'jane', roleId: 'r-2', previousRoleId: 'r-1' }],
      ['AdminUserPasswordChanged', { username: 'jane' }],
      ['AdminUserDeactivated', { username: 'jane' }],
      ['AdminUserActivated', { username: 'jane' }],
    ]);
  });

  it('records its deletion when marked deleted, and never carries a password digest', () => {
    const user = aUser();
    user.changePasswordHash('scrypt$another-digest', T1);
    user.markDeleted(T1);
    const events = user.pullEvents();
    expect(events.map((event) => event.name)).toEqual(['AdminUserCreated', 'AdminUserPasswordChanged', 'AdminUserDeleted']);
    expect(JSON.stringify(events)).not.toContain('digest');
  });
});
