import { api, ApiError, query } from '../api.js';
import { confirmDialog } from '../dialogs.js';
import { formatDateTime, h } from '../dom.js';
import { gridTable, lastPageInstead, nameCell, pager, recordCount, rowActions, type SortableHeader } from '../grid.js';
import { expiryCell } from '../credential-policy.js';
import { addressOf, apiParametersOf, ariaSortOf, PAGE_SIZES, SORT_COLUMNS, sortedBy, UNUSED_FOR_DAYS, viewOf, type GridView, type SortColumn } from '../grid-query.js';
import { type Page, type PageContext } from '../router.js';
import { type IntegrationPage, type IntegrationStatus, type IntegrationSummary } from '../types.js';
import { formatCount } from '../usage-days.js';
import { activateIntegration, rotateConsumerSecret, type ActivationOutcome } from './activation.js';

const STATUS_LABEL: Readonly<Record<IntegrationStatus, string>> = { active: 'Active', inactive: 'Inactive', reset: 'Reset' };
const SORT_LABEL: Readonly<Record<SortColumn, string>> = { name: 'Name', email: 'Email', status: 'Status', setupType: 'Setup', lastUsedAt: 'Last used' };
export const NOT_SECURE = 'Integration not secure';

/**
 * System > Integrations: the grid with search by name and email, status and "Unused for" filters,
 * sorting by any column either way, when the credentials expire, a choice of page size, paging,
 * and the row actions. The view lives in the address (see grid-query).
 */
export async function integrationsGridPage(context: PageContext): Promise<Page> {
  const view = viewOf(context.query);
  const { name, email, status, unusedForDays } = view;
  const [result, reset] = await Promise.all([
    api.get<IntegrationPage>(`/rest/V1/integrations${query(apiParametersOf(view))}`),
    api.get<IntegrationPage>(`/rest/V1/integrations${query({ pageSize: 1, status: 'reset' })}`),
  ]);
  if (result.items.length === 0 && view.page > 1) {
    // Past the end (the last row of the last page was deleted): show the last page instead.
    return integrationsGridPage({ ...context, query: lastPageInstead(context.query, result.total, view.pageSize) });
  }
  const show = (next: GridView): void => context.setQuery(addressOf(next));

  /** Runs a row's dialogs; the grid is read again to show how they ended. */
  const run = async (dialogs: () => Promise<ActivationOutcome | null>, failure: string): Promise<void> => {
    try {
      const outcome = await dialogs();
      if (outcome === null) return;
      context.navigate(location.pathname + location.search, { kind: outcome.kind, text: outcome.text });
    } catch (error) {
      context.flash({ kind: 'error', text: error instanceof ApiError ? error.message : failure });
    }
  };
  const act = (integration: IntegrationSummary): Promise<void> => run(() => activateIntegration(integration), 'The integration could not be activated.');
  const rotate = (integration: IntegrationSummary): Promise<void> => run(() => rotateConsumerSecret(integration), 'The secret could not be rotated.');
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
    h('div', { class: 'field' }, h('label', { for: 'filter-email' }, 'Search by email'), h('input', { id: 'filter-email', name: 'email', type: 'search', value: email })),
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
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'filter-unused' }, 'Unused for'),
      h(
        'select',
        { id: 'filter-unused', name: 'unusedForDays' },
        h('option', { value: '', selected: unusedForDays === null }, 'Any'),
        ...UNUSED_FOR_DAYS.map((days) => h('option', { value: String(days), selected: unusedForDays === days }, `${days} days`)),
      ),
    ),
    // For narrow screens, where the column headers are hidden: the same sorting as a click on a header.
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'filter-sort' }, 'Sort by'),
      h(
        'select',
        { id: 'filter-sort', name: 'sort' },
        ...SORT_COLUMNS.flatMap((column) =>
          (['asc', 'desc'] as const).map((direction) =>
            h(
              'option',
              { value: `${column} ${direction}`, selected: view.sort === column && view.direction === direction },
              `${SORT_LABEL[column]}, ${direction === 'asc' ? 'ascending' : 'descending'}`,
            ),
          ),
        ),
      ),
    ),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'button' }, 'Search'), h('a', { href: '/admin/integrations', 'data-link': '', class: 'button link' }, 'Reset Filter')),
  );
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(filters);
    const text = (key: string): string => {
      const entry = data.get(key);
      return typeof entry === 'string' ? entry.trim() : '';
    };
    const [sort, direction] = text('sort').split(' ');
    // A new search starts on its first page, with the page size kept.
    const next = viewOf(
      new URLSearchParams({ name: text('name'), email: text('email'), status: text('status'), unusedForDays: text('unusedForDays'), sort: sort ?? '', direction: direction ?? '' }),
    );
    show({ ...next, pageSize: view.pageSize });
  });

  const perPage = h(
    'select',
    {
      id: 'page-size',
      name: 'pageSize',
      onchange: (event: Event) => show({ ...view, page: 1, pageSize: Number((event.target as HTMLSelectElement).value) }),
    },
    ...PAGE_SIZES.map((size) => h('option', { value: String(size), selected: size === view.pageSize }, String(size))),
  );
  const filtered = name !== '' || email !== '' || status !== '' || unusedForDays !== null;

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
    h(
      'div',
      { class: 'grid-info' },
      recordCount(result.total),
      h('div', { class: 'page-size' }, h('label', { for: 'page-size' }, 'Per page'), perPage),
    ),
    result.items.length === 0
      ? h('p', { class: 'empty' }, filtered ? 'No integration matches the filter.' : 'No integrations yet.')
      : grid(result.items, view, show, { act, rotate, remove }),
    pager(result, (target) => show({ ...view, page: target })),
  );
  return { title: 'Integrations', content };
}

