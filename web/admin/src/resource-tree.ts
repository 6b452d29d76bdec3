import { api, ApiError } from './api.js';
import { h, replaceChildren, uid } from './dom.js';
import { GrantState, type GrantValue, type TreeNode } from './grant-state.js';
import { type EffectivePermission, type Permissions, type PermissionReason } from './types.js';

export interface ResourceAccessEditor {
  readonly element: HTMLElement;
  value(): GrantValue;
}

interface NodeView {
  readonly node: TreeNode;
  readonly item: HTMLLIElement;
  readonly checkbox: HTMLInputElement;
  readonly expander: HTMLButtonElement | null;
  readonly group: HTMLUListElement | null;
  readonly note: HTMLElement;
}

/**
 * "Resource Access" (All / Custom) and the resource tree: checking a parent checks everything
 * below it; unchecking a child keeps the parent checked and records an exclusion; a parent with
 * only some checked resources below is shown partially checked. Keyboard: Tab/Space as for any
 * checkbox; ↑/↓ move between visible resources, → expands, ← collapses or goes to the parent.
 */
export function resourceAccessEditor(tree: readonly TreeNode[], initial: GrantValue, options: { readonly readOnly?: boolean } = {}): ResourceAccessEditor {
  const readOnly = options.readOnly === true;
  const state = new GrantState(tree, initial);
  const views = new Map<string, NodeView>();
  const selectId = uid('resource-access');
  const select = h(
    'select',
    { id: selectId, name: 'resourceAccess', disabled: readOnly },
    h('option', { value: 'all', selected: state.mode === 'all' }, 'All'),
    h('option', { value: 'custom', selected: state.mode === 'custom' }, 'Custom'),
  );
  const summary = h('p', { class: 'tree-summary', 'aria-live': 'polite' });
  const search = h('input', { type: 'search', id: uid('tree-search'), placeholder: 'Title or id', autocomplete: 'off' });
  const effective = effectivePermissionsPanel(() => state.value());

  const renderNode = (node: TreeNode, depth: number): HTMLLIElement => {
    const checkboxId = uid('resource');
    // Read-only boxes stay focusable (aria-disabled, not disabled), so the tree can still be walked.
    const checkbox = h('input', {
      type: 'checkbox',
      id: checkboxId,
      value: node.id,
      'aria-disabled': readOnly ? 'true' : null,
      'aria-describedby': `${checkboxId}-note`,
      'data-resource': node.id,
    });
    const note = h('span', { class: 'tree-note', id: `${checkboxId}-note` });
    const hasChildren = node.children.length > 0;
    const expander = hasChildren
      ? h('button', { type: 'button', class: 'tree-expander', 'aria-expanded': 'true', 'aria-label': `Collapse ${node.title}`, tabindex: '-1' })
      : null;
    const group = hasChildren ? h('ul', { class: 'tree-group' }) : null;
    const item = h(
      'li',
      { class: 'tree-item', 'data-depth': depth },
      h(
        'div',
        { class: 'tree-row' },
        expander ?? h('span', { class: 'tree-leaf', 'aria-hidden': 'true' }),
        checkbox,
        h('label', { for: checkboxId }, node.title, ' ', h('code', { class: 'resource-id' }, node.id)),
        note,
      ),
      group,
    );
    views.set(node.id, { node, item, checkbox, expander, group, note });
    if (readOnly) checkbox.addEventListener('click', (event) => event.preventDefault());
    checkbox.addEventListener('change', () => {
      state.toggle(node.id);
      refresh();
    });
    checkbox.addEventListener('keydown', (event) => onKey(event, node.id));
    expander?.addEventListener('click', () => setExpanded(node.id, expander.getAttribute('aria-expanded') !== 'true'));
    if (group !== null) for (const child of node.children) group.appendChild(renderNode(child, depth + 1));
    return item;
  };

  const setExpanded = (id: string, expanded: boolean): void => {
    const view = views.get(id);
    if (view?.expander === null || view?.expander === undefined || view.group === null) return;
    view.expander.setAttribute('aria-expanded', String(expanded));
    view.expander.setAttribute('aria-label', `${expanded ? 'Collapse' : 'Expand'} ${view.node.title}`);
    view.group.hidden = !expanded;
  };

  const visibleCheckboxes = (): HTMLInputElement[] =>
    [...views.values()].filter((view) => view.checkbox.offsetParent !== null).map((view) => view.checkbox);

  const onKey = (event: KeyboardEvent, id: string): void => {
    const view = views.get(id);
    if (view === undefined) return;
    const move = (step: number): void => {
      const visible = visibleCheckboxes();
      const next = visible[visible.indexOf(view.checkbox) + step];
      next?.focus();
    };
    switch (event.key) {
      case 'ArrowDown':
        move(1);
        break;
      case 'ArrowUp':
        move(-1);
        break;
      case 'ArrowRight':
        if (view.group?.hidden === true) setExpanded(id, true);
        else move(1);
        break;
      case 'ArrowLeft': {
        if (view.group !== null && !view.group.hidden) setExpanded(id, false);
        else views.get(state.ancestors(id).at(-1) ?? '')?.checkbox.focus();
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  };

  const list = h('ul', { class: 'tree', 'aria-label': 'Resources' }, ...tree.map((node) => renderNode(node, 0)));
  const treePanel = h(
    'div',
    { class: 'tree-panel' },
    h(
      'div',
      { class: 'tree-toolbar' },
      h('label', { for: search.id }, 'Search resources'),
      search,
      h('button', { type: 'button', class: 'button small', onclick: () => views.forEach((_, id) => setExpanded(id, true)) }, 'Expand all'),
      h('button', { type: 'button', class: 'button small', onclick: () => views.forEach((_, id) => setExpanded(id, false)) }, 'Collapse all'),
    ),
    list,
  );

  const refresh = (): void => {
    state.mode = select.value === 'all' ? 'all' : 'custom';
    treePanel.hidden = state.mode === 'all';
    const total = views.size;
    for (const [id, view] of views) {
      const checkState = state.state(id);
      view.checkbox.checked = checkState === 'checked';
      view.checkbox.indeterminate = checkState === 'mixed';
      const except = checkState === 'checked' ? state.uncoveredBelow(id) : [];
      view.note.textContent = except.length > 0 ? `except ${except.length === 1 ? (state.node(except[0] ?? '')?.title ?? '') : `${except.length} resources`}` : '';
    }
    const allowed = state.mode === 'all' ? total : state.allowedIds().length;
    summary.textContent = state.mode === 'all' ? 'All resources, including ones added later.' : `${allowed} of ${total} resources allowed.`;
    effective.changed();
  };

  search.addEventListener('input', () => {
    const text = search.value.trim().toLowerCase();
    const matches = (node: TreeNode): boolean => node.title.toLowerCase().includes(text) || node.id.toLowerCase().includes(text);
    const show = (node: TreeNode): boolean => {
      const view = views.get(node.id);
      const childShown = node.children.map(show).some(Boolean);
      const shown = text === '' || matches(node) || childShown;
      if (view !== undefined) {
        view.item.hidden = !shown;
        if (text !== '' && childShown) setExpanded(node.id, true);
        view.item.classList.toggle('tree-match', text !== '' && matches(node));
      }
      return shown;
    };
    tree.forEach(show);
  });
  select.addEventListener('change', refresh);
  refresh();

  const element = h(
    'div',
    { class: 'resource-access' },
    h('div', { class: 'field' }, h('label', { for: selectId }, 'Resource Access'), select),
    readOnly ? h('p', { class: 'help' }, 'Declared in a configuration file: the resources cannot be changed here.') : null,
    summary,
    treePanel,
    effective.element,
  );
  return { element, value: () => state.value() };
}

/** The "Effective permissions" disclosure: every resource, allowed or not, and why (asked of the API). */
function effectivePermissionsPanel(value: () => GrantValue): { element: HTMLElement; changed(): void } {
  const panelId = uid('effective');
  const toggle = h('button', { type: 'button', class: 'button', 'aria-expanded': 'false', 'aria-controls': panelId }, 'Show effective permissions');
  const panel = h('div', { id: panelId, class: 'effective-panel', hidden: true });
  let timer: number | undefined;
  let generation = 0;
  const load = async (): Promise<void> => {
    const mine = ++generation;
    try {
      const answer = await api.post<Permissions>('/rest/V1/acl/permissions', value());
      if (mine === generation) replaceChildren(panel, permissionsTable(answer.permissions));
    } catch (error) {
      if (mine === generation) replaceChildren(panel, h('p', { class: 'message message-error' }, error instanceof ApiError ? error.message : 'The permissions could not be loaded.'));
    }
  };
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'Hide effective permissions' : 'Show effective permissions';
    panel.hidden = !open;
    if (open) void load();
  });
  return {
    element: h('div', { class: 'effective' }, toggle, panel),
    changed() {
      if (panel.hidden) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void load(), 200);
    },
  };
}

