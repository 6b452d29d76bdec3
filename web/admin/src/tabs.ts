import { h, uid } from './dom.js';

export interface Tab {
  readonly label: string;
  readonly panel: HTMLElement;
}

/** WAI-ARIA tabs: ←/→/Home/End move between tabs; only the selected tab is in the Tab order. */
export function tabs(label: string, items: readonly Tab[]): { element: HTMLElement; select(index: number): void } {
  const ids = items.map(() => uid('tab'));
  const buttons = items.map((item, index) =>
    h('button', { type: 'button', role: 'tab', id: ids[index], 'aria-controls': `${ids[index]}-panel`, class: 'tab' }, item.label),
  );
  const panels = items.map((item, index) => {
    item.panel.id = `${ids[index]}-panel`;
    item.panel.setAttribute('role', 'tabpanel');
    item.panel.setAttribute('aria-labelledby', ids[index] ?? '');
    return item.panel;
  });
  const select = (index: number, focus = false): void => {
    buttons.forEach((button, i) => {
      button.setAttribute('aria-selected', String(i === index));
      button.tabIndex = i === index ? 0 : -1;
      const panel = panels[i];
      if (panel !== undefined) panel.hidden = i !== index;
    });
    if (focus) buttons[index]?.focus();
  };
  buttons.forEach((button, index) => {
    button.addEventListener('click', () => select(index));
    button.addEventListener('keydown', (event) => {
      const last = buttons.length - 1;
      const target = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
      if (target === undefined) return;
      event.preventDefault();
      select(target, true);
    });
  });
  select(0);
  return { element: h('div', { class: 'tabs' }, h('div', { role: 'tablist', 'aria-label': label, class: 'tablist' }, ...buttons), ...panels), select };
}
