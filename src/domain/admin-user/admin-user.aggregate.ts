import { InvalidValueError } from '../kernel/domain-error';
import { AggregateRoot } from '../kernel/aggregate-root';
import { EmailAddress } from '../kernel/email.value-object';
import { characterCount, comparisonKey, excerpt, normaliseText } from '../kernel/text';
import { type AdminUserEvent } from './admin-user.events';

export interface AdminUserSnapshot {
  readonly id: string;
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  /** A PasswordHasher digest; the password itself is never kept. */
  readonly passwordHash: string;
  readonly active: boolean;
  readonly roleId: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface AdminUserProfile {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
}

const USERNAME_PATTERN = /^[A-Za-z0-9._@+-]{1,40}$/;

/**
 * A person who administers Portcullis, with exactly one admin role. Its mutators record what
 * happened (`AdminUserEvent`, src/domain/admin-user/admin-user.events.ts).
 */
export class AdminUser extends AggregateRoot<AdminUserSnapshot, AdminUserEvent> {
  private constructor(state: AdminUserSnapshot) {
    super(state);
  }

  /**
   * @throws InvalidValueError for a bad username, names or email (naming the field); a control,
   * invisible or bidirectional character is `VALIDATION.CHARACTER_NOT_ALLOWED` with its code point.
   */
  static create(input: AdminUserProfile & { id: string; username: string; passwordHash: string; roleId: string; now: Date }): AdminUser {
    const user = new AdminUser({
      id: input.id,
      username: validUsername(input.username),
      ...validProfile(input),
      passwordHash: input.passwordHash,
      active: true,
      roleId: input.roleId,
      createdAt: input.now,
      updatedAt: input.now,
    });
    user.record('AdminUserCreated', input.now, { ...user.ref(), roleId: input.roleId });
    return user;
  }

  /** Rebuilds a stored user; records nothing. */
  static restore(snapshot: AdminUserSnapshot): AdminUser {
    return new AdminUser({ ...snapshot });
  }

  toSnapshot(): AdminUserSnapshot {
    return { ...this.state };
  }

  get username(): string {
    return this.state.username;
  }
  get roleId(): string {
    return this.state.roleId;
  }
  get passwordHash(): string {
    return this.state.passwordHash;
  }
  get isActive(): boolean {
    return this.state.active;
  }

  /** `AdminUserProfileChanged` is recorded when a value changes. */
  updateProfile(profile: AdminUserProfile, now: Date): void {
    const before = this.state;
    this.state = { ...this.state, ...validProfile(profile), updatedAt: now };
    const changed = (['firstName', 'lastName', 'email'] as const).some((field) => this.state[field] !== before[field]);
    if (changed) this.record('AdminUserProfileChanged', now, this.ref());
  }

  assignRole(roleId: string, now: Date): void {
    const previousRoleId = this.state.roleId;
    this.state = { ...this.state, roleId, updatedAt: now };
    if (roleId !== previousRoleId) this.record('AdminUserRoleChanged', now, { ...this.ref(), roleId, previousRoleId });
  }

  changePasswordHash(passwordHash: string, now: Date): void {
    this.state = { ...this.state, passwordHash, updatedAt: now };
    this.record('AdminUserPasswordChanged', now, this.ref());
  }

  activate(now: Date): void {
    this.state = { ...this.state, active: true, updatedAt: now };
    this.record('AdminUserActivated', now, this.ref());
  }

  /** An inactive user cannot sign in or act. */
  deactivate(now: Date): void {
    this.state = { ...this.state, active: false, updatedAt: now };
    this.record('AdminUserDeactivated', now, this.ref());
  }

  /**
   * Records its deletion (`AdminUserDeleted`). The caller deletes it from the repository and hands
   * the event over (`pullEvents`), since a deletion saves nothing.
   */
  markDeleted(now: Date): void {
    this.record('AdminUserDeleted', now, this.ref());
  }

  /**
   * The key usernames are unique on (ignoring case; usernames are ASCII, so accents never arise).
   * The same `comparisonKey` as every other name (src/domain/kernel/text.ts).
   */
  static usernameKey(username: string): string {
    return comparisonKey(username);
  }

  /** What every admin user event says of it: the username. */
  private ref(): { readonly username: string } {
    return { username: this.state.username };
  }
}

function validUsername(raw: string): string {
  const username = typeof raw === 'string' ? raw.trim() : '';
  if (username.length === 0) {
    throw new InvalidValueError('VALIDATION.REQUIRED', '"username" is required. Enter and try again.', { field: 'username' });
  }
  if (!USERNAME_PATTERN.test(username)) {
    const shown = excerpt(username);
    throw new InvalidValueError(
      'VALIDATION.USERNAME_INVALID',
      `"username" must be 1 to 40 letters, digits or . _ @ + -; "${shown}" is not.`,
      { field: 'username', value: shown },
    );
  }
  return username;
}

/** First and last names by the text rule (src/domain/kernel/text.ts), 1..255 characters; a valid email. */
function validProfile(profile: AdminUserProfile): AdminUserProfile {
  const name = (field: 'firstName' | 'lastName'): string => {
    const value = normaliseText(profile[field], field);
    if (value.length === 0) throw new InvalidValueError('VALIDATION.REQUIRED', `"${field}" is required. Enter and try again.`, { field });
    if (characterCount(value) > 255) {
      throw new InvalidValueError('VALIDATION.NAME_INVALID', `"${field}" must be at most 255 characters long.`, { field });
    }
    return value;
  };
  return { firstName: name('firstName'), lastName: name('lastName'), email: EmailAddress.create(profile.email).value };
}
