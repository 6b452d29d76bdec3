import { api, ApiError, query, type PageOf } from '../api.js';
import { confirmDialog } from '../dialogs.js';
import { formatDateTime, h } from '../dom.js';
import { clearErrors, field, inputValue, messageArea, submitWhile } from '../forms.js';
import { gridTable, lastPageInstead, nameCell, pageOf, pager, recordCount, rowActions, withPage } from '../grid.js';
import { resourceAccessEditor } from '../resource-tree.js';
import { type Page, type PageContext } from '../router.js';
import { tabs } from '../tabs.js';
import { type AclNode, type Role } from '../types.js';

const PAGE_SIZE = 20;

/** System > Permissions > User Roles: one page of roles. */
export async function rolesPage(context: PageContext): Promise<Page> {
  const page = pageOf(context.query);
  const result = await api.get<PageOf<Role>>(`/rest/V1/roles${query({ page, pageSize: PAGE_SIZE })}`);
  if (result.items.length === 0 && page > 1) return rolesPage({ ...context, query: lastPageInstead(context.query, result.total, PAGE_SIZE) });
  const roles = result.items;
  const remove = async (role: Role): Promise<void> => {
    if (!(await confirmDialog('Delete role', `Are you sure you want to delete the role "${role.name}"? Its users cannot sign in until they get another role.`, 'Delete'))) return;
    try {
      const deleted = await api.delete<{ usersWithoutRole: number }>(`/rest/V1/roles/${encodeURIComponent(role.id)}`);
      const users = deleted.usersWithoutRole;
      context.navigate(location.pathname + location.search, {
        kind: 'success',
        text: `You deleted the role "${role.name}".${users > 0 ? ` ${users} ${users === 1 ? 'user has' : 'users have'} no role now.` : ''}`,
      });
    } catch (error) {
      context.flash({ kind: 'error', text: error instanceof ApiError ? error.message : 'The role could not be deleted.' });
    }
  };
  const content = h(
    'div',
    { class: 'page' },
    h('div', { class: 'page-head' }, h('h1', {}, 'Roles'), h('a', { href: '/admin/roles/new', 'data-link': '', class: 'button primary' }, 'Add New Role')),
    recordCount(result.total),
    gridTable(
      'Roles',
      ['Role', 'Resource Access', 'Updated', 'Actions'],
      roles.map((role) => {
        const href = `/admin/roles/${encodeURIComponent(role.id)}`;
        return h(
          'tr',
          { 'data-role': role.name },
          nameCell('Role', href, role.name),
          h('td', { 'data-label': 'Resource Access' }, role.access.resourceAccess === 'all' ? 'All' : `Custom (${role.access.resources.length} checked)`),
          h('td', { 'data-label': 'Updated' }, formatDateTime(role.updatedAt)),
          rowActions({ editHref: href, name: role.name, onDelete: () => void remove(role) }),
        );
      }),
    ),
    pager(result, (target) => context.setQuery(withPage(context.query, target))),
  );
  return { title: 'Roles', content };
}

/** New / Edit Role: "Role Info" and "Role Resources" (the same tree as integrations). */
export async function roleEditPage(context: PageContext): Promise<Page> {
  const id = context.params.id;
  const [tree, existing] = await Promise.all([
    api.get<AclNode[]>('/rest/V1/acl/resources'),
    id !== undefined ? api.get<Role>(`/rest/V1/roles/${encodeURIComponent(id)}`) : Promise.resolve(null),
  ]);
  const title = existing === null ? 'New Role' : `Edit Role "${existing.name}"`;
  const messages = messageArea();
  const grant = resourceAccessEditor(tree, existing?.access ?? { resourceAccess: 'custom', resources: [], excluded: [] });
  const info = h(
    'section',
    { class: 'tab-panel' },
    h('fieldset', {}, h('legend', {}, 'Role Information'), field({ name: 'name', label: 'Role Name', required: true, value: existing?.name ?? '', maxLength: 50 })),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Current User Identity Verification'),
      field({ name: 'currentPassword', label: 'Your Password', type: 'password', required: true, autocomplete: 'current-password' }),
    ),
  );
  const tabSet = tabs('Role', [
    { label: 'Role Info', panel: info },
    { label: 'Role Resources', panel: h('section', { class: 'tab-panel' }, grant.element) },
  ]);
  const form = h(
    'form',
    { class: 'edit-form', novalidate: true },
    tabSet.element,
    h(
      'div',
      { class: 'form-actions' },
      h('a', { href: '/admin/roles', 'data-link': '', class: 'button link' }, 'Back'),
      h('button', { type: 'submit', class: 'button primary' }, 'Save Role'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    messages.clear();
    const body = { name: inputValue(form, 'name').trim(), ...grant.value(), currentPassword: inputValue(form, 'currentPassword') };
    const request = existing === null ? api.post<Role>('/rest/V1/roles', body) : api.put<Role>(`/rest/V1/roles/${encodeURIComponent(existing.id)}`, body);
    submitWhile(form, request, messages, 'The role could not be saved.', (error) => {
      const first = error.fieldErrors[0];
      if (first !== undefined) tabSet.select(['resourceAccess', 'resources', 'excluded'].includes(first.field) ? 1 : 0);
    }).then(
      (role) => context.navigate('/admin/roles', { kind: 'success', text: `You saved the role "${role.name}".` }),
      () => undefined,
    );
  });
  return { title, content: h('div', { class: 'page' }, h('div', { class: 'page-head' }, h('h1', {}, title)), messages.element, form) };
}
