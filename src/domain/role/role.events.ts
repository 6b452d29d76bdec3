import { type GrantSnapshot } from '../acl/grant.value-object';
import { type DomainEventsOf } from '../kernel/domain-event';

/** Which role: an admin role (`integrationId` null) or the role holding an integration's access. */
interface RoleRef {
  readonly roleName: string;
  readonly kind: 'admin' | 'integration';
  readonly integrationId: string | null;
}

/** What a Role records: each event's name and payload. */
export type RoleEvent = DomainEventsOf<{
  /** An admin role, or an integration's role (created with its integration), with the access it starts with. */
  RoleCreated: RoleRef & { readonly grant: GrantSnapshot };

  /**
   * Its resource access changed (for an integration's role: the integration's grant), from
   * `previousGrant` to `grant` (`Grant.differenceFrom` tells which resources that adds and removes).
   */
  RoleGrantChanged: RoleRef & { readonly previousGrant: GrantSnapshot; readonly grant: GrantSnapshot };

  /** It was made read-only (only GET, HEAD and OPTIONS allowed) or allowed to write again. */
  RoleReadOnlyChanged: RoleRef & { readonly readOnly: boolean };

  /** An admin role was given another name. */
  RoleRenamed: RoleRef & { readonly previousRoleName: string };

  /** An admin role was deleted; its users cannot act until given another role. (An integration's role goes with its integration.) */
  RoleDeleted: RoleRef;
}>;
