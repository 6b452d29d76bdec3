import { Grant } from '../../../domain/acl/grant.value-object';
import { AdminUser } from '../../../domain/admin-user/admin-user.aggregate';
import { UsernameTakenError } from '../../../domain/admin-user/admin-user.errors';
import { Role } from '../../../domain/role/role.aggregate';
import { RoleNameTakenError } from '../../../domain/role/role.errors';
import { type RandomSource } from '../../ports/random-source.port';
import { type AdminServices } from './admin.services';

/** The built-in role of full administrators. */
export const ADMINISTRATORS_ROLE_NAME = 'Administrators';
export const INITIAL_ADMIN_USERNAME = 'admin';

export type EnsureInitialAdminOutput =
  | { readonly created: false }
  /** The password is returned once, to be shown to the operator; it is stored only as a digest. */
  | { readonly created: true; readonly username: string; readonly password: string; readonly roleId: string };

export type EnsureInitialAdminDeps = Pick<AdminServices, 'adminUsers' | 'roles' | 'hasher' | 'clock' | 'random' | 'ids'>;

/**
 * First start: when there is no admin user at all, creates the `Administrators` role (All) if it
 * is missing and the user `admin` in it with a random password. Safe when several processes start
 * together on one database: the loser of the race creates nothing.
 */
export class EnsureInitialAdmin {
  constructor(private readonly deps: EnsureInitialAdminDeps) {}

  async execute(): Promise<EnsureInitialAdminOutput> {
    const { adminUsers, hasher, clock, random, ids } = this.deps;
    if ((await adminUsers.list()).length > 0) return { created: false };
    const role = await this.administratorsRole();
    const password = strongRandomPassword(random);
    const user = AdminUser.create({
      id: ids.next(),
      username: INITIAL_ADMIN_USERNAME,
      firstName: 'Portcullis',
      lastName: 'Administrator',
      email: 'admin@example.com',
      passwordHash: await hasher.hash(password),
      roleId: role.id,
      now: clock.now(),
    });
    try {
      await adminUsers.save(user);
    } catch (error) {
      if (error instanceof UsernameTakenError) return { created: false };
      throw error;
    }
    return { created: true, username: user.username, password, roleId: role.id };
  }

  private async administratorsRole(): Promise<Role> {
    const { roles, clock, ids } = this.deps;
    const existing = await roles.findAdminRoleByName(ADMINISTRATORS_ROLE_NAME);
    if (existing !== null) return existing;
    const role = Role.createAdminRole({ id: ids.next(), name: ADMINISTRATORS_ROLE_NAME, grant: Grant.all(), now: clock.now() });
    try {
      await roles.save(role);
      return role;
    } catch (error) {
      const winner = error instanceof RoleNameTakenError ? await roles.findAdminRoleByName(ADMINISTRATORS_ROLE_NAME) : null;
      if (winner === null) throw error;
      return winner;
    }
  }
}

/** 20 characters of [0-9a-z] (about 103 bits), drawn again in the rare case it lacks a letter or a digit. */
function strongRandomPassword(random: RandomSource): string {
  for (;;) {
    const password = random.token().slice(0, 20);
    if (/[a-z]/.test(password) && /[0-9]/.test(password)) return password;
  }
}
