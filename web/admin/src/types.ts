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
}

export interface Integration extends IntegrationSummary {
  readonly access: GrantView;
}

export type IntegrationPage = PageOf<IntegrationSummary>;

export interface Credentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly accessToken: string;
  readonly accessTokenSecret: string;
}

export type Activation =
  | { readonly mode: 'local'; readonly credentials: Credentials }
  | { readonly mode: 'exchange'; readonly identityLinkUrl: string; readonly consumerKey: string };

export interface SavedIntegration {
  readonly integration: Integration;
  readonly activation?: Activation;
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
