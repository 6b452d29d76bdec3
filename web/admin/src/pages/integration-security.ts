import { type FieldError } from '../api.js';
import { addressLines, expiryPhrase, instantOfLocalInput, localInputValue, rateLimitOf, rateWindowsFor } from '../credential-policy.js';
import { h, uid } from '../dom.js';
import { type CredentialPolicyBody, type Integration } from '../types.js';

const READ_ONLY_HELP = 'Only GET, HEAD and OPTIONS requests are allowed: the integration can read what its API access allows, but not change it.';
const EXPIRY_HELP = 'From then on every call is refused ("The access token has expired") until the integration is reauthorized or the date is changed.';
const ADDRESSES_HELP = 'One IPv4 or IPv6 address or CIDR range per line, such as 203.0.113.0/24 or 2001:db8::/32. Empty: calls may come from anywhere.';
const RATE_HELP = 'Calls beyond the limit are refused (429 Too Many Requests) until the limit allows more.';
const EXPIRY_MISSING = 'Enter the date and time the credentials expire, or uncheck "Credentials expire".';

/**
 * The API's fields of the credential policy → the Security tab's field that shows their errors.
 * The edge names them under `policy.`; the core's rules name them bare (`allowedIps`).
 */
export const POLICY_ERROR_FIELDS: Readonly<Record<string, string>> = {
  'policy.readOnly': 'readOnly',
  'policy.expiresAt': 'expiresAt',
  'policy.allowedIps': 'allowedIps',
  'policy.rateLimit': 'rateLimit',
  'policy.rateLimit.limit': 'rateLimit',
  'policy.rateLimit.windowSeconds': 'rateLimit',
  readOnly: 'readOnly',
  expiresAt: 'expiresAt',
  allowedIps: 'allowedIps',
  rateLimit: 'rateLimit',
};

export interface SecurityEditor {
  readonly element: HTMLElement;
  /** The policy as the tab shows it, or the errors the form finds itself (an expiry without its date). */
  value(): { readonly policy: CredentialPolicyBody } | { readonly errors: readonly FieldError[] };
}

/**
 * The "Security" tab of an integration: read-only access, when its credentials expire (with how
 * long that is from now), the addresses it may call from, and its rate limit. A config-managed
 * integration shows them unchangeable.
 */
