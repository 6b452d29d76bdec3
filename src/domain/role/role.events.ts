import { type DomainEventsOf } from '../kernel/domain-event';

/** Which role: an admin role (`integrationId` null) or the role holding an integration's access. */
interface RoleRef {
  readonly roleName: string;
  readonly kind: 'admin' | 'integration';
  readonly integrationId: string | null;
}

/** What a Role records: each event's name and payload. */
export type RoleEvent = DomainEventsOf<{
  /** An admin role, or an integration's role (created with its integration). */
  RoleCreated: RoleRef;

  /** Its resource access changed (for an integration's role: the integration's grant). */
  RoleGrantChanged: RoleRef;

  /** An admin role was given another name. */
  RoleRenamed: RoleRef & { readonly previousRoleName: string };

  /** An admin role was deleted; its users cannot act until given another role. (An integration's role goes with its integration.) */
  RoleDeleted: RoleRef;
}>;
