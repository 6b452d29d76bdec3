import { type DomainEventsOf } from '../kernel/domain-event';

interface AdminUserRef {
  readonly username: string;
}

/** What an AdminUser records: each event's name and payload. */
export type AdminUserEvent = DomainEventsOf<{
  /** An active admin user with one admin role. */
  AdminUserCreated: AdminUserRef & { readonly roleId: string };

  /** First name, last name or email changed. */
  AdminUserProfileChanged: AdminUserRef;

  /** Assigned another admin role. */
  AdminUserRoleChanged: AdminUserRef & { readonly roleId: string; readonly previousRoleId: string };

  /** A new password was set (its digest is never part of the event). */
  AdminUserPasswordChanged: AdminUserRef;

  /** May sign in and act again. */
  AdminUserActivated: AdminUserRef;

  /** May no longer sign in or act. */
  AdminUserDeactivated: AdminUserRef;

  AdminUserDeleted: AdminUserRef;
}>;
