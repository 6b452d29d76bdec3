import { type DomainEvent } from '../kernel/domain-event';

/** Which role: an admin role (`integrationId` null) or the role holding an integration's access. */
interface RoleRef {
  readonly roleName: string;
  readonly kind: 'admin' | 'integration';
  readonly integrationId: string | null;
}

/** An admin role, or an integration's role (created with its integration). */
export type RoleCreated = DomainEvent<'RoleCreated', RoleRef>;

/** Its resource access changed (for an integration's role: the integration's grant). */
export type RoleGrantChanged = DomainEvent<'RoleGrantChanged', RoleRef>;

/** An admin role was given another name. */
export type RoleRenamed = DomainEvent<'RoleRenamed', RoleRef & { readonly previousRoleName: string }>;

/** An admin role was deleted; its users cannot act until given another role. (An integration's role goes with its integration.) */
export type RoleDeleted = DomainEvent<'RoleDeleted', RoleRef>;

/** What a Role records. */
export type RoleEvent = RoleCreated | RoleGrantChanged | RoleRenamed | RoleDeleted;
