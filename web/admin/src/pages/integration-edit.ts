import { api, ApiError } from '../api.js';
import { titlesOf } from '../audit-labels.js';
import { h } from '../dom.js';
import { clearErrors, field, inputValue, messageArea, showFieldErrors } from '../forms.js';
import { resourceAccessEditor } from '../resource-tree.js';
import { type Page, type PageContext } from '../router.js';
import { tabs } from '../tabs.js';
import { type AclNode, type Credentials, type Integration, type SavedIntegration } from '../types.js';
import { activateIntegration, showTokens } from './activation.js';
import { historyPanel, loadHistory, loadUsage, usageSection } from './integration-history.js';
import { POLICY_ERROR_FIELDS, securityEditor } from './integration-security.js';

const CALLBACK_HELP = 'Enter URL where Oauth credentials can be sent when using Oauth for token exchange. We strongly recommend using https://.';
const IDENTITY_HELP = "URL to redirect the user to link their 3rd party account with this integration's credentials. We strongly recommend using https://.";
const GRANT_FIELDS = new Set(['resourceAccess', 'resources', 'excluded']);
const INFO_TAB = 0;
const API_TAB = 1;
const SECURITY_TAB = 2;

/**
 * New / Edit Integration: "Integration Info", "API" and "Security" (the credential policy) tabs,
 * Save and Save & Activate. An existing integration also shows its calls of the last 7 days (Info)
 * and a "History" tab; either failing to load leaves the form usable.
 */
