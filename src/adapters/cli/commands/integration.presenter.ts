import { type IntegrationCredentials, type ActivationResult, type IntegrationSummary, type IntegrationView } from '../../../application/use-cases/integrations/integration.views';
import { type IntegrationListItem, type ListIntegrationsOutput } from '../../../application/use-cases/integrations/list-integrations.use-case';
import { type CliOutput } from '../output';

const dash = (value: string | null): string => value ?? '-';
const when = (value: Date | null, none = '-'): string => (value === null ? none : value.toISOString());

/** Whitelisted fields of an integration for `--json` (no secrets: views carry none). */
export function summaryDocument(summary: IntegrationSummary): Record<string, unknown> {
  return {
    id: summary.id,
    name: summary.name,
    email: summary.email,
    endpoint: summary.endpoint,
    identityLinkUrl: summary.identityLinkUrl,
    status: summary.status,
    setupType: summary.setupType,
    notSecure: summary.notSecure,
    usesTokenExchange: summary.usesTokenExchange,
    createdAt: summary.createdAt.toISOString(),
    updatedAt: summary.updatedAt.toISOString(),
    lastUsedAt: summary.lastUsedAt === null ? null : summary.lastUsedAt.toISOString(),
    statusReason: summary.statusReason,
    orphaned: summary.orphaned,
  };
}

export function viewDocument(view: IntegrationView): Record<string, unknown> {
  return {
    ...summaryDocument(view),
    access: { resourceAccess: view.access.resourceAccess, resources: [...view.access.resources], excluded: [...view.access.excluded] },
  };
}

export function listDocument(result: ListIntegrationsOutput): Record<string, unknown> {
  const item = (listed: IntegrationListItem): Record<string, unknown> => ({ ...summaryDocument(listed), calls24h: listed.calls24h });
  return { items: result.items.map(item), total: result.total, page: result.page, pageSize: result.pageSize };
}

export function printList(out: CliOutput, result: ListIntegrationsOutput): void {
  const none = result.total === 0 ? 'No integrations.' : `No integrations on page ${result.page} (${result.total} in all).`;
  const headers = ['NAME', 'STATUS', 'SETUP', 'EMAIL', 'ENDPOINT', 'CALLS 24H', 'ID'];
  const row = (item: IntegrationListItem): string[] => [item.name, out.status(item.status), item.setupType, item.email, dash(item.endpoint), String(item.calls24h), out.paint('dim', item.id)];
  if (!out.itemTable(result.items, none, headers, row)) return;
  const first = (result.page - 1) * result.pageSize + 1;
  const last = first + result.items.length - 1;
  out.line(out.paint('dim', `${first}-${last} of ${result.total} (page ${result.page}, ${result.pageSize} per page)`));
}

export function printView(out: CliOutput, view: IntegrationView): void {
  const { access } = view;
  out.fields([
    ['Name', out.paint('strong', view.name)],
    ['ID', view.id],
    ['Status', out.status(view.status)],
    ['Email', view.email],
    ['Endpoint', dash(view.endpoint)],
    ['Identity link', dash(view.identityLinkUrl)],
    ['Setup', view.setupType === 'config' && view.orphaned ? 'config (orphaned: no file declares it)' : view.setupType],
    ...(view.statusReason !== null ? ([['Why', view.statusReason]] as const) : []),
    ['Activation', view.usesTokenExchange ? 'OAuth token exchange (endpoint + identity link)' : 'local (credentials shown at once)'],
    ['Resource access', access.resourceAccess === 'all' ? 'all' : 'custom'],
    ...(access.resourceAccess === 'custom'
      ? ([
          ['Resources', access.resources.length === 0 ? '(none)' : access.resources.join(', ')],
          ['Excluded', access.excluded.length === 0 ? '-' : access.excluded.join(', ')],
        ] as const)
      : []),
    ['Created', when(view.createdAt)],
    ['Updated', when(view.updatedAt)],
    ['Last used', when(view.lastUsedAt, 'never')],
  ]);
  if (view.notSecure) out.line(out.paint('warn', 'Integration not secure: its endpoint or identity link uses http://.'));
}

/** The credentials, which only `activate`, `reauthorize`, `credentials` and `--activate` print. */
export function printCredentials(out: CliOutput, credentials: IntegrationCredentials): void {
  out.fields([
    ['Consumer key', credentials.consumerKey],
    ['Consumer secret', credentials.consumerSecret],
    ['Access token', credentials.accessToken],
    ['Access token secret', credentials.accessTokenSecret],
  ]);
}

export function activationDocument(activation: ActivationResult): Record<string, unknown> {
  return activation.mode === 'local'
    ? { mode: 'local', credentials: { ...activation.credentials } }
    : { mode: 'exchange', identityLinkUrl: activation.identityLinkUrl, consumerKey: activation.consumerKey };
}

/** After an activation or reauthorization: the four values, or where the handshake goes on. */
export function printActivation(out: CliOutput, view: IntegrationView, activation: ActivationResult, verb: 'activated' | 'reauthorized'): void {
  if (activation.mode === 'local') {
    out.line(`Integration "${view.name}" ${verb}. Its credentials (keep them secret):`);
    printCredentials(out, activation.credentials);
    return;
  }
  out.line(`Integration "${view.name}": the OAuth consumer credentials were posted to ${dash(view.endpoint)}.`);
  out.line('To finish the token exchange, open the identity link and log in to the third party:');
  out.line(activation.identityLinkUrl);
}
