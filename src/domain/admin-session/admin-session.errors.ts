import { ForbiddenError, MalformedError, UnauthenticatedError, unauthenticatedError } from '../kernel/domain-error';

/** Wrong username or password, an inactive user, or a lock-out: one answer for all (no probing). */
export class AdminSignInFailedError extends unauthenticatedError(
  'ADMIN_AUTH.SIGN_IN_FAILED',
  'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.',
) {}

/** Username and/or password missing from a sign-in (Magento's CredentialsValidator). */
export class MissingCredentialsError extends MalformedError {
  readonly code = 'ADMIN_AUTH.CREDENTIALS_REQUIRED';
  constructor(readonly fields: readonly string[]) {
    super('One or more input exceptions have occurred.', { fields });
  }
}

/** No bearer token, or one that is unknown, revoked or expired, or whose user can no longer act. */
export class AdminTokenInvalidError extends UnauthenticatedError {
  readonly code = 'ADMIN_AUTH.TOKEN_INVALID';
  constructor(reason: string) {
    super(`The admin token is not valid: ${reason}. Sign in again.`, { reason });
  }
}

/**
 * The caller is authenticated but its grant lacks resources the operation needs. An integration
 * hears Magento's words ("The consumer isn't authorized…"); an admin is told it is their role.
 */
export class AccessDeniedError extends ForbiddenError {
  readonly code = 'ACCESS.DENIED';
  /**
   * @param missing the required resources the grant lacks (with `anyOf`: the resources of which
   *   none is allowed)
   * @param options.subject who asked: `consumer` (an integration, the default) or `admin`
   * @param options.anyOf the operation needs only one of `missing`
   */
  constructor(
    readonly missing: readonly string[],
    options: { readonly subject?: 'consumer' | 'admin'; readonly anyOf?: boolean } = {},
  ) {
    const who = options.subject === 'admin' ? "Your role isn't" : "The consumer isn't";
    super(`${who} authorized to access ${options.anyOf === true && missing.length > 1 ? 'any of ' : ''}${missing.join(', ')}.`, {
      resources: missing.join(', '),
    });
  }
}

/** "Your Password" on a save did not match the acting admin's password. */
export class CurrentPasswordInvalidError extends MalformedError {
  readonly code = 'ADMIN_AUTH.CURRENT_PASSWORD_INVALID';
  constructor(readonly signedOut: boolean) {
    super(
      signedOut
        ? 'The password entered for the current user is invalid. Your account is locked and you have been signed out.'
        : 'The password entered for the current user is invalid. Verify the password and try again.',
      { field: 'currentPassword' },
    );
  }
}
