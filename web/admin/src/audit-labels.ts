/**
 * How the admin UI words the audit trail: readable action labels, who acted, what was acted on,
 * and a one-line summary of the details (a grant change as "+2 / −1 resources"). Pure: no DOM,
 * so it is unit-tested on its own.
 */
import { type AuditActor, type AuditEntry, type AuditTarget } from './types.js';

/** Every action the audit trail records, in the order the Activity filter lists them, by group. */
export const ACTION_GROUPS: readonly { readonly label: string; readonly actions: readonly (readonly [string, string])[] }[] = [
  {
    label: 'Integrations',
    actions: [
      ['integration.created', 'Integration created'],
      ['integration.updated', 'Integration updated'],
      ['integration.grant_changed', 'Integration grant changed'],
      ['integration.policy_changed', 'Integration credential policy changed'],
      ['integration.secret_rotated', 'Integration consumer secret rotated'],
      ['integration.activated', 'Integration activated'],
      ['integration.reauthorized', 'Integration reauthorized'],
      ['integration.revoked', 'Integration tokens revoked'],
      ['integration.credentials_viewed', 'Integration tokens viewed'],
      ['integration.deleted', 'Integration deleted'],
      ['integration.reset_by_config', 'Integration reset by its configuration'],
      ['integration.orphaned', 'Integration no longer declared'],
      ['integration.token_exchange_started', 'Token exchange started'],
      ['integration.token_exchange_failed', 'Token exchange failed'],
    ],
  },
  {
    label: 'Roles',
    actions: [
      ['role.created', 'Role created'],
      ['role.grant_changed', 'Role resources changed'],
      ['role.renamed', 'Role renamed'],
      ['role.read_only_changed', 'Role read-only access changed'],
      ['role.deleted', 'Role deleted'],
    ],
  },
  {
    label: 'Users',
    actions: [
      ['admin_user.created', 'User created'],
      ['admin_user.profile_changed', 'User profile changed'],
      ['admin_user.role_changed', 'User role changed'],
      ['admin_user.password_changed', 'User password changed'],
      ['admin_user.activated', 'User activated'],
      ['admin_user.deactivated', 'User deactivated'],
      ['admin_user.deleted', 'User deleted'],
    ],
  },
  {
    label: 'Sign-in',
    actions: [
      ['admin.sign_in_succeeded', 'Signed in'],
      ['admin.sign_in_failed', 'Sign-in failed'],
      ['admin.sign_in_locked', 'Sign-in locked'],
      ['admin.sign_in_unlocked', 'Sign-in unlocked'],
      ['admin.signed_out', 'Signed out'],
    ],
  },
  { label: 'Configuration', actions: [['config_sync.ran', 'Configuration files synced']] },
];

const ACTION_LABELS: ReadonlyMap<string, string> = new Map(ACTION_GROUPS.flatMap((group) => group.actions));

/**
 * "Integration grant changed" for `integration.grant_changed`; an action this UI does not know yet
 * (a newer server) reads as its words: `webhook.sent` → "Webhook sent".
 */
export function actionLabel(action: string): string {
  const known = ACTION_LABELS.get(action);
  if (known !== undefined) return known;
  const words = action.replace(/[._-]+/g, ' ').trim();
  return words === '' ? 'Unknown action' : words.charAt(0).toUpperCase() + words.slice(1);
}

/** Whether `action` is one the Activity filter offers (anything else in the address is ignored). */
export function isKnownAction(action: string): boolean {
  return ACTION_LABELS.has(action);
}

const ACTOR_KINDS: Readonly<Record<AuditActor['kind'], string>> = {
  admin: 'Admin',
  system: 'System',
  cli: 'CLI',
  'config-sync': 'Config sync',
  anonymous: 'Anonymous',
  integration: 'Integration',
};

/**
 * An admin by username (their id when the name is unknown); the CLI with its OS user, "CLI (deploy)";
 * an integration (completing the token exchange) by name, "Integration Partner ERP"; the system and
 * config sync by kind. Someone not signed in (a failed sign-in) is "Anonymous".
 */
export function actorLabel(actor: AuditActor): string {
  const kind = ACTOR_KINDS[actor.kind] ?? actor.kind;
  if (actor.kind === 'admin') return actor.name ?? (actor.id !== null ? `Admin #${actor.id}` : kind);
  if (actor.kind === 'cli' && actor.name !== null) return `${kind} (${actor.name})`;
  if (actor.kind === 'integration' && actor.name !== null) return `${kind} ${actor.name}`;
  return kind;
}

const TARGET_KINDS: Readonly<Record<string, string>> = {
  integration: 'Integration',
  role: 'Role',
  admin_user: 'User',
  config: 'Configuration',
};

