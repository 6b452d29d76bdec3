import { type AclResourceTree } from '../../domain/acl/acl-resource-tree';
import { Grant, type GrantSnapshot } from '../../domain/acl/grant.value-object';
import { type PortcullisEventName, type PortcullisEventNamed } from '../ports/domain-events.port';
import { type AuditActor, type AuditDetails, type AuditTarget } from './audit-entry';

/** Every action the audit trail records, by what it happened to. */
export const AUDIT_ACTIONS = [
  'integration.created',
  'integration.updated',
  'integration.grant_changed',
  'integration.policy_changed',
  'integration.secret_rotated',
  'integration.activated',
  'integration.reauthorized',
  'integration.revoked',
  'integration.credentials_viewed',
  'integration.deleted',
  'integration.reset_by_config',
  'integration.orphaned',
  'integration.token_exchange_started',
  'integration.token_exchange_failed',
  'role.created',
  'role.grant_changed',
  'role.renamed',
  'role.read_only_changed',
  'role.deleted',
  'admin_user.created',
  'admin_user.profile_changed',
  'admin_user.role_changed',
  'admin_user.password_changed',
  'admin_user.activated',
  'admin_user.deactivated',
  'admin_user.deleted',
  'admin.sign_in_succeeded',
  'admin.sign_in_failed',
  'admin.sign_in_locked',
  'admin.sign_in_unlocked',
  'admin.signed_out',
  'config_sync.ran',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What the mapping may look up while the entries of a unit of work are written (inside it). */
export interface AuditLookups {
  /** An integration's name (as stored now, or as an event of the same unit of work says); null when it is gone. */
  integrationName(id: string): Promise<string | null>;
  /** An admin user's username; null when the user is gone. */
  adminUsername(id: string): Promise<string | null>;
  /** The ACL tree grant changes are compared on. */
  tree(): AclResourceTree;
}

/** What one event says for the audit trail; `actor` only when the event itself knows who acted better than the call's scope. */
export interface AuditFact {
  readonly action: AuditAction;
  readonly target: AuditTarget;
  readonly details: AuditDetails;
  readonly actor?: AuditActor;
}

type Describe<N extends PortcullisEventName> = (event: PortcullisEventNamed<N>, lookups: AuditLookups) => AuditFact | null | Promise<AuditFact | null>;

/**
 * Which entry each event makes: keyed by every event name, so that a new event does not compile
 * until it is mapped here or skipped (null, with the reason). One event makes at most one entry.
 *
 * Skipped: `AccessTokenIssued` (the `integration.activated` or `integration.reauthorized` entry of
 * the same commit says it), `AccessTokenRevoked` (the `integration.revoked`, `reset_by_config` or
 * `orphaned` entry says it), and `RoleDeleted` of an integration's role (it goes with its
 * integration: `integration.deleted`). The role an integration is created with is not skipped: its
 * `RoleCreated` is the integration's first `integration.grant_changed` (from nothing to what it
 * was given), so the history of an integration shows every access it was ever given.
 */
export const AUDIT_TRAIL: { readonly [N in PortcullisEventName]: Describe<N> | null } = {
  IntegrationCreated: (event) => fact('integration.created', integrationOf(event), { setupType: event.payload.setupType }),
  IntegrationDetailsChanged: (event) =>
    fact('integration.updated', integrationOf(event), { by: event.payload.by, changed: [...event.payload.changed], previousName: event.payload.previousName }),
  IntegrationActivated: (event) => {
    const target = integrationOf(event);
    // At the end of the token exchange, the third party asked for its access token: it acted.
    const actor: AuditActor | undefined = event.payload.via === 'token-exchange' ? { kind: 'integration', id: target.id, name: target.name } : undefined;
    return { ...fact('integration.activated', target, { via: event.payload.via }), ...(actor !== undefined ? { actor } : {}) };
  },
  IntegrationReauthorized: (event) => fact('integration.reauthorized', integrationOf(event)),
  IntegrationTokenExchangeStarted: (event) => fact('integration.token_exchange_started', integrationOf(event), { intent: event.payload.intent }),
  IntegrationTokenExchangeFailed: (event) => fact('integration.token_exchange_failed', integrationOf(event)),
  IntegrationCredentialsViewed: (event) => fact('integration.credentials_viewed', integrationOf(event)),
  IntegrationDeactivated: (event) => fact('integration.revoked', integrationOf(event)),
  IntegrationResetByConfiguration: (event) => fact('integration.reset_by_config', integrationOf(event), { reason: event.payload.reason }),
  IntegrationOrphaned: (event) => fact('integration.orphaned', integrationOf(event)),
  IntegrationPolicyChanged: (event) => fact('integration.policy_changed', integrationOf(event), { by: event.payload.by, changed: [...event.payload.changed] }),
  IntegrationConsumerSecretRotated: (event) => fact('integration.secret_rotated', integrationOf(event), { graceSeconds: event.payload.graceSeconds }),
  IntegrationDeleted: (event) => fact('integration.deleted', integrationOf(event)),
  AccessTokenIssued: null,
  AccessTokenRevoked: null,
  RoleCreated: async (event, lookups) => {
    const { payload } = event;
    if (payload.kind === 'integration' && payload.integrationId !== null) {
      return fact('integration.grant_changed', await integrationById(payload.integrationId, lookups), grantChange(Grant.none().toSnapshot(), payload.grant, lookups));
    }
    return fact('role.created', roleOf(event), { access: accessOf(payload.grant) });
  },
  RoleGrantChanged: async (event, lookups) => {
    const { payload } = event;
    const details = grantChange(payload.previousGrant, payload.grant, lookups);
    if (payload.kind === 'integration' && payload.integrationId !== null) {
      return fact('integration.grant_changed', await integrationById(payload.integrationId, lookups), details);
    }
    return fact('role.grant_changed', roleOf(event), details);
  },
  RoleReadOnlyChanged: async (event, lookups) => {
    const { payload } = event;
    if (payload.kind === 'integration' && payload.integrationId !== null) {
      return fact('integration.policy_changed', await integrationById(payload.integrationId, lookups), { changed: ['readOnly'], readOnly: String(payload.readOnly) });
    }
    return fact('role.read_only_changed', roleOf(event), { readOnly: String(payload.readOnly) });
  },
  RoleRenamed: (event) => fact('role.renamed', roleOf(event), { previousName: event.payload.previousRoleName }),
  RoleDeleted: (event) => (event.payload.kind === 'integration' ? null : fact('role.deleted', roleOf(event))),
  AdminUserCreated: (event) => fact('admin_user.created', adminUserOf(event), { roleId: event.payload.roleId }),
  AdminUserProfileChanged: (event) => fact('admin_user.profile_changed', adminUserOf(event)),
  AdminUserRoleChanged: (event) => fact('admin_user.role_changed', adminUserOf(event), { roleId: event.payload.roleId, previousRoleId: event.payload.previousRoleId }),
  AdminUserPasswordChanged: (event) => fact('admin_user.password_changed', adminUserOf(event)),
  AdminUserActivated: (event) => fact('admin_user.activated', adminUserOf(event)),
  AdminUserDeactivated: (event) => fact('admin_user.deactivated', adminUserOf(event)),
  AdminUserDeleted: (event) => fact('admin_user.deleted', adminUserOf(event)),
  // Sign-in facts: the user signing in acts (when the username is theirs).
  AdminSignInSucceeded: async (event, lookups) => signInFact('admin.sign_in_succeeded', event.payload.adminUserId, lookups, {}),
  AdminSignInFailed: async (event, lookups) =>
    signInFact('admin.sign_in_failed', event.payload.adminUserId, lookups, { knownUser: event.payload.adminUserId !== null }),
  AdminSignInLocked: async (event, lookups) =>
    signInFact('admin.sign_in_locked', event.payload.adminUserId, lookups, { knownUser: event.payload.adminUserId !== null, lockedUntil: event.payload.lockedUntil.toISOString() }),
  AdminSignInUnlocked: async (event, lookups) => {
    const target = await adminUserById(event.payload.adminUserId, lookups);
    return fact('admin.sign_in_unlocked', target, { wasLockedUntil: event.payload.wasLockedUntil?.toISOString() ?? null, failures: event.payload.failures });
  },
  AdminSignedOut: async (event, lookups) => signInFact('admin.signed_out', event.payload.adminUserId, lookups, {}),
  ConfigSyncRan: (event) => fact('config_sync.ran', { kind: 'config', id: null, name: null }, { ...event.payload }),
};

function fact(action: AuditAction, target: AuditTarget, details: AuditDetails = {}): AuditFact {
  return { action, target, details };
}

function integrationOf(event: { readonly aggregateId: string; readonly payload: { readonly integrationName: string } }): AuditTarget {
  return { kind: 'integration', id: event.aggregateId, name: event.payload.integrationName };
}

async function integrationById(id: string, lookups: AuditLookups): Promise<AuditTarget> {
  return { kind: 'integration', id, name: await lookups.integrationName(id) };
}

function roleOf(event: { readonly aggregateId: string; readonly payload: { readonly roleName: string } }): AuditTarget {
  return { kind: 'role', id: event.aggregateId, name: event.payload.roleName };
}

function adminUserOf(event: { readonly aggregateId: string; readonly payload: { readonly username: string } }): AuditTarget {
  return { kind: 'admin_user', id: event.aggregateId, name: event.payload.username };
}

/**
 * The admin user an id names, with the username it has now. A sign-in for a username nobody has
 * names no user: the typed username is not kept (it may be a password typed in the wrong field).
 */
async function adminUserById(id: string | null, lookups: AuditLookups): Promise<AuditTarget> {
  return { kind: 'admin_user', id, name: id === null ? null : await lookups.adminUsername(id) };
}

async function signInFact(action: AuditAction, adminUserId: string | null, lookups: AuditLookups, details: AuditDetails): Promise<AuditFact> {
  const target = await adminUserById(adminUserId, lookups);
  const actor: AuditActor = adminUserId === null ? { kind: 'anonymous', id: null, name: null } : { kind: 'admin', id: target.id, name: target.name };
  return { ...fact(action, target, details), actor };
}

/** `role.created`'s access, as the REST API shows a grant. */
function accessOf(grant: GrantSnapshot): AuditDetails {
  return { resourceAccess: grant.mode, resources: [...grant.selected], excluded: [...grant.excluded] };
}

/** The resources a grant change added and removed (every one, as Magento's resource lists name them), and All before and after. */
function grantChange(previous: GrantSnapshot, current: GrantSnapshot, lookups: AuditLookups): AuditDetails {
  const difference = Grant.restore(current).differenceFrom(Grant.restore(previous), lookups.tree());
  return {
    added: [...difference.added],
    removed: [...difference.removed],
    allResources: { before: difference.allResourcesBefore, after: difference.allResourcesAfter },
  };
}