type RowAction = (integration: IntegrationSummary) => Promise<void>;

function grid(
  items: readonly IntegrationSummary[],
  view: GridView,
  show: (view: GridView) => void,
  actions: { readonly act: RowAction; readonly rotate: RowAction; readonly remove: RowAction },
): HTMLElement {
  const { act, rotate, remove } = actions;
  const sortable = (column: SortColumn): SortableHeader => ({ label: SORT_LABEL[column], sort: ariaSortOf(view, column), onSort: () => show(sortedBy(view, column)) });
  const now = new Date();
  return gridTable(
    'Integrations',
    [...SORT_COLUMNS.map(sortable), 'Expires', 'Calls (24 h)', 'Actions'],
    items.map((integration) => {
      const config = integration.setupType === 'config';
      const expiry = expiryCell(integration.policy.expiresAt, now);
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
        h(
          'td',
          { 'data-label': 'Expires' },
          h('span', { class: expiry.warn ? 'expiry expiry-warning' : 'expiry', title: integration.policy.expiresAt !== null ? formatDateTime(integration.policy.expiresAt) : null }, expiry.text),
        ),
        h('td', { 'data-label': 'Calls (24 h)', class: 'number' }, formatCount(integration.calls24h)),
        rowActions({
          editHref: href,
          name: integration.name,
          editLabel: config ? 'View' : 'Edit',
          // Declared integrations are deleted by their file (or, once orphaned, here).
          ...(!config || integration.orphaned ? { onDelete: () => void remove(integration) } : {}),
          before: integration.orphaned
            ? null
            : [
                h('button', { type: 'button', class: 'button small', onclick: () => void act(integration) }, integration.status === 'active' ? 'Reauthorize' : 'Activate'),
                integration.status === 'active'
                  ? h(
                      'button',
                      { type: 'button', class: 'button small', 'aria-label': `Rotate consumer secret of ${integration.name}`, onclick: () => void rotate(integration) },
                      'Rotate secret',
                    )
                  : null,
              ],
        }),
      );
    }),
    'integrationGrid',
  );
}
