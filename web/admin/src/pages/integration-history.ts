import { api, ApiError, query } from '../api.js';
import { actorCell, grantDifferenceList, sourceCell, timeCell } from '../audit-cells.js';
import { actionLabel, detailsSummary, grantChangeOf } from '../audit-labels.js';
import { h, uid } from '../dom.js';
import { gridTable } from '../grid.js';
import { type AuditEntry, type AuditPage, type Usage } from '../types.js';
import { usageChart } from '../usage-chart.js';
import { lastDays } from '../usage-days.js';

/** How many of its newest entries the History tab shows; the Activity page, filtered on the integration, has them all. */
export const HISTORY_SIZE = 50;
const AUDIT = 'Portcullis::audit';

/** An answer of the API, or why it could not be had: a part of a page that failed leaves the rest usable. */
export type Loaded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export async function loaded<T>(request: Promise<T>, fallback: string): Promise<Loaded<T>> {
  try {
    return { ok: true, value: await request };
  } catch (error) {
    return { ok: false, message: error instanceof ApiError ? error.message : fallback };
  }
}

/** The integration's newest entries of the audit trail (`GET /rest/V1/integrations/{id}/history`). */
export function loadHistory(integrationId: string): Promise<Loaded<AuditPage>> {
  return loaded(api.get<AuditPage>(`/rest/V1/integrations/${encodeURIComponent(integrationId)}/history${query({ pageSize: HISTORY_SIZE })}`), 'The history could not be loaded.');
}

/** The integration's calls over the last 7 days (UTC), ending now. */
export function loadUsage(integrationId: string, now = new Date()): Promise<{ readonly usage: Loaded<Usage>; readonly days: readonly string[] }> {
  const range = lastDays(now);
  return loaded(
    api.get<Usage>(`/rest/V1/integrations/${encodeURIComponent(integrationId)}/usage${query({ from: range.from, to: range.to })}`),
    'The usage could not be loaded.',
  ).then((usage) => ({ usage, days: range.days }));
}

/**
 * The History tab: what was done to the integration, newest first; a grant change shows its
 * difference, each resource by its title in the tree (`titles`). Links to the Activity page for
 * more when the admin's role allows it.
 */
export function historyPanel(integrationId: string, history: Loaded<AuditPage>, titles: ReadonlyMap<string, string>, resources: readonly string[]): HTMLElement {
  const panel = h('section', { class: 'tab-panel history' });
  if (!history.ok) {
    panel.append(h('p', { class: 'message message-error' }, history.message));
    return panel;
  }
  const { items, total } = history.value;
  const activity = resources.includes(AUDIT)
    ? h('a', { href: `/admin/activity?integrationId=${encodeURIComponent(integrationId)}`, 'data-link': '' }, 'See all its activity')
    : null;
  panel.append(
    h(
      'p',
      { class: 'records' },
      total > items.length ? `The ${items.length} most recent of ${total} entries. ` : `${total} ${total === 1 ? 'entry' : 'entries'}. `,
      activity,
    ),
    items.length === 0
      ? h('p', { class: 'empty' }, 'Nothing recorded yet.')
      : gridTable('History, newest first', ['Time', 'Action', 'Actor', 'Source', 'Changes'], items.map((entry) => historyRow(entry, titles)), 'historyGrid'),
  );
  return panel;
}

function historyRow(entry: AuditEntry, titles: ReadonlyMap<string, string>): HTMLTableRowElement {
  const change = grantChangeOf(entry);
  const summary = detailsSummary(entry);
  return h(
    'tr',
    { 'data-seq': entry.seq, 'data-action': entry.action },
    timeCell(entry),
    h('td', { 'data-label': 'Action' }, actionLabel(entry.action)),
    actorCell(entry),
    sourceCell(entry),
    h(
      'td',
      { 'data-label': 'Changes', class: 'details' },
      change !== null ? grantDifferenceList(change, titles) : summary !== '' ? summary : h('span', { class: 'muted', 'aria-label': 'None' }, '—'),
    ),
  );
}

/** "Usage": the chart of the last 7 days, or why it is missing. */
export function usageSection(loadedUsage: { readonly usage: Loaded<Usage>; readonly days: readonly string[] }): HTMLElement {
  const headingId = uid('usage-heading');
  return h(
    'section',
    { class: 'usage', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Calls in the last 7 days'),
    loadedUsage.usage.ok ? usageChart(loadedUsage.usage.value, loadedUsage.days) : h('p', { class: 'message message-error' }, loadedUsage.usage.message),
  );
}
