import { h, type Child } from './dom.js';

/** A column the grid can be sorted by: its header is a button, and says how the grid is sorted now. */
export interface SortableHeader {
  readonly label: string;
  readonly sort: 'ascending' | 'descending' | 'none';
  readonly onSort: () => void;
}

/** A grid: a caption for screen readers, column headers, rows (cards below 720 px, see admin.css). */
export function gridTable(caption: string, headers: readonly (string | SortableHeader)[], rows: readonly HTMLTableRowElement[], id?: string): HTMLTableElement {
  return h(
    'table',
    { class: 'grid', id },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...headers.map(headerCell))),
    h('tbody', {}, ...rows),
  );
}

function headerCell(header: string | SortableHeader): HTMLTableCellElement {
  if (typeof header === 'string') return h('th', { scope: 'col' }, header);
  const mark = header.sort === 'ascending' ? ' ▲' : header.sort === 'descending' ? ' ▼' : '';
  return h(
    'th',
    { scope: 'col', 'aria-sort': header.sort },
    h('button', { type: 'button', class: 'sort-button', onclick: header.onSort }, header.label, h('span', { 'aria-hidden': 'true' }, mark)),
  );
}

/** A row's first cell: the name, linking to its edit page (plus marks such as badges). */
export function nameCell(label: string, href: string, name: string, ...marks: Child[]): HTMLTableCellElement {
  return h('th', { scope: 'row', 'data-label': label }, h('span', {}, h('a', { href, 'data-link': '' }, name), ...marks));
}

export interface RowActionsOptions {
  readonly editHref: string;
  /** Names the row in the buttons' accessible names ("Edit Partner ERP", "View …", "Delete …"). */
  readonly name: string;
  /** Absent: no Delete button. */
  readonly onDelete?: () => void;
  readonly editLabel?: string;
  /** Actions before Edit (e.g. Activate). */
  readonly before?: Child;
}

/** The Actions cell: Edit and Delete, named for their row. */
export function rowActions(options: RowActionsOptions): HTMLTableCellElement {
  return h(
    'td',
    { 'data-label': 'Actions', class: 'row-actions' },
    options.before,
    h('a', { href: options.editHref, 'data-link': '', class: 'button small', 'aria-label': `${options.editLabel ?? 'Edit'} ${options.name}` }, options.editLabel ?? 'Edit'),
    options.onDelete !== undefined
      ? h('button', { type: 'button', class: 'button small danger', 'aria-label': `Delete ${options.name}`, onclick: options.onDelete }, 'Delete')
      : null,
  );
}

/** Previous / Next with the position; nothing when everything fits one page. */
export function pager(result: { readonly total: number; readonly page: number; readonly pageSize: number }, go: (page: number) => void): HTMLElement | null {
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  if (pages === 1 && result.page === 1) return null;
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    h('button', { type: 'button', class: 'button small', disabled: result.page <= 1, onclick: () => go(result.page - 1) }, 'Previous'),
    h('span', { 'aria-current': 'page' }, `Page ${result.page} of ${pages}`),
    h('button', { type: 'button', class: 'button small', disabled: result.page >= pages, onclick: () => go(result.page + 1) }, 'Next'),
  );
}

/** The `page` of the address (1 when absent or not a positive whole number). */
export function pageOf(query: URLSearchParams): number {
  return Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
}

/** The address's query with another `page` (the other parameters kept). */
export function withPage(query: URLSearchParams, page: number): URLSearchParams {
  const next = new URLSearchParams(query);
  next.set('page', String(page));
  return next;
}

/** "21 records found". */
export function recordCount(total: number): HTMLElement {
  return h('p', { class: 'records' }, `${total} ${total === 1 ? 'record' : 'records'} found`);
}

/**
 * Past the end of a list (its last row was deleted): the last page's query, which also replaces
 * the address without a new history entry.
 */
export function lastPageInstead(query: URLSearchParams, total: number, pageSize: number): URLSearchParams {
  const next = withPage(query, Math.max(1, Math.ceil(total / pageSize)));
  history.replaceState(null, '', `${location.pathname}?${next.toString()}`);
  return next;
}
