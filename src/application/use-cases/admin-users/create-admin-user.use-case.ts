import { assertStrongPassword } from '../../../domain/admin-user/admin-password';
import { AdminUser, type AdminUserProfile } from '../../../domain/admin-user/admin-user.aggregate';
import { UsernameTakenError } from '../../../domain/admin-user/admin-user.errors';
import { SYSTEM_ACTOR, type Actor } from '../../access/actor';
import { toAdminUserView, type AdminUserView } from './admin-user.views';
import { type AdminServices } from '../admin-auth/admin.services';

export interface CreateAdminUserInput extends AdminUserProfile {
  readonly username: string;
  readonly password: string;
  readonly roleId: string;
  readonly actor?: Actor;
}

export type CreateAdminUserDeps = Pick<AdminServices, 'adminUsers' | 'access' | 'hasher' | 'clock' | 'ids'>;

/** Creates an active admin user with one admin role. */
export class CreateAdminUser {
  constructor(private readonly deps: CreateAdminUserDeps) {}

  /**
   * @throws InvalidValueError bad username, names or email (naming the field)
   * @throws WeakPasswordError
   * @throws RoleNotFoundError, PrivilegeEscalationError (a role above the actor's access)
   * @throws UsernameTakenError
   */
  async execute(input: CreateAdminUserInput): Promise<AdminUserView> {
    const { adminUsers, access, hasher, clock, ids } = this.deps;
    // The actor first: one who cannot act learns nothing about passwords or usernames.
    const role = await access.assignableRole(input.roleId, input.actor ?? SYSTEM_ACTOR);
    assertStrongPassword(input.password);
    const username = typeof input.username === 'string' ? input.username.trim() : '';
    if (username !== '' && (await adminUsers.findByUsername(username)) !== null) throw new UsernameTakenError(username);
    const draft = AdminUser.create({
      id: ids.next(),
      username: input.username,
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email,
      passwordHash: await hasher.hash(input.password),
      roleId: role.id,
      now: clock.now(),
    });
    await adminUsers.save(draft);
    return toAdminUserView(draft);
  }
}
