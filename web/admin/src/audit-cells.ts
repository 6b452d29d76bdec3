import { accessModeChange, actorLabel, grantDifference, type GrantChange, type GrantDifferenceLine } from './audit-labels.js';
import { formatTimestamp, h } from './dom.js';
import { type AuditEntry } from './types.js';

/** The row's first cell: when, in the admin's time zone, with the exact instant (ISO, UTC) as its tooltip. */
export function timeCell(entry: AuditEntry): HTMLTableCellElement {
  return h('th', { scope: 'row', 'data-label': 'Time' }, h('time', { datetime: entry.occurredAt, title: entry.occurredAt }, formatTimestamp(entry.occurredAt)));
}

/** Who acted; an admin's cell says so in its tooltip, the kinds (System, CLI, Config sync) speak for themselves. */
export function actorCell(entry: AuditEntry): HTMLTableCellElement {
  const admin = entry.actor.kind === 'admin';
  return h('td', { 'data-label': 'Actor' }, h('span', { class: admin ? 'actor' : 'actor actor-kind', title: admin ? 'Admin user' : null }, actorLabel(entry.actor)));
}

/** The IP the action came from, with the user agent and request id as a tooltip; "—" when it had none (CLI, system). */
export function sourceCell(entry: AuditEntry): HTMLTableCellElement {
  const source = entry.source;
  if (source === null || source.ip === null) return h('td', { 'data-label': 'Source' }, h('span', { class: 'muted', 'aria-label': 'None' }, '—'));
  const tooltip = [source.userAgent, source.requestId !== null ? `Request ${source.requestId}` : null].filter((part) => part !== null).join(' · ');
  return h('td', { 'data-label': 'Source' }, h('span', { class: 'source-ip', title: tooltip === '' ? null : tooltip }, source.ip));
}

/** Lines shown at once; a longer difference (e.g. from All to Custom) shows the rest on request. */
const SHOWN_LINES = 12;

/**
 * A grant's difference: each resource added ("+", green) or removed ("−", red), by its title in the
 * ACL tree when known, with its id; a switch of Resource Access first. The signs are spelled out
 * for screen readers ("Added", "Removed"). Past 12 lines the rest are in a disclosure.
 */
export function grantDifferenceList(change: GrantChange, titles: ReadonlyMap<string, string>): HTMLElement {
  const mode = accessModeChange(change);
  const lines = grantDifference(change, titles).map(differenceLine);
  const list = (items: readonly HTMLLIElement[]): HTMLUListElement => h('ul', { class: 'grant-diff', 'aria-label': 'Resources added and removed' }, ...items);
  return h(
    'div',
    { class: 'grant-change' },
    mode !== null ? h('p', { class: 'access-mode' }, `Resource Access: ${mode}`) : null,
    lines.length === 0 ? h('p', { class: 'muted' }, 'No resource added or removed.') : list(lines.slice(0, SHOWN_LINES)),
    lines.length > SHOWN_LINES ? h('details', {}, h('summary', {}, `${lines.length - SHOWN_LINES} more`), list(lines.slice(SHOWN_LINES))) : null,
  );
}

function differenceLine(line: GrantDifferenceLine): HTMLLIElement {
  return h(
    'li',
    { class: `diff-${line.change}`, 'data-change': line.change, 'data-resource': line.resourceId },
    h('span', { class: 'diff-sign', 'aria-hidden': 'true' }, line.change === 'added' ? '+' : '−'),
    h('span', { class: 'visually-hidden' }, line.change === 'added' ? 'Added: ' : 'Removed: '),
    // Without a title (a resource no longer in the tree) the id is the name, shown at every width.
    line.title !== null ? [h('span', { class: 'diff-title' }, line.title), ' ', h('code', { class: 'resource-id' }, line.resourceId)] : h('code', { class: 'diff-id' }, line.resourceId),
  );
}
