import { ApiError } from './api.js';
import { h, replaceChildren, uid, type Child } from './dom.js';
import { inFormWords, LABELS_OUTSIDE_FIELDS } from './field-messages.js';

export interface FieldOptions {
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'email' | 'url' | 'password';
  readonly value?: string;
  readonly required?: boolean;
  readonly help?: string;
  readonly readOnly?: boolean;
  readonly autocomplete?: string;
  readonly maxLength?: number;
}

/** A labelled input with its help text and an error slot, wired with aria-describedby. */
export function field(options: FieldOptions): HTMLElement {
  const id = uid(`field-${options.name}`);
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const input = h('input', {
    id,
    name: options.name,
    type: options.type ?? 'text',
    value: options.value ?? '',
    required: options.required === true,
    readonly: options.readOnly === true,
    autocomplete: options.autocomplete ?? 'off',
    maxlength: options.maxLength,
    'aria-describedby': [options.help !== undefined ? helpId : '', errorId].filter(Boolean).join(' '),
  });
  return h(
    'div',
    { class: 'field', 'data-field': options.name },
    // The asterisk is drawn by the style sheet; `required` tells assistive technology.
    h('label', { for: id, class: options.required === true ? 'required' : null }, options.label),
    input,
    options.help !== undefined ? h('p', { class: 'help', id: helpId }, options.help) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true }),
  );
}

/** A labelled select. */
export function selectField(name: string, label: string, options: readonly { value: string; label: string }[], value: string, disabled = false): HTMLElement {
  const id = uid(`field-${name}`);
  return h(
    'div',
    { class: 'field', 'data-field': name },
    h('label', { for: id }, label),
    h('select', { id, name, disabled, 'aria-describedby': `${id}-error` }, ...options.map((option) => h('option', { value: option.value, selected: option.value === value }, option.label))),
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }),
  );
}

export function inputValue(form: HTMLElement, name: string): string {
  const input = form.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
  return input?.value ?? '';
}

/** Clears every field error of the form. */
export function clearErrors(form: HTMLElement): void {
  for (const error of form.querySelectorAll<HTMLElement>('.field-error')) {
    error.hidden = true;
    error.textContent = '';
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}

/**
 * Shows the API's per-field errors, every one at once, under their fields (what was typed stays),
 * in the words of the form: the API's `"endpoint"` reads as the field's label, "Callback URL" (see
 * field-messages; a field of several controls gives its words in `data-label`). Focuses the first;
 * returns the errors no field of the form could show.
 * @param fieldMap API field name → form field name, where they differ
 */
export function showFieldErrors(form: HTMLElement, error: ApiError, fieldMap: Readonly<Record<string, string>> = {}): string[] {
  clearErrors(form);
  const unshown: string[] = [];
  let first: HTMLElement | null = null;
  for (const { field: apiField, message } of error.fieldErrors) {
    const name = fieldMap[apiField] ?? apiField;
    const wrapper = form.querySelector<HTMLElement>(`[data-field="${name}"]`);
    const slot = wrapper?.querySelector<HTMLElement>('.field-error');
    if (wrapper === null || wrapper === undefined || slot === null || slot === undefined) {
      const label = LABELS_OUTSIDE_FIELDS[apiField];
      unshown.push(label !== undefined ? inFormWords(message, apiField, label) : message);
      continue;
    }
    // The control the error describes (a field of several controls names it), else the field's first.
    const input = (slot.id !== '' ? wrapper.querySelector<HTMLElement>(`[aria-describedby~="${slot.id}"]`) : null) ?? wrapper.querySelector<HTMLElement>('input, select, textarea');
    const label = wrapper.dataset.label ?? wrapper.querySelector('label')?.textContent?.trim() ?? '';
    const worded = label !== '' ? inFormWords(message, apiField, label) : message;
    slot.textContent = slot.textContent === '' ? worded : `${slot.textContent} ${worded}`;
    slot.hidden = false;
    input?.setAttribute('aria-invalid', 'true');
    first ??= input ?? null;
  }
  first?.focus();
  return unshown;
}

/** A message area announced to screen readers. */
export function messageArea(): { element: HTMLElement; show(kind: 'error' | 'success' | 'notice', ...content: Child[]): void; clear(): void } {
  const element = h('div', { class: 'messages' });
  return {
    element,
    show(kind, ...content) {
      replaceChildren(element, h('div', { class: `message message-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...content));
    },
    clear() {
      element.replaceChildren();
    },
  };
}

/**
 * Runs a save with the form's submit buttons disabled; on a refusal shows the errors (under their
 * fields, or in `messages`) and rejects, so the caller moves on only after a success.
 */
export async function submitWhile<T>(
  form: HTMLElement,
  request: Promise<T>,
  messages: { show(kind: 'error', text: string): void },
  fallback: string,
  beforeShowing?: (error: ApiError) => void,
): Promise<T> {
  const buttons = [...form.querySelectorAll<HTMLButtonElement>('button[type="submit"]')];
  buttons.forEach((button) => (button.disabled = true));
  try {
    return await request;
  } catch (error) {
    if (!(error instanceof ApiError)) {
      messages.show('error', fallback);
      throw error;
    }
    beforeShowing?.(error);
    const unshown = showFieldErrors(form, error);
    if (error.fieldErrors.length === 0 || unshown.length > 0) messages.show('error', error.fieldErrors.length === 0 ? error.message : unshown.join(' '));
    throw error;
  } finally {
    buttons.forEach((button) => (button.disabled = false));
  }
}
