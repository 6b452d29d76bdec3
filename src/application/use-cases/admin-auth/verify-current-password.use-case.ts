import { CurrentPasswordInvalidError } from '../../../domain/admin-session/admin-session.errors';
import { type AdminUserRepository } from '../../../domain/admin-user/admin-user.repository';
import { ActorNotAllowedError } from '../../access/access.errors';
import { type Actor } from '../../access/actor';
import { type PasswordCheck } from './password-check';

export interface VerifyCurrentPasswordInput {
  readonly actor: Actor;
  readonly currentPassword: string;
}

/**
 * "Your Password" on a save (Magento asks for it on every save of an integration, role or user).
 * A wrong password counts towards the sign-in lock-out; reaching it signs the admin out.
 */
export class VerifyCurrentPassword {
  constructor(
    private readonly adminUsers: AdminUserRepository,
    private readonly passwords: PasswordCheck,
  ) {}

  /**
   * The system actor has no password: nothing to check.
   * @throws CurrentPasswordInvalidError (with `signedOut` once the lock-out is reached)
   * @throws ActorNotAllowedError when the admin no longer exists
   */
  async execute(input: VerifyCurrentPasswordInput): Promise<void> {
    if (input.actor.kind === 'system') return;
    const user = await this.adminUsers.findById(input.actor.userId);
    if (user === null) throw new ActorNotAllowedError('the user does not exist');
    const result = await this.passwords.check(user.username, user, input.currentPassword);
    if (!result.ok) throw new CurrentPasswordInvalidError(result.lockedNow);
  }
}
