import { api, ApiError } from '../api.js';
import { GRACE_PERIODS } from '../credential-policy.js';
import { openDialog } from '../dialogs.js';
import { formatDateTime, h, replaceChildren, uid } from '../dom.js';
import { permissionsTable } from '../resource-tree.js';
import { type Credentials, type Integration, type IntegrationSummary, type Permissions, type RotatedSecret, type SavedIntegration } from '../types.js';

/**
 * The server's `success_call_back` page (already in the identity link it answers): the third party
 * sends the pop-up there when it is done, and the page closes itself.
 */
const SUCCESS_CALLBACK_PATH = '/admin/integrations/login-success';
const POLL_MS = 500;
export const POPUP_BLOCKED = 'Popup Blocker is enabled! Please add this site to your exception list.';

export interface ActivationOutcome {
  readonly kind: 'success' | 'error' | 'notice';
  readonly text: string;
}

/**
 * Activate or Reauthorize, as Magento's integration.js does: the permissions dialog ("Allow"),
 * then the four tokens (local) or the identity-link pop-up (token exchange). A local
 * reauthorization may keep the old access token working for a while ("Keep the old token working
 * for"). Resolves with what to tell the admin, or null when cancelled.
 */
export async function activateIntegration(integration: IntegrationSummary): Promise<ActivationOutcome | null> {
  const reauthorize = integration.status === 'active';
  const verb = reauthorize ? 'Reauthorize' : 'Allow';
  const permissions = await api.get<Permissions>(`/rest/V1/integrations/${encodeURIComponent(integration.id)}/permissions`);
  const allowed = permissions.permissions.filter((p) => p.allowed);
  const error = h('p', { class: 'message message-error', role: 'alert', hidden: true });
  let answer: SavedIntegration | null = null;
  let popup: Window | null = null;
  // The grace period applies to a token replaced here; the token exchange issues its own.
  const grace = reauthorize && !integration.usesTokenExchange ? graceSelect('Keep the old token working for') : null;
  const dialog = openDialog(
    `The integration "${integration.name}" requests access to`,
    h(
      'div',
      {},
      permissions.access.resourceAccess === 'all'
        ? h('p', {}, 'All resources, including ones added later.')
        : allowed.length === 0
          ? h('p', {}, 'No resources: it will be able to authenticate but not to call any API.')
          : permissionsTable(permissions.permissions, true),
      reauthorize && grace === null ? h('p', { class: 'help' }, 'Reauthorizing replaces the access token: the current one stops working.') : null,
      grace !== null ? h('p', { class: 'help' }, 'Reauthorizing replaces the access token: the current one stops working at once, or after the time chosen here.') : null,
      grace?.element,
      integration.usesTokenExchange ? h('p', { class: 'help' }, 'The credentials are sent to the Callback URL, then you sign in at the third party in a new window.') : null,
      error,
    ),
    [
      { label: 'Cancel' },
      {
        label: verb,
        primary: true,
        onClick: async () => {
          // The pop-up must open in the click itself, or browsers block it.
          popup = integration.usesTokenExchange ? openPopup('') : null;
          try {
            answer = await api.post<SavedIntegration>(
              `/rest/V1/integrations/${encodeURIComponent(integration.id)}/${reauthorize ? 'reauthorize' : 'activate'}`,
              grace !== null ? { graceSeconds: grace.seconds() } : undefined,
            );
            return true;
          } catch (failure) {
            popup?.close();
            error.textContent = failure instanceof ApiError ? failure.message : 'The integration could not be activated.';
            error.hidden = false;
            return false;
          }
        },
      },
    ],
    { wide: true },
  );
  await dialog.closed;
  // Done: from here on the server has activated (or sent the credentials); nothing below repeats it.
  const activation = (answer as SavedIntegration | null)?.activation;
  if (activation?.mode === 'local') {
    const previous = activation.previousTokenValidUntil !== undefined ? `The previous access token works until ${formatDateTime(activation.previousTokenValidUntil)}.` : null;
    await showTokens(activation.credentials, previous);
    const done = `The integration '${integration.name}' has been ${reauthorize ? 're-authorized' : 'activated'}.`;
    return { kind: 'success', text: previous === null ? done : `${done} ${previous}` };
  }
  if (activation?.mode === 'exchange') {
    return runExchange(integration, activation.identityLinkUrl, activation.consumerKey, popup, reauthorize);
  }
  return null;
}

