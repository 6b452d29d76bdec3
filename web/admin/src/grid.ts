import { h, type Child } from './dom.js';

/** A grid: a caption for screen readers, column headers, rows (cards below 720 px, see admin.css). */
export function gridTable(caption: string, headers: readonly string[], rows: readonly HTMLTableRowElement[], id?: string): HTMLTableElement {
  return h(
    'table',
    { class: 'grid', id },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...headers.map((label) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, ...rows),
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
