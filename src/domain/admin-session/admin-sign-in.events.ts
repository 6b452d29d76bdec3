import { domainEvent, type DomainEvent } from '../kernel/domain-event';

/**
 * Sign-in facts have no aggregate: the use case records them (see SignInAdmin and PasswordCheck).
 * `aggregateId` is the username key the lock-out counts under (`usernameKey`), so that failures
 * for a username nobody has are told apart too; never the password, typed or stored.
 */
interface SignInRef {
  /** The admin user the username belongs to; null when it belongs to none. */
  readonly adminUserId: string | null;
}

/** An admin signed in and was given a bearer token (the token is not part of the event). */
export type AdminSignInSucceeded = DomainEvent<'AdminSignInSucceeded', { readonly adminUserId: string }>;

/**
 * A sign-in was refused: wrong username or password, inactive user, user without a role, or a
 * locked username (the same answer to the caller).
 */
export type AdminSignInFailed = DomainEvent<'AdminSignInFailed', SignInRef>;

/**
 * Too many failures in a row (at sign-in or at "Your Password" on a save): the username is locked
 * until `lockedUntil` and the user, if any, signed out everywhere.
 */
export type AdminSignInLocked = DomainEvent<'AdminSignInLocked', SignInRef & { readonly lockedUntil: Date }>;

/**
 * An operator cleared a username's failed sign-ins (Locked Users > Unlock, `admin:unlock`): it may
 * sign in again at once. `wasLockedUntil` is when the lock would have ended (null when it was not
 * locked, only counting failures).
 */
export type AdminSignInUnlocked = DomainEvent<'AdminSignInUnlocked', SignInRef & { readonly wasLockedUntil: Date | null; readonly failures: number }>;

/**
 * An admin signed out: the bearer token they signed in with is revoked. `aggregateId` is the admin
 * user's id (sign-out names a token, not a username); the token is not part of the event.
 */
export type AdminSignedOut = DomainEvent<'AdminSignedOut', { readonly adminUserId: string }>;

export type AdminSignInEvent = AdminSignInSucceeded | AdminSignInFailed | AdminSignInLocked | AdminSignInUnlocked | AdminSignedOut;

export function adminSignInSucceeded(usernameKey: string, adminUserId: string, now: Date): AdminSignInSucceeded {
  return domainEvent({ name: 'AdminSignInSucceeded', aggregateId: usernameKey, occurredAt: now, payload: { adminUserId } });
}

export function adminSignInFailed(usernameKey: string, adminUserId: string | null, now: Date): AdminSignInFailed {
  return domainEvent({ name: 'AdminSignInFailed', aggregateId: usernameKey, occurredAt: now, payload: { adminUserId } });
}

export function adminSignInLocked(usernameKey: string, adminUserId: string | null, lockedUntil: Date, now: Date): AdminSignInLocked {
  return domainEvent({ name: 'AdminSignInLocked', aggregateId: usernameKey, occurredAt: now, payload: { adminUserId, lockedUntil } });
}

export function adminSignInUnlocked(
  usernameKey: string,
  adminUserId: string | null,
  before: { readonly lockedUntil: Date | null; readonly failures: number },
  now: Date,
): AdminSignInUnlocked {
  return domainEvent({
    name: 'AdminSignInUnlocked',
    aggregateId: usernameKey,
    occurredAt: now,
    payload: { adminUserId, wasLockedUntil: before.lockedUntil, failures: before.failures },
  });
}

export function adminSignedOut(adminUserId: string, now: Date): AdminSignedOut {
  return domainEvent({ name: 'AdminSignedOut', aggregateId: adminUserId, occurredAt: now, payload: { adminUserId } });
}
