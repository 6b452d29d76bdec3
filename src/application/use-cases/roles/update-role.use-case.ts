import { OwnRoleAccessChangeError, RoleNameTakenError } from '../../../domain/role/role.errors';
import { type RoleRepository } from '../../../domain/role/role.repository';
import { type AccessPolicy } from '../../access/access-policy';
import { SYSTEM_ACTOR, type Actor } from '../../access/actor';
import { changedGrantInput, type GrantInput } from '../../access/grant-input';
import { type Clock } from '../../ports/clock.port';
import { loadAdminRoleFor } from './admin-role-access';
import { toRoleView, type RoleView } from './role.views';

export interface UpdateRoleInput extends Partial<GrantInput> {
  readonly id: string;
  readonly name?: string;
  /** Its admins may only read; absent: unchanged. */
  readonly readOnly?: boolean;
  readonly actor?: Actor;
}

/** Renames an admin role and/or replaces its resource access. */
export class UpdateRole {
  constructor(
    private readonly roles: RoleRepository,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  /**
   * @throws RoleNotFoundError, IntegrationRoleNotEditableError
   * @throws PrivilegeEscalationError for a role above the actor's access, or new access beyond it
   * @throws InvalidValueError, RoleNameTakenError, UnknownResourceError, InvalidGrantError
   * @throws OwnRoleAccessChangeError when admins change the access (or read-only) of their own role (renaming is fine)
   */
  async execute(input: UpdateRoleInput): Promise<RoleView> {
    const actor = input.actor ?? SYSTEM_ACTOR;
    const role = await loadAdminRoleFor(this.roles, this.policy, input, 'edit');
    const now = this.clock.now();
    if (input.name !== undefined) {
      role.rename(input.name, now);
      const holder = await this.roles.findAdminRoleByName(role.name);
      if (holder !== null && holder.id !== role.id) throw new RoleNameTakenError(role.name);
    }
    const requested = changedGrantInput(input);
    if ((requested !== undefined || (input.readOnly !== undefined && input.readOnly !== role.readOnly)) && (await this.policy.ownRoleId(actor)) === role.id) {
      throw new OwnRoleAccessChangeError(role.name);
    }
    if (input.readOnly !== undefined) role.changeReadOnly(input.readOnly, now);
    if (requested !== undefined) {
      role.changeGrant(await this.policy.grantRequestedBy(actor, requested, `give role "${role.name}" this access`), now);
    }
    await this.roles.save(role);
    return toRoleView(role);
  }
}
