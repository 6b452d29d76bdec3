import { homePath, MENU, menuFor } from '../../../web/admin/src/menu';

/*
 * The admin UI's menu shows only the pages the signed-in admin's role allows (the session answers
 * which of Portcullis's own resources those are), and /admin leads to the first of them.
 */

const INTEGRATIONS = 'Portcullis::integrations';
const ROLES = 'Portcullis::roles';
const ADMIN_USERS = 'Portcullis::admin_users';
const AUDIT = 'Portcullis::audit';

describe('admin UI menu', () => {
  it('names each page with the resource its API needs', () => {
    expect(MENU.map((item) => [item.label, item.resource])).toEqual([
      ['Integrations', INTEGRATIONS],
      ['User Roles', ROLES],
      ['All Users', ADMIN_USERS],
      ['Activity', AUDIT],
    ]);
  });

  it('shows every page to a role with all of them, in menu order', () => {
    expect(menuFor([AUDIT, ADMIN_USERS, 'Portcullis::portcullis', INTEGRATIONS, ROLES, 'Portcullis::acl']).map((item) => item.label)).toEqual([
      'Integrations',
      'User Roles',
      'All Users',
      'Activity',
    ]);
  });

  it('shows Activity only to a role with Portcullis::audit', () => {
    expect(menuFor([INTEGRATIONS, ROLES, ADMIN_USERS]).map((item) => item.label)).not.toContain('Activity');
    expect(menuFor([AUDIT]).map((item) => item.path)).toEqual(['/admin/activity']);
    expect(homePath([AUDIT])).toBe('/admin/activity');
  });

  it('shows only Integrations to a role with only Portcullis::integrations', () => {
    expect(menuFor([INTEGRATIONS]).map((item) => item.path)).toEqual(['/admin/integrations']);
    expect(homePath([INTEGRATIONS])).toBe('/admin/integrations');
  });

  it('leads a role without integrations to its first page', () => {
    expect(menuFor([ADMIN_USERS]).map((item) => item.label)).toEqual(['All Users']);
    expect(homePath([ADMIN_USERS, ROLES])).toBe('/admin/roles');
  });

  it('has no page for a role with none of them (Portcullis::acl alone has no page)', () => {
    expect(menuFor(['Portcullis::acl'])).toEqual([]);
    expect(homePath([])).toBeNull();
  });
});