/** Opens (or reuses) the identity-link window; the third party's page gets no handle on this one. */
function openPopup(url: string): Window | null {
  const opened = window.open(url, 'portcullis-identity-link', 'popup,width=760,height=680');
  if (opened !== null) opened.opener = null;
  return opened;
}

/** The tokens dialog: the four values, each with a copy button, `note` (until when a replaced token works), and "Done". */
export async function showTokens(credentials: Credentials, note: string | null = null): Promise<void> {
  await showCredentials(
    'Integration Tokens for Extensions',
    [
      ['Consumer Key', credentials.consumerKey],
      ['Consumer Secret', credentials.consumerSecret],
      ['Access Token', credentials.accessToken],
      ['Access Token Secret', credentials.accessTokenSecret],
    ],
    note,
  );
}

/** Credentials to copy: each value with a copy button, then `note`, and "Done". */
async function showCredentials(title: string, rows: readonly (readonly [string, string])[], note: string | null): Promise<void> {
  const dialog = openDialog(
    title,
    h(
      'div',
      { class: 'tokens' },
      h('p', {}, 'Copy these values to the third-party system now. Keep the secrets secret.'),
      ...rows.map(([label, value]) => tokenRow(label, value)),
      note !== null ? h('p', { class: 'message message-notice' }, note) : null,
    ),
    [{ label: 'Done', primary: true }],
    { wide: true },
  );
  await dialog.closed;
}

/**
 * Rotate the consumer secret: a confirmation with how long the old secret keeps working, then the
 * new secret, shown once. Resolves with what to tell the admin, or null when cancelled.
 */
export async function rotateConsumerSecret(integration: IntegrationSummary): Promise<ActivationOutcome | null> {
  const grace = graceSelect('Keep the old secret working for');
  const error = h('p', { class: 'message message-error', role: 'alert', hidden: true });
  let answer: RotatedSecret | null = null;
  const dialog = openDialog(
    `Rotate the consumer secret of "${integration.name}"`,
    h(
      'div',
      {},
      h('p', {}, 'A new consumer secret is issued, shown once; the consumer key and the access token stay. Give the new secret to the third party.'),
      grace.element,
      error,
    ),
    [
      { label: 'Cancel' },
      {
        label: 'Rotate secret',
        primary: true,
        onClick: async () => {
          try {
            answer = await api.post<RotatedSecret>(`/rest/V1/integrations/${encodeURIComponent(integration.id)}/rotate-secret`, { graceSeconds: grace.seconds() });
            return true;
          } catch (failure) {
            error.textContent = failure instanceof ApiError ? failure.message : 'The secret could not be rotated.';
            error.hidden = false;
            return false;
          }
        },
      },
    ],
  );
  await dialog.closed;
  const rotated = answer as RotatedSecret | null;
  if (rotated === null) return null;
  const until = new Date(rotated.previousSecretValidUntil);
  const previous = until.getTime() > Date.now() ? `The old secret works until ${formatDateTime(rotated.previousSecretValidUntil)}.` : 'The old secret no longer works.';
  await showCredentials(
    'New Consumer Secret',
    [
      ['Consumer Key', rotated.consumerKey],
      ['Consumer Secret', rotated.consumerSecret],
    ],
    previous,
  );
  return { kind: 'success', text: `The consumer secret of '${integration.name}' has been rotated. ${previous}` };
}

