import { h, uid, type Child } from './dom.js';

export interface DialogAction {
  readonly label: string;
  readonly primary?: boolean;
  /** Returns false to keep the dialog open (e.g. while an error is shown). */
  readonly onClick?: () => Promise<boolean | void> | boolean | void;
}

export interface OpenDialog {
  readonly element: HTMLDialogElement;
  readonly body: HTMLElement;
  close(): void;
  /** Resolves with the label of the action that closed it, or null (Esc, Cancel). */
  readonly closed: Promise<string | null>;
}

/**
 * A modal `<dialog>`: focus moves into it and stays there, Esc closes it, and focus returns to
 * what had it before.
 */
export function openDialog(title: string, content: Child, actions: readonly DialogAction[], options: { readonly wide?: boolean } = {}): OpenDialog {
  const titleId = uid('dialog-title');
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const body = h('div', { class: 'dialog-body' }, content);
  const footer = h('div', { class: 'dialog-actions' });
  const dialog = h('dialog', { class: options.wide === true ? 'dialog dialog-wide' : 'dialog', 'aria-labelledby': titleId }, h('h2', { id: titleId }, title), body, footer);
  let result: string | null = null;
  let resolve: (value: string | null) => void = () => undefined;
  const closed = new Promise<string | null>((done) => {
    resolve = done;
  });
  // While an action runs (a request in flight), nothing closes the dialog: its outcome must be seen.
  let busy = false;
  dialog.addEventListener('cancel', (event) => {
    if (busy) event.preventDefault();
  });
  dialog.addEventListener('close', () => {
    dialog.remove();
    previous?.focus();
    resolve(result);
  });
  const buttons: HTMLButtonElement[] = [];
  for (const action of actions) {
    const button = h('button', { type: 'button', class: action.primary === true ? 'button primary' : 'button' }, action.label);
    button.addEventListener('click', () => {
      void (async () => {
        busy = true;
        buttons.forEach((each) => (each.disabled = true));
        let keep = false;
        try {
          keep = (await action.onClick?.()) === false;
        } finally {
          busy = false;
          buttons.forEach((each) => (each.disabled = false));
        }
        if (!keep) {
          result = action.label;
          dialog.close();
        }
      })();
    });
    buttons.push(button);
    footer.appendChild(button);
  }
  document.body.appendChild(dialog);
  dialog.showModal();
  return { element: dialog, body, close: () => dialog.close(), closed };
}

/** "Are you sure?" with Cancel / OK; resolves true for OK. */
export async function confirmDialog(title: string, text: string, okLabel = 'OK'): Promise<boolean> {
  const dialog = openDialog(title, h('p', {}, text), [{ label: 'Cancel' }, { label: okLabel, primary: true }]);
  return (await dialog.closed) === okLabel;
}
