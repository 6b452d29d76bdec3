import { type IntegrationCredentials, type ActivationResult, type IntegrationSummary, type IntegrationView } from '../../../application/use-cases/integrations/integration.views';
import { type IntegrationListItem, type ListIntegrationsOutput } from '../../../application/use-cases/integrations/list-integrations.use-case';
import { type CredentialPolicySnapshot } from '../../../domain/integration/credential-policy.value-object';
import { type CliOutput } from '../output';

const dash = (value: string | null): string => value ?? '-';
const when = (value: Date | null, none = '-'): string => (value === null ? none : value.toISOString());
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The credential policy as the REST view has it (dates as ISO strings). */
function policyDocument(policy: CredentialPolicySnapshot): Record<string, unknown> {
  return {
    expiresAt: policy.expiresAt === null ? null : policy.expiresAt.toISOString(),
    allowedIps: [...policy.allowedIps],
    rateLimit: policy.rateLimit === null ? null : { limit: policy.rateLimit.limit, windowSeconds: policy.rateLimit.windowSeconds },
  };
}

/** The EXPIRES cell: "in 3 days" (rounded to the largest whole unit), "expired", or - for never. */
export function expiresText(expiresAt: Date | null, now: Date): string {
  if (expiresAt === null) return '-';
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  const count = (unit: number, name: string): string => {
    const n = Math.round(left / unit);
    return `in ${n} ${name}${n === 1 ? '' : 's'}`;
  };
  if (left >= DAY_MS) return count(DAY_MS, 'day');
  if (left >= HOUR_MS) return count(HOUR_MS, 'hour');
  if (left >= MINUTE_MS) return count(MINUTE_MS, 'minute');
  return 'in less than a minute';
}

/** `600 per minute`, `10 per second`, `5000 per 2 hours`. */
export function rateText(rate: { readonly limit: number; readonly windowSeconds: number }): string {
  const units: ReadonlyArray<readonly [number, string]> = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const [size, name] = units.find(([unit]) => rate.windowSeconds % unit === 0) ?? [1, 'second'];
  const count = rate.windowSeconds / size;
  return `${rate.limit} per ${count === 1 ? name : `${count} ${name}s`}`;
}

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
    policy: policyDocument(summary.policy),
  };
}

/** The summary's fields, its access, and its policy with `readOnly` (as GET /integrations/:id). */
export function viewDocument(view: IntegrationView): Record<string, unknown> {
  return {
    ...summaryDocument(view),
    access: { resourceAccess: view.access.resourceAccess, resources: [...view.access.resources], excluded: [...view.access.excluded] },
    policy: { readOnly: view.policy.readOnly, ...policyDocument(view.policy) },
  };
}

export function listDocument(result: ListIntegrationsOutput): Record<string, unknown> {
  const item = (listed: IntegrationListItem): Record<string, unknown> => ({ ...summaryDocument(listed), calls24h: listed.calls24h });
  return { items: result.items.map(item), total: result.total, page: result.page, pageSize: result.pageSize };
}

/** @param now what EXPIRES counts from */
export function printList(out: CliOutput, result: ListIntegrationsOutput, now: Date = new Date()): void {
  const none = result.total === 0 ? 'No integrations.' : `No integrations on page ${result.page} (${result.total} in all).`;
  const headers = ['NAME', 'STATUS', 'SETUP', 'EMAIL', 'ENDPOINT', 'CALLS 24H', 'EXPIRES', 'ID'];
  const expires = (item: IntegrationListItem): string => {
    const text = expiresText(item.policy.expiresAt, now);
    return text === 'expired' ? out.paint('bad', text) : text;
  };
  const row = (item: IntegrationListItem): string[] => [
    item.name,
    out.status(item.status),
    item.setupType,
    item.email,
    dash(item.endpoint),
    String(item.calls24h),
    expires(item),
    out.paint('dim', item.id),
  ];
  if (!out.itemTable(result.items, none, headers, row)) return;
  const first = (result.page - 1) * result.pageSize + 1;
  const last = first + result.items.length - 1;
  out.line(out.paint('dim', `${first}-${last} of ${result.total} (page ${result.page}, ${result.pageSize} per page)`));
}

/** @param now what "Expires at" counts from */
export function printView(out: CliOutput, view: IntegrationView, now: Date = new Date()): void {
  const { access, policy } = view;
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
    ['Read-only', policy.readOnly ? 'yes (GET, HEAD and OPTIONS only)' : 'no'],
    ['Expires at', policy.expiresAt === null ? 'never' : `${when(policy.expiresAt)} (${expiresText(policy.expiresAt, now)})`],
    ['Allowed IPs', policy.allowedIps.length === 0 ? 'any' : policy.allowedIps.join(', ')],
    ['Rate limit', policy.rateLimit === null ? 'none' : rateText(policy.rateLimit)],
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
