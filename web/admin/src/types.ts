/** The admin REST API's answers, as the UI reads them (see /rest/openapi.json). */
import { type PageOf } from './api.js';

export type IntegrationStatus = 'inactive' | 'active' | 'reset';

export interface GrantView {
  readonly resourceAccess: 'all' | 'custom';
  readonly resources: readonly string[];
  readonly excluded: readonly string[];
}

export interface IntegrationSummary {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly endpoint: string | null;
  readonly identityLinkUrl: string | null;
  readonly status: IntegrationStatus;
  readonly setupType: 'manual' | 'config';
  readonly notSecure: boolean;
  readonly usesTokenExchange: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastUsedAt: string | null;
  readonly statusReason: string | null;
  readonly orphaned: boolean;
  /** Calls the integration made in the last 24 hours (allowed ones; refusals are in its usage). */
  readonly calls24h: number;
  readonly policy: CredentialPolicyView;
}

/** At most `limit` requests per `windowSeconds`. */
export interface RateLimitView {
  readonly limit: number;
  readonly windowSeconds: number;
}

/** What limits an integration's credentials beyond its grant. */
export interface CredentialPolicyView {
  /** Calls are refused from then on; null: never. */
  readonly expiresAt: string | null;
  /** CIDR ranges calls may come from; empty: anywhere. */
  readonly allowedIps: readonly string[];
  /** Null: no limit. */
  readonly rateLimit: RateLimitView | null;
}

export interface Integration extends IntegrationSummary {
  readonly access: GrantView;
  /** `readOnly`: only GET, HEAD and OPTIONS requests. */
  readonly policy: CredentialPolicyView & { readonly readOnly: boolean };
}

/** The body's `policy` of Save: every part, so the page saves what it shows. */
export interface CredentialPolicyBody {
  readonly readOnly: boolean;
  readonly expiresAt: string | null;
  readonly allowedIps: readonly string[];
  readonly rateLimit: RateLimitView | null;
}

export type IntegrationPage = PageOf<IntegrationSummary>;

export interface Credentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly accessToken: string;
  readonly accessTokenSecret: string;
}

export type Activation =
  /** `previousTokenValidUntil`: a reauthorization with a grace period, until when the replaced access token works. */
  | { readonly mode: 'local'; readonly credentials: Credentials; readonly previousTokenValidUntil?: string }
  | { readonly mode: 'exchange'; readonly identityLinkUrl: string; readonly consumerKey: string };

export interface SavedIntegration {
  readonly integration: Integration;
  readonly activation?: Activation;
}

/** `POST /rest/V1/integrations/{id}/rotate-secret`: the new secret (shown once) and until when the old one works. */
export interface RotatedSecret {
  readonly integration: Integration;
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly previousSecretValidUntil: string;
}

export interface AclNode {
  readonly id: string;
  readonly title: string;
  readonly sortOrder: number;
  readonly children: readonly AclNode[];
}

export type PermissionReason =
  | { readonly kind: 'all' | 'selected' | 'not-granted' }
  | { readonly kind: 'implied' | 'excluded'; readonly by: string }
  | { readonly kind: 'path'; readonly to: readonly string[] };

export interface EffectivePermission {
  readonly resourceId: string;
  readonly title: string;
  readonly parentId: string | null;
  readonly depth: number;
  readonly allowed: boolean;
  readonly reason: PermissionReason;
}

export interface Permissions {
  readonly access: GrantView;
  readonly permissions: readonly EffectivePermission[];
}

export interface Role {
  readonly id: string;
  readonly name: string;
  readonly access: GrantView;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface AdminUser {
  readonly id: string;
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly active: boolean;
  readonly roleId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A row of the All Users grid: the user, their role's name, and until when sign-in is locked. */
export interface AdminUserListItem extends AdminUser {
  readonly roleName: string | null;
  readonly lockedUntil: string | null;
}

/**
 * Who did what the audit trail records: an admin (id and username), the system, the CLI (its OS
 * user), a config sync, someone not signed in (a failed sign-in), or an integration (the third
 * party completing the token exchange).
 */
export interface AuditActor {
  readonly kind: 'admin' | 'system' | 'cli' | 'config-sync' | 'anonymous' | 'integration';
  readonly id: string | null;
  readonly name: string | null;
}

/** What an audit entry is about; `kind` is open (integration, role, admin_user, config, …). */
export interface AuditTarget {
  readonly kind: string;
  readonly id: string | null;
  readonly name: string | null;
}

export interface AuditSource {
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
}

/** One entry of the audit trail (`GET /rest/V1/audit`, `GET /rest/V1/integrations/{id}/history`). */
export interface AuditEntry {
  readonly seq: number;
  readonly occurredAt: string;
  readonly actor: AuditActor;
  /** `integration.grant_changed`, `admin.sign_in_failed`, … (see audit-labels). */
  readonly action: string;
  readonly target: AuditTarget;
  readonly source: AuditSource | null;
  /** Per action: a grant change has `added` and `removed` resource ids and `allResources: { before, after }`. Never a secret. */
  readonly details: Readonly<Record<string, unknown>>;
  readonly hash: string;
  readonly prevHash: string;
}

export type AuditPage = PageOf<AuditEntry>;

/** Refused calls by reason (signature, nonce, timestamp, revoked, forbidden resource, …). */
export type RefusalCounts = Readonly<Record<string, number>>;

/** One hour of an integration's calls; hours without calls are left out. */
export interface UsageHour {
  readonly hour: string;
  readonly allowed: number;
  readonly refused: RefusalCounts;
}

/** `GET /rest/V1/integrations/{id}/usage?from&to`. */
export interface Usage {
  readonly integrationId: string;
  readonly from: string;
  readonly to: string;
  readonly hours: readonly UsageHour[];
  readonly totals: { readonly allowed: number; readonly refused: RefusalCounts };
}
