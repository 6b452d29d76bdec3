import { type DomainEvent } from '../kernel/domain-event';

interface AdminUserRef {
  readonly username: string;
}

/** An active admin user with one admin role. */
export type AdminUserCreated = DomainEvent<'AdminUserCreated', AdminUserRef & { readonly roleId: string }>;

/** First name, last name or email changed. */
export type AdminUserProfileChanged = DomainEvent<'AdminUserProfileChanged', AdminUserRef>;

/** Assigned another admin role. */
export type AdminUserRoleChanged = DomainEvent<'AdminUserRoleChanged', AdminUserRef & { readonly roleId: string; readonly previousRoleId: string }>;

/** A new password was set (its digest is never part of the event). */
export type AdminUserPasswordChanged = DomainEvent<'AdminUserPasswordChanged', AdminUserRef>;

/** May sign in and act again. */
export type AdminUserActivated = DomainEvent<'AdminUserActivated', AdminUserRef>;

/** May no longer sign in or act. */
export type AdminUserDeactivated = DomainEvent<'AdminUserDeactivated', AdminUserRef>;

export type AdminUserDeleted = DomainEvent<'AdminUserDeleted', AdminUserRef>;

/** What an AdminUser records. */
export type AdminUserEvent =
  | AdminUserCreated
  | AdminUserProfileChanged
  | AdminUserRoleChanged
  | AdminUserPasswordChanged
  | AdminUserActivated
  | AdminUserDeactivated
  | AdminUserDeleted;