/** "Integration", "Role", "User", …; an unknown kind in its own words. */
export function targetKindLabel(target: AuditTarget): string {
  return TARGET_KINDS[target.kind] ?? actionLabel(target.kind);
}

/** The target's name, or its id when it has no name (e.g. a deleted user), or '' when it has neither. */
export function targetName(target: AuditTarget): string {
  return target.name ?? target.id ?? '';
}

/**
 * What a grant change did to the access given (`details` of `*.grant_changed`): the resources it
 * allows now and did not (`added`), the ones it no longer allows (`removed`), and whether Resource
 * Access was and is All (`details.allResources: { before, after }`).
 */
export interface GrantChange {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly allResourcesBefore?: boolean;
  readonly allResourcesAfter?: boolean;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/** The grant change an entry records, or null when its details carry none. */
export function grantChangeOf(entry: AuditEntry): GrantChange | null {
  const { added, removed } = entry.details;
  if (!Array.isArray(added) && !Array.isArray(removed)) return null;
  const all = entry.details.allResources;
  const { before: allResourcesBefore, after: allResourcesAfter } = typeof all === 'object' && all !== null ? (all as Record<string, unknown>) : {};
  return {
    added: strings(added),
    removed: strings(removed),
    ...(typeof allResourcesBefore === 'boolean' ? { allResourcesBefore } : {}),
    ...(typeof allResourcesAfter === 'boolean' ? { allResourcesAfter } : {}),
  };
}

/** "All → Custom" when the change switched Resource Access, else null. */
export function accessModeChange(change: GrantChange): string | null {
  const { allResourcesBefore: before, allResourcesAfter: after } = change;
  if (before === undefined || after === undefined || before === after) return null;
  return `${before ? 'All' : 'Custom'} → ${after ? 'All' : 'Custom'}`;
}

/** "+2 / −1 resources" (the minus sign, not a hyphen), and "(Custom → All)" when Resource Access switched. */
export function grantChangeSummary(change: GrantChange): string {
  const mode = accessModeChange(change);
  return `+${change.added.length} / −${change.removed.length} resources${mode === null ? '' : ` (${mode})`}`;
}

/** One line of a grant's difference: the resource, its title in the ACL tree when known. */
export interface GrantDifferenceLine {
  readonly change: 'added' | 'removed';
  readonly resourceId: string;
  readonly title: string | null;
}

/** Added resources first, then removed ones, each in the order recorded. */
export function grantDifference(change: GrantChange, titles: ReadonlyMap<string, string>): GrantDifferenceLine[] {
  return [
    ...change.added.map((resourceId) => ({ change: 'added' as const, resourceId, title: titles.get(resourceId) ?? null })),
    ...change.removed.map((resourceId) => ({ change: 'removed' as const, resourceId, title: titles.get(resourceId) ?? null })),
  ];
}

/** Every resource's title by id, from the tree of `GET /rest/V1/acl/resources`. */
export function titlesOf(tree: readonly { readonly id: string; readonly title: string; readonly children: readonly unknown[] }[]): Map<string, string> {
  const titles = new Map<string, string>();
  const walk = (nodes: readonly { readonly id: string; readonly title: string; readonly children: readonly unknown[] }[]): void => {
    for (const node of nodes) {
      titles.set(node.id, node.title);
      walk(node.children as typeof nodes);
    }
  };
  walk(tree);
  return titles;
}

/** At most this many details on one line of the Activity grid (the History tab shows grant changes in full). */
const SUMMARY_FIELDS = 3;

/**
 * One line for the Activity grid: a grant change as "+2 / −1 resources"; other details as
 * "reason: locked, attempts: 6" (plain values only; nested ones are left out); '' for none.
 */
export function detailsSummary(entry: AuditEntry): string {
  const change = grantChangeOf(entry);
  if (change !== null) return grantChangeSummary(change);
  const access = accessSummary(entry.details.access);
  const parts: string[] = access !== null ? [access] : [];
  for (const [key, value] of Object.entries(entry.details)) {
    if (parts.length === SUMMARY_FIELDS) break;
    const shown = plainValue(value);
    if (shown !== null) parts.push(`${wordsOf(key)}: ${shown}`);
  }
  return parts.join(', ');
}

/** A grant as given (`role.created`): "Resource Access: All", or "Resource Access: Custom, 3 checked". */
function accessSummary(access: unknown): string | null {
  if (typeof access !== 'object' || access === null) return null;
  const { resourceAccess, resources } = access as Record<string, unknown>;
  if (resourceAccess === 'all') return 'Resource Access: All';
  if (resourceAccess === 'custom') return `Resource Access: Custom, ${Array.isArray(resources) ? resources.length : 0} checked`;
  return null;
}

function plainValue(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) return value.length === 0 ? null : value.join(', ');
  return null;
}

/** `allResources` → "all resources", `from_role` → "from role". */
function wordsOf(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}
