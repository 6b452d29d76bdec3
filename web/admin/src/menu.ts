/**
 * The main menu: each page with the Portcullis resource its API needs. Only the pages the
 * signed-in admin's role allows are shown. Pure: no DOM, so it is unit-tested on its own.
 */
export interface MenuItem {
  readonly path: string;
  readonly label: string;
  readonly resource: string;
}

export const MENU: readonly MenuItem[] = [
  { path: '/admin/integrations', label: 'Integrations', resource: 'Portcullis::integrations' },
  { path: '/admin/roles', label: 'User Roles', resource: 'Portcullis::roles' },
  { path: '/admin/users', label: 'All Users', resource: 'Portcullis::admin_users' },
  { path: '/admin/activity', label: 'Activity', resource: 'Portcullis::audit' },
];

/** The menu entries the admin may use, in menu order. */
export function menuFor(allowed: readonly string[]): MenuItem[] {
  return MENU.filter((item) => allowed.includes(item.resource));
}

/** Where /admin leads: the first page the admin may use; null when the role allows none. */
export function homePath(allowed: readonly string[]): string | null {
  return menuFor(allowed)[0]?.path ?? null;
}
