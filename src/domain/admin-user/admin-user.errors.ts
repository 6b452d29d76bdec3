import { ConflictError, MalformedError, RuleViolationError, unknownIdError } from '../kernel/domain-error';

export class UsernameTakenError extends ConflictError {
  readonly code = 'ADMIN_USER.USERNAME_TAKEN';
  constructor(username: string) {
    super(`A user with the same user name "${username}" already exists.`, { username });
  }
}

export class AdminUserNotFoundError extends unknownIdError('ADMIN_USER.NOT_FOUND', 'admin user') {}

export class WeakPasswordError extends MalformedError {
  readonly code = 'ADMIN_USER.PASSWORD_WEAK';
  constructor(reason: string) {
    // Never echo the password itself.
    super(`The password is too weak: ${reason}.`, { field: 'password' });
  }
}

export class SelfDeactivationError extends RuleViolationError {
  readonly code = 'ADMIN_USER.SELF_CHANGE';
  constructor(what: string) {
    super(`You cannot ${what} your own account.`, {});
  }
}
