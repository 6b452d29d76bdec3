import { api, ApiError, query } from '../api.js';
import { confirmDialog } from '../dialogs.js';
import { formatDateTime, h } from '../dom.js';
import { gridTable, nameCell, pager, rowActions } from '../grid.js';
import { type Page, type PageContext } from '../router.js';
import { type IntegrationPage, type IntegrationStatus, type IntegrationSummary } from '../types.js';
import { activateIntegration } from './activation.js';

const PAGE_SIZE = 20;
const STATUS_LABEL: Readonly<Record<IntegrationStatus, string>> = { active: 'Active', inactive: 'Inactive', reset: 'Reset' };
export const NOT_SECURE = 'Integration not secure';

/** System > Integrations: the grid with search, status filter, paging and the row actions. */
export async function integrationsGridPage(context: PageContext): Promise<Page> {
  const page = Math.max(1, Number.parseInt(context.query.get('page') ?? '1', 10) || 1);
  const name = context.query.get('name') ?? '';
  const statusParam = context.query.get('status') ?? '';
  const status = Object.hasOwn(STATUS_LABEL, statusParam) ? statusParam : '';
  const [result, reset] = await Promise.all([
    api.get<IntegrationPage>(`/rest/V1/integrations${query({ page, pageSize: PAGE_SIZE, name, status })}`),
    api.get<IntegrationPage>(`/rest/V1/integrations${query({ pageSize: 1, status: 'reset' })}`),
  ]);
  const lastPage = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  if (result.items.length === 0 && page > lastPage) {
    // Past the end (the last row of the last page was deleted): show the last page instead.
    return integrationsGridPage({ ...context, query: withPage(context.query, lastPage) });
  }

  const act = async (integration: IntegrationSummary): Promise<void> => {
    try {
      const outcome = await activateIntegration(integration);
      if (outcome === null) return;
      context.navigate(location.pathname + location.search, { kind: outcome.kind, text: outcome.text });
    } catch (error) {
      context.flash({ kind: 'error', text: error instanceof ApiError ? error.message : 'The integration could not be activated.' });
    }
  };
  const remove = async (integration: IntegrationSummary): Promise<void> => {
    if (!(await confirmDialog('Delete integration', `Are you sure you want to delete the integration "${integration.name}"? You can't undo this action.`, 'Delete'))) return;
    try {
      await api.delete(`/rest/V1/integrations/${encodeURIComponent(integration.id)}`);
      context.navigate(location.pathname + location.search, { kind: 'success', text: `The integration '${integration.name}' has been deleted.` });
    } catch (error) {
      context.flash({ kind: 'error', text: error instanceof ApiError ? error.message : 'The integration could not be deleted.' });
    }
  };

  const filters = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter integrations' },
    h('div', { class: 'field' }, h('label', { for: 'filter-name' }, 'Search by name'), h('input', { id: 'filter-name', name: 'name', type: 'search', value: name })),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'filter-status' }, 'Status'),
      h(
        'select',
        { id: 'filter-status', name: 'status' },
        h('option', { value: '', selected: status === '' }, 'Any'),
        ...Object.entries(STATUS_LABEL).map(([value, label]) => h('option', { value, selected: status === value }, label)),
      ),
    ),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'button' }, 'Search'), h('a', { href: '/admin/integrations', 'data-link': '', class: 'button link' }, 'Reset Filter')),
  );
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(filters);
    const next = new URLSearchParams();
    for (const key of ['name', 'status']) {
      const entry = data.get(key);
      const value = typeof entry === 'string' ? entry.trim() : '';
      if (value !== '') next.set(key, value);
    }
    context.setQuery(next);
  });

  const content = h(
    'div',
    { class: 'page integrations-page' },
    h('div', { class: 'page-head' }, h('h1', {}, 'Integrations'), h('a', { href: '/admin/integrations/new', 'data-link': '', class: 'button primary' }, 'Add New Integration')),
    reset.total > 0
      ? h(
          'div',
          { class: 'message message-notice', role: 'note' },
          'One or more integrations have been reset because of a change to their configuration files. ',
          status === 'reset' ? 'Activate them again to issue new tokens.' : h('a', { href: '/admin/integrations?status=reset', 'data-link': '' }, `Show ${reset.total === 1 ? 'it' : `the ${reset.total}`}`),
        )
      : null,
    filters,
    h('p', { class: 'records' }, `${result.total} ${result.total === 1 ? 'record' : 'records'} found`),
    result.items.length === 0 ? h('p', { class: 'empty' }, name !== '' || status !== '' ? 'No integration matches the filter.' : 'No integrations yet.') : grid(result.items, act, remove),
    pager(result, (target) => {
      const next = new URLSearchParams(location.search);
      next.set('page', String(target));
      context.setQuery(next);
    }),
  );
  return { title: 'Integrations', content };
}

function withPage(current: URLSearchParams, page: number): URLSearchParams {
  const next = new URLSearchParams(current);
  next.set('page', String(page));
  history.replaceState(null, '', `${location.pathname}?${next.toString()}`);
  return next;
}

function grid(items: readonly IntegrationSummary[], act: (i: IntegrationSummary) => Promise<void>, remove: (i: IntegrationSummary) => Promise<void>): HTMLElement {
  return gridTable(
    'Integrations',
    ['Name', 'Email', 'Status', 'Setup', 'Last used', 'Actions'],
    items.map((integration) => {
      const config = integration.setupType === 'config';
      const href = `/admin/integrations/${encodeURIComponent(integration.id)}`;
      return h(
        'tr',
        { 'data-integration': integration.name },
        nameCell(
          'Name',
          href,
          integration.name,
          integration.notSecure ? h('span', { class: 'badge badge-warning', title: 'Its Callback URL or Identity Link URL uses http:' }, NOT_SECURE) : null,
          integration.orphaned ? h('span', { class: 'badge badge-muted' }, 'No longer declared') : null,
        ),
        h('td', { 'data-label': 'Email' }, integration.email),
        h(
          'td',
          { 'data-label': 'Status' },
          h('span', { class: `status status-${integration.status}` }, STATUS_LABEL[integration.status]),
          integration.statusReason !== null ? h('p', { class: 'status-reason' }, integration.statusReason) : null,
        ),
        h('td', { 'data-label': 'Setup' }, config ? 'Config file' : 'Manual'),
        h('td', { 'data-label': 'Last used' }, formatDateTime(integration.lastUsedAt)),
        rowActions({
          editHref: href,
          name: integration.name,
          editLabel: config ? 'View' : 'Edit',
          // Declared integrations are deleted by their file (or, once orphaned, here).
          ...(!config || integration.orphaned ? { onDelete: () => void remove(integration) } : {}),
          before: integration.orphaned
            ? null
            : h('button', { type: 'button', class: 'button small', onclick: () => void act(integration) }, integration.status === 'active' ? 'Reauthorize' : 'Activate'),
        }),
      );
    }),
    'integrationGrid',
  );
}
