import { Role } from '../../../domain/role/role.aggregate';
import { RoleNameTakenError } from '../../../domain/role/role.errors';
import { type RoleRepository } from '../../../domain/role/role.repository';
import { type AccessPolicy } from '../../access/access-policy';
import { SYSTEM_ACTOR, type Actor } from '../../access/actor';
import { type GrantInput } from '../../access/grant-input';
import { type Clock } from '../../ports/clock.port';
import { type IdGenerator } from '../../ports/random-source.port';
import { toRoleView, type RoleView } from './role.views';

export interface CreateRoleInput extends GrantInput {
  readonly name: string;
  /** Its admins may only read (default false). */
  readonly readOnly?: boolean;
  readonly actor?: Actor;
}

/** Creates an admin role (a group admin users are assigned to) with its resource access. */
export class CreateRole {
  constructor(
    private readonly roles: RoleRepository,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /**
   * @throws InvalidValueError blank or too long name
   * @throws UnknownResourceError, InvalidGrantError, PrivilegeEscalationError for the access
   * @throws RoleNameTakenError
   */
  async execute(input: CreateRoleInput): Promise<RoleView> {
    const now = this.clock.now();
    const draft = Role.createAdminRole({ id: this.ids.next(), name: input.name, grant: Role.emptyGrant(), readOnly: input.readOnly ?? false, now });
    const grant = await this.policy.grantRequestedBy(input.actor ?? SYSTEM_ACTOR, input, `give role "${draft.name}" this access`);
    draft.changeGrant(grant, now);
    if ((await this.roles.findAdminRoleByName(draft.name)) !== null) throw new RoleNameTakenError(draft.name);
    await this.roles.save(draft);
    return toRoleView(draft);
  }
}
