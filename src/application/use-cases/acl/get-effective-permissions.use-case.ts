import { Grant, type EffectivePermission } from '../../../domain/acl/grant.value-object';
import { IntegrationNotFoundError } from '../../../domain/integration/integration.errors';
import { type IntegrationRepository } from '../../../domain/integration/integration.repository';
import { RoleNotFoundError } from '../../../domain/role/role.errors';
import { type RoleRepository } from '../../../domain/role/role.repository';
import { type AclTreeProvider } from '../../ports/acl-tree.port';
import { grantFromInput, toGrantView, type GrantInput, type GrantView } from '../../access/grant-input';

/** A saved integration's or role's grant, or a grant being edited (the editor's preview). */
export type GetEffectivePermissionsInput = { readonly integrationId: string } | { readonly roleId: string } | { readonly grant: GrantInput };

export interface EffectivePermissionsOutput {
  readonly access: GrantView;
  /** Every resource of the tree in display order: allowed or not, and why. */
  readonly permissions: readonly EffectivePermission[];
}

/** What an integration or an admin role may use, resource by resource, with the reason. */
export class GetEffectivePermissions {
  constructor(
    private readonly integrations: IntegrationRepository,
    private readonly roles: RoleRepository,
    private readonly aclTree: AclTreeProvider,
  ) {}

  /** @throws IntegrationNotFoundError, RoleNotFoundError; for a grant, the errors of grantFromInput */
  async execute(input: GetEffectivePermissionsInput): Promise<EffectivePermissionsOutput> {
    let grant: Grant;
    if ('grant' in input) {
      grant = grantFromInput(input.grant, this.aclTree.current());
    } else if ('integrationId' in input) {
      if ((await this.integrations.findById(input.integrationId)) === null) throw new IntegrationNotFoundError(input.integrationId);
      grant = (await this.roles.findByIntegrationId(input.integrationId))?.grant ?? Grant.none();
    } else {
      const role = await this.roles.findById(input.roleId);
      if (role === null || role.kind !== 'admin') throw new RoleNotFoundError(input.roleId);
      grant = role.grant;
    }
    return { access: toGrantView(grant), permissions: grant.effectivePermissions(this.aclTree.current()) };
  }
}