/** A table of effective permissions, indented as the tree. */
export function permissionsTable(permissions: readonly EffectivePermission[], onlyAllowed = false): HTMLElement {
  const titles = new Map(permissions.map((p) => [p.resourceId, p.title]));
  const rows = permissions.filter((p) => !onlyAllowed || p.allowed);
  return h(
    'table',
    { class: 'permissions-table' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Resource'), h('th', { scope: 'col' }, 'Access'), onlyAllowed ? null : h('th', { scope: 'col' }, 'Why'))),
    h(
      'tbody',
      {},
      ...rows.map((p) =>
        h(
          'tr',
          { class: p.allowed ? 'allowed' : 'denied', 'data-resource': p.resourceId },
          h('td', { class: `depth-${Math.min(p.depth, 6)}` }, p.title, ' ', h('code', { class: 'resource-id' }, p.resourceId)),
          h('td', {}, p.allowed ? 'Allowed' : 'Denied'),
          onlyAllowed ? null : h('td', {}, reasonText(p.reason, titles)),
        ),
      ),
    ),
  );
}

function reasonText(reason: PermissionReason, titles: ReadonlyMap<string, string>): string {
  const title = (id: string): string => titles.get(id) ?? id;
  switch (reason.kind) {
    case 'all':
      return 'Resource Access is All';
    case 'selected':
      return 'Checked';
    case 'implied':
      return `Included with ${title(reason.by)}`;
    case 'path':
      return `On the way to ${reason.to.map(title).join(', ')}`;
    case 'excluded':
      return reason.by === '' ? 'Unchecked' : `Unchecked (${title(reason.by)})`;
    case 'not-granted':
      return 'Not checked';
  }
}