export function securityEditor(policy: Integration['policy'] | null, options: { readonly readOnly: boolean }): SecurityEditor {
  const locked = options.readOnly;
  const readOnlyId = uid('field-readOnly');
  const readOnly = checkbox(readOnlyId, 'readOnly', 'Read-only access', policy?.readOnly ?? false, locked, `${readOnlyId}-help ${readOnlyId}-error`);

  const expiresAtId = uid('field-expiresAt');
  const expires = checkbox(uid('field-expires'), 'expires', 'Credentials expire', (policy?.expiresAt ?? null) !== null, locked);
  const expiresAt = h('input', {
    id: expiresAtId,
    name: 'expiresAt',
    type: 'datetime-local',
    value: localInputValue(policy?.expiresAt ?? null),
    readonly: locked,
    'aria-describedby': `${expiresAtId}-note ${expiresAtId}-help ${expiresAtId}-error`,
  });
  const note = h('span', { id: `${expiresAtId}-note`, class: 'expiry-note', 'aria-live': 'polite' });
  const showNote = (): void => {
    const instant = instantOfLocalInput(expiresAt.value);
    note.textContent = instant === null ? '' : expiryPhrase(new Date(instant), new Date());
    note.classList.toggle('expiry-past', instant !== null && new Date(instant).getTime() <= Date.now());
  };
  const expiryDetails = h('div', { class: 'policy-details' }, h('label', { for: expiresAtId }, 'Expires on'), h('div', { class: 'inline-controls' }, expiresAt, note));

  const addressesId = uid('field-allowedIps');
  const addresses = h('textarea', {
    id: addressesId,
    name: 'allowedIps',
    rows: 4,
    spellcheck: 'false',
    readonly: locked,
    'aria-describedby': `${addressesId}-help ${addressesId}-error`,
  });
  addresses.value = (policy?.allowedIps ?? []).join('\n');

  const rateId = uid('field-rateLimit');
  const limited = checkbox(uid('field-rateLimited'), 'rateLimited', 'Rate limit', (policy?.rateLimit ?? null) !== null, locked);
  const count = h('input', {
    id: rateId,
    name: 'rateLimit',
    type: 'number',
    min: 1,
    step: 1,
    inputmode: 'numeric',
    value: policy?.rateLimit ? String(policy.rateLimit.limit) : '',
    readonly: locked,
    class: 'rate-count',
    'aria-describedby': `${rateId}-help ${rateId}-error`,
  });
  const windowSeconds = policy?.rateLimit?.windowSeconds ?? 60;
  const window = h(
    'select',
    { id: `${rateId}-window`, name: 'rateWindow', disabled: locked, class: 'rate-window' },
    ...rateWindowsFor(policy?.rateLimit ?? null).map((option) => h('option', { value: String(option.seconds), selected: option.seconds === windowSeconds }, option.label)),
  );
  const rateDetails = h(
    'div',
    { class: 'policy-details' },
    h('label', { for: rateId }, 'Requests'),
    h('div', { class: 'inline-controls' }, count, h('label', { for: window.id, class: 'inline-label' }, 'requests per'), window),
  );

  const reveal = (box: HTMLInputElement, details: HTMLElement): void => {
    details.hidden = !box.checked;
  };
  expires.input.addEventListener('change', () => {
    reveal(expires.input, expiryDetails);
    if (expires.input.checked && expiresAt.value === '') expiresAt.focus();
  });
  limited.input.addEventListener('change', () => {
    reveal(limited.input, rateDetails);
    if (limited.input.checked && count.value === '') count.focus();
  });
  expiresAt.addEventListener('input', showNote);
  reveal(expires.input, expiryDetails);
  reveal(limited.input, rateDetails);
  showNote();

  const element = h(
    'section',
    { class: 'tab-panel security' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Access'),
      field('readOnly', 'Read-only access', readOnly.element, help(`${readOnlyId}-help`, READ_ONLY_HELP), errorSlot(`${readOnlyId}-error`)),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Credentials'),
      field('expiresAt', 'The expiry date', expires.element, expiryDetails, help(`${expiresAtId}-help`, EXPIRY_HELP), errorSlot(`${expiresAtId}-error`)),
      field(
        'allowedIps',
        'Allowed IP addresses',
        h('label', { for: addressesId }, 'Allowed IP addresses'),
        addresses,
        help(`${addressesId}-help`, ADDRESSES_HELP),
        errorSlot(`${addressesId}-error`),
      ),
      field('rateLimit', 'The rate limit', limited.element, rateDetails, help(`${rateId}-help`, RATE_HELP), errorSlot(`${rateId}-error`)),
    ),
  );

  return {
    element,
    value() {
      let expiry: string | null = null;
      if (expires.input.checked) {
        expiry = instantOfLocalInput(expiresAt.value);
        if (expiry === null) return { errors: [{ field: 'expiresAt', message: EXPIRY_MISSING }] };
      }
      return {
        policy: {
          readOnly: readOnly.input.checked,
          expiresAt: expiry,
          allowedIps: addressLines(addresses.value),
          rateLimit: limited.input.checked ? rateLimitOf(count.value, Number(window.value)) : null,
        },
      };
    },
  };
}

/** A checkbox with its label after it; a config-managed integration's cannot be changed. */
function checkbox(id: string, name: string, label: string, checked: boolean, locked: boolean, describedBy?: string): { element: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { id, name, type: 'checkbox', checked, disabled: locked, 'aria-describedby': describedBy });
  return { element: h('div', { class: 'check' }, input, h('label', { for: id }, label)), input };
}

/** A policy field: its controls, help and error slot; `label` words the API's messages about it. */
function field(name: string, label: string, ...children: HTMLElement[]): HTMLElement {
  return h('div', { class: 'field', 'data-field': name, 'data-label': label }, ...children);
}

function help(id: string, text: string): HTMLElement {
  return h('p', { class: 'help', id }, text);
}

function errorSlot(id: string): HTMLElement {
  return h('p', { class: 'field-error', id, hidden: true });
}
