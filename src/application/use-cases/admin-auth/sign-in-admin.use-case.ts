import { AdminSignInFailedError, MissingCredentialsError } from '../../../domain/admin-session/admin-session.errors';
import { type AdminTokenRepository } from '../../../domain/admin-session/admin-token.repository';
import { type AdminUserRepository } from '../../../domain/admin-user/admin-user.repository';
import { type RoleRepository } from '../../../domain/role/role.repository';
import { type Clock } from '../../ports/clock.port';
import { type RandomSource } from '../../ports/random-source.port';
import { type AdminAuthSettings } from './admin-auth.settings';
import { type PasswordCheck } from './password-check';

export interface SignInAdminInput {
  readonly username: unknown;
  readonly password: unknown;
}

export interface SignInAdminOutput {
  /** The bearer token (32 characters of [0-9a-z]); only its digest is stored. */
  readonly token: string;
  readonly expiresAt: Date;
  readonly adminUserId: string;
}

export interface SignInAdminDeps {
  readonly adminUsers: AdminUserRepository;
  readonly roles: RoleRepository;
  readonly tokens: AdminTokenRepository;
  readonly passwords: PasswordCheck;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly settings: AdminAuthSettings;
}

/** Exchanges an admin's username and password for a bearer token (Magento's admin token). */
export class SignInAdmin {
  constructor(private readonly deps: SignInAdminDeps) {}

  /**
   * @throws MissingCredentialsError naming each empty field
   * @throws AdminSignInFailedError for a wrong username or password, an inactive user, a user
   *   without a role, or a locked-out username: the same answer, so nothing can be probed
   */
  async execute(input: SignInAdminInput): Promise<SignInAdminOutput> {
    const { adminUsers, roles, tokens, passwords, clock, random, settings } = this.deps;
    const missing = (['username', 'password'] as const).filter((field) => typeof input[field] !== 'string' || input[field] === '');
    if (missing.length > 0) throw new MissingCredentialsError(missing);
    const username = input.username as string;
    const user = await adminUsers.findByUsername(username.trim());
    const result = await passwords.check(username, user, input.password as string);
    if (!result.ok || user === null) throw new AdminSignInFailedError();
    if ((await roles.findById(user.roleId)) === null) throw new AdminSignInFailedError();
    const now = clock.now();
    const token = random.token();
    const expiresAt = new Date(now.getTime() + settings.tokenLifetimeSeconds * 1000);
    await tokens.add(token, { adminUserId: user.id, createdAt: now, expiresAt, revoked: false });
    return { token, expiresAt, adminUserId: user.id };
  }
}
