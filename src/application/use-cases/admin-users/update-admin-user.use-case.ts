import { assertStrongPassword } from '../../../domain/admin-user/admin-password';
import { SelfDeactivationError } from '../../../domain/admin-user/admin-user.errors';
import { SYSTEM_ACTOR, type Actor } from '../../access/actor';
import { toAdminUserView, type AdminUserView } from './admin-user.views';
import { type AdminServices } from '../admin-auth/admin.services';

export interface UpdateAdminUserInput {
  readonly id: string;
  /** Omitted fields keep their value. */
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  /** A new password (reset). */
  readonly password?: string;
  readonly roleId?: string;
  readonly active?: boolean;
  readonly actor?: Actor;
  /**
   * The admin token of the request. Admins who change their own password stay signed in with it;
   * every other session of theirs ends (one stolen with the old password included).
   */
  readonly sessionToken?: string;
}

export type UpdateAdminUserDeps = Pick<AdminServices, 'adminUsers' | 'access' | 'hasher' | 'clock' | 'tokens'>;

/** Edits an admin user: profile, password reset, role, activation. */
export class UpdateAdminUser {
  constructor(private readonly deps: UpdateAdminUserDeps) {}

  /**
   * @throws AdminUserNotFoundError
   * @throws PrivilegeEscalationError for a user or a new role above the actor's access
   * @throws SelfDeactivationError when admins deactivate themselves or change their own role
   * @throws InvalidValueError, WeakPasswordError, RoleNotFoundError
   */
  async execute(input: UpdateAdminUserInput): Promise<AdminUserView> {
    const { adminUsers, access, hasher, clock, tokens } = this.deps;
    const actor = input.actor ?? SYSTEM_ACTOR;
    const user = await access.manageableUser(input, 'edit');
    const self = actor.kind === 'admin' && actor.userId === user.id;
    const now = clock.now();
    const current = user.toSnapshot();
    if (input.firstName !== undefined || input.lastName !== undefined || input.email !== undefined) {
      user.updateProfile(
        {
          firstName: input.firstName ?? current.firstName,
          lastName: input.lastName ?? current.lastName,
          email: input.email ?? current.email,
        },
        now,
      );
    }
    if (input.roleId !== undefined && input.roleId !== current.roleId) {
      if (self) throw new SelfDeactivationError('change the role of');
      user.assignRole((await access.assignableRole(input.roleId, actor)).id, now);
    }
    const deactivating = input.active === false && current.active;
    if (deactivating) {
      if (self) throw new SelfDeactivationError('deactivate');
      user.deactivate(now);
    } else if (input.active === true && !current.active) {
      user.activate(now);
    }
    if (input.password !== undefined) {
      assertStrongPassword(input.password);
      user.changePasswordHash(await hasher.hash(input.password), now);
    }
    // Otherwise reactivating the user would bring their old bearer tokens back to life; and a new
    // password must end the sessions of whoever knew the old one (the asking session aside, when
    // users change their own). Revoked first, and on every `active: false`: a retry after a failed
    // save still revokes.
    if (input.active === false) await tokens.revokeAllOf(user.id);
    else if (input.password !== undefined) await tokens.revokeAllOf(user.id, self ? input.sessionToken : undefined);
    await adminUsers.save(user);
    return toAdminUserView(user);
  }
}
