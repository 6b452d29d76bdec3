import { allPages, api, ApiError, query, type PageOf } from '../api.js';
import { confirmDialog } from '../dialogs.js';
import { formatDateTime, h, type Child } from '../dom.js';
import { clearErrors, field, inputValue, messageArea, selectField, submitWhile } from '../forms.js';
import { gridTable, lastPageInstead, nameCell, pageOf, pager, recordCount, rowActions, withPage } from '../grid.js';
import { type Page, type PageContext } from '../router.js';
import { type AdminUser, type AdminUserListItem, type Role } from '../types.js';

const PAGE_SIZE = 20;

/** System > Permissions > All Users: one page of users. */
export async function adminUsersPage(context: PageContext): Promise<Page> {
  const page = pageOf(context.query);
  const result = await api.get<PageOf<AdminUserListItem>>(`/rest/V1/admin-users${query({ page, pageSize: PAGE_SIZE })}`);
  if (result.items.length === 0 && page > 1) return adminUsersPage({ ...context, query: lastPageInstead(context.query, result.total, PAGE_SIZE) });
  const users = result.items;
  const remove = async (user: AdminUser): Promise<void> => {
    if (!(await confirmDialog('Delete user', `Are you sure you want to delete the user "${user.username}"?`, 'Delete'))) return;
    try {
      await api.delete(`/rest/V1/admin-users/${encodeURIComponent(user.id)}`);
      context.navigate(location.pathname + location.search, { kind: 'success', text: `You deleted the user "${user.username}".` });
    } catch (error) {
      context.flash({ kind: 'error', text: error instanceof ApiError ? error.message : 'The user could not be deleted.' });
    }
  };
  const unlock = async (user: AdminUserListItem): Promise<void> => {
    try {
      await api.post(`/rest/V1/admin-users/${encodeURIComponent(user.id)}/unlock`);
      context.navigate(location.pathname + location.search, { kind: 'success', text: `You unlocked the user "${user.username}": they can sign in again.` });
    } catch (error) {
      context.flash({ kind: 'error', text: error instanceof ApiError ? error.message : 'The user could not be unlocked.' });
    }
  };
  const content = h(
    'div',
    { class: 'page' },
    h('div', { class: 'page-head' }, h('h1', {}, 'Users'), h('a', { href: '/admin/users/new', 'data-link': '', class: 'button primary' }, 'Add New User')),
    recordCount(result.total),
    gridTable(
      'Users',
      ['User Name', 'Name', 'Email', 'Role', 'Status', 'Actions'],
      users.map((user) => {
        const href = `/admin/users/${encodeURIComponent(user.id)}`;
        return h(
          'tr',
          { 'data-user': user.username },
          nameCell('User Name', href, user.username),
          h('td', { 'data-label': 'Name' }, `${user.firstName} ${user.lastName}`),
          h('td', { 'data-label': 'Email' }, user.email),
          h('td', { 'data-label': 'Role' }, user.roleName ?? 'No role'),
          h('td', { 'data-label': 'Status' }, ...statusOf(user)),
          rowActions({
            editHref: href,
            name: user.username,
            // Deleting oneself is refused: the own row offers no Delete.
            ...(user.id !== context.session.userId ? { onDelete: () => void remove(user) } : {}),
            before:
              user.lockedUntil !== null
                ? h('button', { type: 'button', class: 'button small', 'aria-label': `Unlock ${user.username}`, onclick: () => void unlock(user) }, 'Unlock')
                : null,
          }),
        );
      }),
    ),
    pager(result, (target) => context.setQuery(withPage(context.query, target))),
  );
  return { title: 'Users', content };
}

/**
 * Active or Inactive; a user locked out after too many failed sign-ins is shown Locked, with
 * until when (they cannot sign in until then, or until unlocked).
 */
function statusOf(user: AdminUserListItem): Child[] {
  const active = h('span', { class: `status status-${user.active ? 'active' : 'inactive'}` }, user.active ? 'Active' : 'Inactive');
  if (user.lockedUntil === null) return [active];
  return [
    h('span', { class: 'status status-locked' }, 'Locked'),
    h('p', { class: 'status-reason' }, `Until ${formatDateTime(user.lockedUntil)}, after too many failed sign-ins. `, user.active ? null : 'The account is inactive too.'),
  ];
}

/** New / Edit User: account, role, and the admin's own password to confirm. */
export async function adminUserEditPage(context: PageContext): Promise<Page> {
  const id = context.params.id;
  const [roles, existing] = await Promise.all([
    allPages<Role>('/rest/V1/roles'),
    id !== undefined ? api.get<AdminUser>(`/rest/V1/admin-users/${encodeURIComponent(id)}`) : Promise.resolve(null),
  ]);
  const title = existing === null ? 'New User' : `Edit User "${existing.username}"`;
  const messages = messageArea();
  const form = h(
    'form',
    { class: 'edit-form', novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Account Information'),
      field({ name: 'username', label: 'User Name', required: true, value: existing?.username ?? '', readOnly: existing !== null, maxLength: 40, autocomplete: 'off' }),
      field({ name: 'firstName', label: 'First Name', required: true, value: existing?.firstName ?? '', maxLength: 255 }),
      field({ name: 'lastName', label: 'Last Name', required: true, value: existing?.lastName ?? '', maxLength: 255 }),
      field({ name: 'email', label: 'Email', type: 'email', required: true, value: existing?.email ?? '' }),
      field({
        name: 'password',
        label: existing === null ? 'Password' : 'New Password',
        type: 'password',
        required: existing === null,
        autocomplete: 'new-password',
        help: existing === null ? 'At least 7 characters, with letters and digits.' : 'Leave empty to keep the current password.',
      }),
      selectField(
        'roleId',
        'Role',
        [{ value: '', label: 'Choose a role' }, ...roles.map((role) => ({ value: role.id, label: role.name }))],
        existing?.roleId ?? '',
      ),
      existing !== null ? selectField('active', 'This account is', [{ value: 'true', label: 'Active' }, { value: 'false', label: 'Inactive' }], String(existing.active)) : null,
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Current User Identity Verification'),
      field({ name: 'currentPassword', label: 'Your Password', type: 'password', required: true, autocomplete: 'current-password' }),
    ),
    h(
      'div',
      { class: 'form-actions' },
      h('a', { href: '/admin/users', 'data-link': '', class: 'button link' }, 'Back'),
      h('button', { type: 'submit', class: 'button primary' }, 'Save User'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    messages.clear();
    const password = inputValue(form, 'password');
    const common = {
      firstName: inputValue(form, 'firstName').trim(),
      lastName: inputValue(form, 'lastName').trim(),
      email: inputValue(form, 'email').trim(),
      roleId: inputValue(form, 'roleId'),
      currentPassword: inputValue(form, 'currentPassword'),
    };
    const request =
      existing === null
        ? api.post<AdminUser>('/rest/V1/admin-users', { ...common, username: inputValue(form, 'username').trim(), password })
        : api.put<AdminUser>(`/rest/V1/admin-users/${encodeURIComponent(existing.id)}`, {
            ...common,
            active: inputValue(form, 'active') === 'true',
            ...(password !== '' ? { password } : {}),
          });
    submitWhile(form, request, messages, 'The user could not be saved.').then(
      (user) => context.navigate('/admin/users', { kind: 'success', text: `You saved the user "${user.username}".` }),
      () => undefined,
    );
  });
  return { title, content: h('div', { class: 'page' }, h('div', { class: 'page-head' }, h('h1', {}, title)), messages.element, form) };
}
