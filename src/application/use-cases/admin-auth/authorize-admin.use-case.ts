import { AdminTokenInvalidError } from '../../../domain/admin-session/admin-session.errors';
import { isAdminTokenUsable } from '../../../domain/admin-session/admin-token';
import { type AdminTokenRepository } from '../../../domain/admin-session/admin-token.repository';
import { type AdminUserRepository } from '../../../domain/admin-user/admin-user.repository';
import { type Grant } from '../../../domain/acl/grant.value-object';
import { type RoleRepository } from '../../../domain/role/role.repository';
import { adminActor, type Actor } from '../../access/actor';
import { assertAllowed } from '../../access/required-resources';
import { type AclTreeProvider } from '../../ports/acl-tree.port';
import { type Clock } from '../../ports/clock.port';

export interface AuthorizeAdminInput {
  /** The bearer token as sent; undefined when the request had none. */
  readonly token: string | undefined;
  /** Resources the operation needs, all of them. */
  readonly resources: readonly string[];
  /** When given, the role must also allow at least one of these. */
  readonly anyOf?: readonly string[];
}

/** The signed-in admin a request acts for. */
export interface AdminPrincipal {
  readonly actor: Actor;
  readonly adminUserId: string;
  readonly username: string;
  readonly roleId: string;
  readonly grant: Grant;
}

export interface AuthorizeAdminDeps {
  readonly tokens: AdminTokenRepository;
  readonly adminUsers: AdminUserRepository;
  readonly roles: RoleRepository;
  readonly aclTree: AclTreeProvider;
  readonly clock: Clock;
}

/** Authenticates an admin bearer token and checks that the admin's role allows the resources. */
export class AuthorizeAdmin {
  constructor(private readonly deps: AuthorizeAdminDeps) {}

  /**
   * @throws AdminTokenInvalidError no token, or an unknown, revoked or expired one, or a user who
   *   is gone, inactive or without a role
   * @throws AccessDeniedError naming every required resource the role lacks (or, with `anyOf`,
   *   those of which it allows none), addressed to the admin ("Your role isn't authorized…")
   */
  async execute(input: AuthorizeAdminInput): Promise<AdminPrincipal> {
    const { tokens, adminUsers, roles, aclTree, clock } = this.deps;
    if (input.token === undefined || input.token === '') throw new AdminTokenInvalidError('no bearer token was sent');
    const record = await tokens.findByToken(input.token);
    if (record === null) throw new AdminTokenInvalidError('the token is unknown');
    if (record.revoked) throw new AdminTokenInvalidError('the token was revoked');
    if (!isAdminTokenUsable(record, clock.now())) throw new AdminTokenInvalidError('the token has expired');
    const user = await adminUsers.findById(record.adminUserId);
    if (user === null || !user.isActive) throw new AdminTokenInvalidError('the user is inactive or was deleted');
    const role = await roles.findById(user.roleId);
    if (role === null) throw new AdminTokenInvalidError('the user has no role');
    const tree = aclTree.current();
    assertAllowed((resource) => role.grant.isAllowed(resource, tree), { all: input.resources, ...(input.anyOf !== undefined ? { anyOf: input.anyOf } : {}) }, 'admin');
    return { actor: adminActor(user.id), adminUserId: user.id, username: user.username, roleId: role.id, grant: role.grant };
  }
}
