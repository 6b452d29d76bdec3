import { adminSignInFailed, adminSignInSucceeded } from '../../../domain/admin-session/admin-sign-in.events';
import { AdminSignInFailedError, MissingCredentialsError } from '../../../domain/admin-session/admin-session.errors';
import { usernameKey } from '../../../domain/admin-session/sign-in-lockout';
import { type AdminServices } from './admin.services';
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

export type SignInAdminDeps = Pick<AdminServices, 'adminUsers' | 'roles' | 'tokens' | 'clock' | 'random' | 'settings' | 'events' | 'unitOfWork'> & { readonly passwords: PasswordCheck };

/** Exchanges an admin's username and password for a bearer token (Magento's admin token). */
export class SignInAdmin {
  constructor(private readonly deps: SignInAdminDeps) {}

  /**
   * @throws MissingCredentialsError naming each empty field
   * @throws AdminSignInFailedError for a wrong username or password, an inactive user, a user
   *   without a role, or a locked-out username: the same answer, so nothing can be probed
   */
  async execute(input: SignInAdminInput): Promise<SignInAdminOutput> {
    const { adminUsers, roles, tokens, passwords, clock, random, settings, events, unitOfWork } = this.deps;
    const missing = (['username', 'password'] as const).filter((field) => typeof input[field] !== 'string' || input[field] === '');
    if (missing.length > 0) throw new MissingCredentialsError(missing);
    const username = input.username as string;
    const user = await adminUsers.findByUsername(username.trim());
    const result = await passwords.check(username, user, input.password as string);
    const failed = async (): Promise<never> => {
      await events.record([adminSignInFailed(usernameKey(username), user?.id ?? null, clock.now())]);
      throw new AdminSignInFailedError();
    };
    if (!result.ok || user === null) return failed();
    if ((await roles.findById(user.roleId)) === null) return failed();
    const now = clock.now();
    const token = random.token();
    const expiresAt = new Date(now.getTime() + settings.tokenLifetimeSeconds * 1000);
    // The token and the fact that it was given go together (a failed sign-in's count must stand
    // whatever happens next, so failures are counted on their own, above).
    await unitOfWork.run(async () => {
      await tokens.add(token, { adminUserId: user.id, createdAt: now, expiresAt, revoked: false });
      await events.record([adminSignInSucceeded(usernameKey(username), user.id, now)]);
    });
    return { token, expiresAt, adminUserId: user.id };
  }
}