export async function integrationEditPage(context: PageContext): Promise<Page> {
  const id = context.params.id;
  const [tree, existing, history, usage] = await Promise.all([
    api.get<AclNode[]>('/rest/V1/acl/resources'),
    id !== undefined ? api.get<Integration>(`/rest/V1/integrations/${encodeURIComponent(id)}`) : Promise.resolve(null),
    id !== undefined ? loadHistory(id) : Promise.resolve(null),
    id !== undefined ? loadUsage(id) : Promise.resolve(null),
  ]);
  const config = existing?.setupType === 'config';
  const title = existing === null ? 'New Integration' : `Edit "${existing.name}" Integration`;
  const messages = messageArea();
  const grant = resourceAccessEditor(tree, existing?.access ?? { resourceAccess: 'custom', resources: [], excluded: [] }, { readOnly: config });

  const info = h(
    'section',
    { class: 'tab-panel' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'General'),
      field({ name: 'name', label: 'Name', required: true, value: existing?.name ?? '', readOnly: config, maxLength: 255 }),
      field({ name: 'email', label: 'Email', type: 'email', required: true, value: existing?.email ?? '', readOnly: config, autocomplete: 'email' }),
      field({ name: 'endpoint', label: 'Callback URL', type: 'url', value: existing?.endpoint ?? '', readOnly: config, help: CALLBACK_HELP }),
      field({ name: 'identityLinkUrl', label: 'Identity Link URL', type: 'url', value: existing?.identityLinkUrl ?? '', readOnly: config, help: IDENTITY_HELP }),
    ),
    usage !== null ? usageSection(usage) : null,
    config
      ? null
      : h(
          'fieldset',
          {},
          h('legend', {}, 'Current User Identity Verification'),
          field({ name: 'currentPassword', label: 'Your Password', type: 'password', required: true, autocomplete: 'current-password' }),
        ),
    existing?.status === 'active' && !existing.usesTokenExchange
      ? h('p', {}, h('button', { type: 'button', class: 'button', onclick: () => void revealTokens(existing, context) }, 'Show the integration tokens'))
      : null,
  );
  const apiPanel = h('section', { class: 'tab-panel' }, grant.element);
  const security = securityEditor(existing?.policy ?? null, { readOnly: config });
  const tabSet = tabs('Integration', [
    { label: 'Integration Info', panel: info },
    { label: 'API', panel: apiPanel },
    { label: 'Security', panel: security.element },
    ...(existing !== null && history !== null ? [{ label: 'History', panel: historyPanel(existing.id, history, titlesOf(tree), context.session.resources) }] : []),
  ]);

  /** Shows the API's (or the form's own) field errors, on the tab of the first; the rest above the form. */
  const showErrors = (error: ApiError): void => {
    const first = error.fieldErrors[0]?.field;
    if (first !== undefined) tabSet.select(GRANT_FIELDS.has(first) ? API_TAB : POLICY_ERROR_FIELDS[first] !== undefined ? SECURITY_TAB : INFO_TAB);
    const unshown = showFieldErrors(form, error, POLICY_ERROR_FIELDS);
    if (error.fieldErrors.length === 0 || unshown.length > 0) messages.show('error', error.fieldErrors.length === 0 ? error.message : unshown.join(' '));
  };

  const save = async (activate: boolean): Promise<void> => {
    clearErrors(form);
    messages.clear();
    const policy = security.value();
    if ('errors' in policy) {
      showErrors(new ApiError(400, 'VALIDATION.FAILED', 'The credential policy is incomplete.', policy.errors));
      return;
    }
    const body = {
      name: inputValue(form, 'name').trim(),
      email: inputValue(form, 'email').trim(),
      endpoint: inputValue(form, 'endpoint').trim(),
      identityLinkUrl: inputValue(form, 'identityLinkUrl').trim(),
      ...grant.value(),
      policy: policy.policy,
      currentPassword: inputValue(form, 'currentPassword'),
    };
    const payload = existing === null ? { ...body, endpoint: body.endpoint || null, identityLinkUrl: body.identityLinkUrl || null } : body;
    let saved: SavedIntegration;
    try {
      saved =
        existing === null
          ? await api.post<SavedIntegration>('/rest/V1/integrations', payload)
          : await api.put<SavedIntegration>(`/rest/V1/integrations/${encodeURIComponent(existing.id)}`, payload);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        messages.show('error', 'The integration could not be saved.');
        return;
      }
      // The tab of the first field in error is shown, so focus lands on a visible field.
      showErrors(error);
      return;
    }
    const saveMessage = { kind: 'success', text: `The integration '${saved.integration.name}' has been saved.` } as const;
    if (!activate) {
      context.navigate('/admin/integrations', saveMessage);
      return;
    }
    // Saved; the activation dialogs open over this page, and the grid shows how it ended.
    try {
      const outcome = await activateIntegration(saved.integration);
      context.navigate('/admin/integrations', outcome ?? saveMessage);
    } catch (error) {
      context.navigate('/admin/integrations', {
        kind: 'error',
        text: `The integration '${saved.integration.name}' has been saved but not activated: ${error instanceof ApiError ? error.message : 'the activation failed.'}`,
      });
    }
  };

  const form = h(
    'form',
    { class: 'edit-form', novalidate: true },
    config
      ? h('p', { class: 'message message-notice' }, 'This integration is declared in a configuration file: change it there. It can still be activated from the grid.')
      : null,
    tabSet.element,
    h(
      'div',
      { class: 'form-actions' },
      h('a', { href: '/admin/integrations', 'data-link': '', class: 'button link' }, 'Back'),
      config ? null : h('button', { type: 'submit', class: 'button', value: 'save' }, 'Save'),
      config ? null : h('button', { type: 'submit', class: 'button primary', value: 'activate', 'data-activate': '' }, 'Save & Activate'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const submitter = event.submitter;
    const buttons = [...form.querySelectorAll<HTMLButtonElement>('button[type="submit"]')];
    buttons.forEach((button) => (button.disabled = true));
    void save(submitter instanceof HTMLButtonElement && submitter.value === 'activate').finally(() => buttons.forEach((button) => (button.disabled = false)));
  });

  return { title, content: h('div', { class: 'page' }, h('div', { class: 'page-head' }, h('h1', {}, title)), messages.element, form) };
}

async function revealTokens(integration: Integration, context: PageContext): Promise<void> {
  try {
    await showTokens(await api.get<Credentials>(`/rest/V1/integrations/${encodeURIComponent(integration.id)}/credentials`));
  } catch (error) {
    context.flash({ kind: 'error', text: error instanceof ApiError ? error.message : 'The tokens could not be read.' });
  }
}
