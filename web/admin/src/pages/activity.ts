import { activityAddressOf, activityApiParametersOf, activityViewOf, isFiltered, type ActivityView } from '../activity-query.js';
import { allPages, api, query } from '../api.js';
import { actorCell, sourceCell, timeCell } from '../audit-cells.js';
import { ACTION_GROUPS, actionLabel, detailsSummary, targetKindLabel, targetName } from '../audit-labels.js';
import { h } from '../dom.js';
import { gridTable, lastPageInstead, pager, recordCount } from '../grid.js';
import { PAGE_SIZES } from '../grid-query.js';
import { type Page, type PageContext } from '../router.js';
import { type AuditEntry, type AuditPage, type IntegrationSummary } from '../types.js';

const INTEGRATIONS = 'Portcullis::integrations';

/**
 * System > Activity: the audit trail, newest first, filtered by action, actor, integration and
 * days, paged like the other grids. The view lives in the address (see activity-query).
 * Integrations are named and linked only for an admin whose role may list them.
 */
export async function activityPage(context: PageContext): Promise<Page> {
  const view = activityViewOf(context.query);
  const mayListIntegrations = context.session.resources.includes(INTEGRATIONS);
  const [result, integrations] = await Promise.all([
    api.get<AuditPage>(`/rest/V1/audit${query(activityApiParametersOf(view))}`),
    mayListIntegrations ? allPages<IntegrationSummary>('/rest/V1/integrations') : Promise.resolve(null),
  ]);
  if (result.items.length === 0 && view.page > 1) {
    return activityPage({ ...context, query: lastPageInstead(context.query, result.total, view.pageSize) });
  }
  const show = (next: ActivityView): void => context.setQuery(activityAddressOf(next));
  const existing = new Set(integrations?.map((integration) => integration.id) ?? []);

  const filters = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter activity' },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'filter-action' }, 'Action'),
      h(
        'select',
        { id: 'filter-action', name: 'action' },
        h('option', { value: '', selected: view.action === '' }, 'Any'),
        ...ACTION_GROUPS.map((group) =>
          h('optgroup', { label: group.label }, ...group.actions.map(([value, label]) => h('option', { value, selected: view.action === value }, label))),
        ),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'filter-actor' }, 'Actor'),
      h('input', { id: 'filter-actor', name: 'actor', type: 'search', value: view.actor, placeholder: 'Username, cli, system…', autocomplete: 'off', maxlength: 255 }),
    ),
    integrationFilter(view, integrations),
    h('div', { class: 'field field-date' }, h('label', { for: 'filter-from' }, 'From'), h('input', { id: 'filter-from', name: 'from', type: 'date', value: view.from })),
    h('div', { class: 'field field-date' }, h('label', { for: 'filter-to' }, 'To'), h('input', { id: 'filter-to', name: 'to', type: 'date', value: view.to })),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'button' }, 'Search'), h('a', { href: '/admin/activity', 'data-link': '', class: 'button link' }, 'Reset Filter')),
  );
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(filters);
    const text = (key: string): string => {
      const entry = data.get(key);
      return typeof entry === 'string' ? entry.trim() : '';
    };
    // A new search starts on its first page, with the page size kept.
    const next = activityViewOf(new URLSearchParams({ action: text('action'), actor: text('actor'), integrationId: text('integrationId'), from: text('from'), to: text('to') }));
    show({ ...next, pageSize: view.pageSize });
  });

  const perPage = h(
    'select',
    { id: 'page-size', name: 'pageSize', onchange: (event: Event) => show({ ...view, page: 1, pageSize: Number((event.target as HTMLSelectElement).value) }) },
    ...PAGE_SIZES.map((size) => h('option', { value: String(size), selected: size === view.pageSize }, String(size))),
  );

  const content = h(
    'div',
    { class: 'page activity-page' },
    h('div', { class: 'page-head' }, h('h1', {}, 'Activity')),
    filters,
    h('div', { class: 'grid-info' }, recordCount(result.total), h('div', { class: 'page-size' }, h('label', { for: 'page-size' }, 'Per page'), perPage)),
    result.items.length === 0
      ? h('p', { class: 'empty' }, isFiltered(view) ? 'No activity matches the filter.' : 'No activity yet.')
      : gridTable(
          'Activity, newest first',
          ['Time', 'Actor', 'Action', 'Target', 'Source', 'Details'],
          result.items.map((entry) => activityRow(entry, existing)),
          'activityGrid',
        ),
    pager(result, (target) => show({ ...view, page: target })),
  );
  return { title: 'Activity', content };
}

/**
 * Integrations by name (with the one filtered on, when it no longer exists); a role that may not
 * list integrations filters by id instead.
 */
function integrationFilter(view: ActivityView, integrations: readonly IntegrationSummary[] | null): HTMLElement {
  if (integrations === null) {
    return h(
      'div',
      { class: 'field' },
      h('label', { for: 'filter-integration' }, 'Integration ID'),
      h('input', { id: 'filter-integration', name: 'integrationId', type: 'search', value: view.integrationId, autocomplete: 'off', maxlength: 64 }),
    );
  }
  const sorted = [...integrations].sort((a, b) => a.name.localeCompare(b.name));
  const gone = view.integrationId !== '' && !sorted.some((integration) => integration.id === view.integrationId);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: 'filter-integration' }, 'Integration'),
    h(
      'select',
      { id: 'filter-integration', name: 'integrationId' },
      h('option', { value: '', selected: view.integrationId === '' }, 'Any'),
      gone ? h('option', { value: view.integrationId, selected: true }, `Deleted integration (${view.integrationId})`) : null,
      ...sorted.map((integration) => h('option', { value: integration.id, selected: view.integrationId === integration.id }, integration.name)),
    ),
  );
}

function activityRow(entry: AuditEntry, existingIntegrations: ReadonlySet<string>): HTMLTableRowElement {
  const details = detailsSummary(entry);
  return h(
    'tr',
    { 'data-seq': entry.seq, 'data-action': entry.action },
    timeCell(entry),
    actorCell(entry),
    h('td', { 'data-label': 'Action' }, actionLabel(entry.action)),
    targetCell(entry, existingIntegrations),
    sourceCell(entry),
    h('td', { 'data-label': 'Details', class: 'details' }, details === '' ? h('span', { class: 'muted', 'aria-label': 'None' }, '—') : details),
  );
}

/** "Integration Partner ERP", the name linking to the integration while it still exists. */
function targetCell(entry: AuditEntry, existingIntegrations: ReadonlySet<string>): HTMLTableCellElement {
  const { target } = entry;
  const name = targetName(target);
  const linked = target.kind === 'integration' && target.id !== null && existingIntegrations.has(target.id);
  // One element in the cell: on a narrow screen the cell is a two-column grid (label, value).
  return h(
    'td',
    { 'data-label': 'Target' },
    h(
      'span',
      {},
      h('span', { class: 'target-kind' }, targetKindLabel(target)),
      name === '' ? null : ' ',
      name === '' ? null : linked ? h('a', { href: `/admin/integrations/${encodeURIComponent(target.id ?? '')}`, 'data-link': '' }, name) : h('span', { class: 'target-name' }, name),
    ),
  );
}
