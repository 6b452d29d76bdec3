import { type ActionOnRecord } from '../../access/actor';
import { type AdminSignInLockout } from '../admin-auth/admin-sign-in-lockout.use-case';
import { type AdminUserAccess } from './admin-user-access';

export type UnlockAdminUserInput = ActionOnRecord;

export interface UnlockAdminUserOutput {
  readonly id: string;
  readonly username: string;
  /** Until when sign-in was refused; null when the user was not locked (the failures are forgotten anyway). */
  readonly wasLockedUntil: Date | null;
}

/**
 * Magento's Locked Users > Unlock: forgets a user's failed sign-ins, so a user locked out after
 * too many (docs/domain.md: 6 in a row, 1800 s) may sign in again at once. The same rule as editing
 * the user applies: not a user above one's own access.
 */
export class UnlockAdminUser {
  constructor(
    private readonly access: AdminUserAccess,
    private readonly lockout: AdminSignInLockout,
  ) {}

  /** @throws AdminUserNotFoundError, PrivilegeEscalationError, ActorNotAllowedError */
  async execute(input: UnlockAdminUserInput): Promise<UnlockAdminUserOutput> {
    const user = await this.access.manageableUser(input, 'unlock');
    const before = await this.lockout.clear(user.username);
    return { id: user.id, username: user.username, wasLockedUntil: before.lockedUntil };
  }
}