/** "Keep the old … working for": no grace period, 5 minutes … 7 days (`graceSeconds`). */
function graceSelect(label: string): { element: HTMLElement; seconds(): number } {
  const id = uid('grace');
  const select = h('select', { id, name: 'graceSeconds' }, ...GRACE_PERIODS.map((period) => h('option', { value: String(period.seconds) }, period.label)));
  return { element: h('div', { class: 'field' }, h('label', { for: id }, label), select), seconds: () => Number(select.value) };
}

function tokenRow(label: string, value: string): HTMLElement {
  const id = uid('token');
  const input = h('input', { id, type: 'text', readonly: true, value, class: 'token-value', spellcheck: 'false', 'data-token': label });
  const status = h('span', { class: 'copy-status', 'aria-live': 'polite' });
  const copy = h('button', { type: 'button', class: 'button small', 'aria-label': `Copy ${label}` }, 'Copy');
  copy.addEventListener('click', () => {
    void copyText(input).then((copied) => {
      status.textContent = copied ? 'Copied' : 'Select the text and copy it';
      window.setTimeout(() => {
        status.textContent = '';
      }, 2000);
    });
  });
  return h('div', { class: 'token-row' }, h('label', { for: id }, label), h('div', { class: 'token-input' }, input, copy, status));
}

async function copyText(input: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    // Without a secure context (plain http on another host) the Clipboard API is absent.
    input.focus();
    input.select();
    return document.execCommand('copy');
  }
}

/**
 * The token exchange's second half: the admin signs in at the third party's identity link in a
 * pop-up; when it comes back to SUCCESS_CALLBACK_PATH or is closed, the integration is re-read.
 */
async function runExchange(
  integration: IntegrationSummary,
  identityLinkUrl: string,
  consumerKey: string,
  popup: Window | null,
  reauthorize: boolean,
): Promise<ActivationOutcome> {
  // The identity link as the server answers it carries oauth_consumer_key and success_call_back.
  const target = new URL(identityLinkUrl);
  if (!target.searchParams.has('oauth_consumer_key')) target.searchParams.set('oauth_consumer_key', consumerKey);
  const status = h('p', { class: 'exchange-status', 'aria-live': 'polite' });
  const body = h('div', {}, h('p', {}, 'Please setup or sign in into your 3rd party account to complete setup of this integration.'), status);
  let timer: number | undefined;
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finished = resolve;
  });
  const watch = (opened: Window): void => {
    window.clearInterval(timer);
    timer = window.setInterval(() => {
      let back = false;
      try {
        back = opened.location.pathname === SUCCESS_CALLBACK_PATH;
      } catch {
        back = false; // still on the third party's origin
      }
      if (opened.closed || back) {
        window.clearInterval(timer);
        finished();
      }
    }, POLL_MS);
  };
  const show = (opened: Window | null): void => {
    if (opened === null) {
      replaceChildren(status, h('span', { class: 'message message-error', role: 'alert' }, POPUP_BLOCKED));
      return;
    }
    replaceChildren(status, 'Waiting for the third party to finish…');
    watch(opened);
  };
  if (popup !== null) popup.location.href = target.toString();
  show(popup);
  const dialog = openDialog(integration.name, body, [
    { label: 'Open the identity link again', onClick: () => (show(openPopup(target.toString())), false) },
    { label: 'Close' },
  ]);
  await Promise.race([done, dialog.closed]);
  window.clearInterval(timer);
  dialog.close();
  const sent: ActivationOutcome = {
    kind: 'notice',
    text: `Integration '${integration.name}' has been sent for ${reauthorize ? 're-authorization' : 'activation'}; it becomes active when the third party completes the setup.`,
  };
  try {
    const now = await api.get<Integration>(`/rest/V1/integrations/${encodeURIComponent(integration.id)}`);
    return now.status === 'active' ? { kind: 'success', text: `The integration '${integration.name}' has been ${reauthorize ? 're-authorized' : 'activated'}.` } : sent;
  } catch {
    return sent; // the grid shows the status anyway
  }
}
