import { type Container } from 'inversify';
import { GetAclTree } from '../application/use-cases/acl/get-acl-tree.use-case';
import { GetEffectivePermissions } from '../application/use-cases/acl/get-effective-permissions.use-case';
import { CreateAdminUser } from '../application/use-cases/admin-users/create-admin-user.use-case';
import { DeleteAdminUser } from '../application/use-cases/admin-users/delete-admin-user.use-case';
import { ListAdminUsers } from '../application/use-cases/admin-users/list-admin-users.use-case';
import { UpdateAdminUser } from '../application/use-cases/admin-users/update-admin-user.use-case';
import { ActivateIntegration } from '../application/use-cases/integrations/activate-integration.use-case';
import { CreateIntegration } from '../application/use-cases/integrations/create-integration.use-case';
import { DeleteIntegration } from '../application/use-cases/integrations/delete-integration.use-case';
import { GetIntegration } from '../application/use-cases/integrations/get-integration.use-case';
import { ListIntegrations } from '../application/use-cases/integrations/list-integrations.use-case';
import { ReauthorizeIntegration } from '../application/use-cases/integrations/reauthorize-integration.use-case';
import { UpdateIntegration } from '../application/use-cases/integrations/update-integration.use-case';
import { CreateRole } from '../application/use-cases/roles/create-role.use-case';
import { DeleteRole } from '../application/use-cases/roles/delete-role.use-case';
import { GetRole } from '../application/use-cases/roles/get-role.use-case';
import { ListRoles } from '../application/use-cases/roles/list-roles.use-case';
import { UpdateRole } from '../application/use-cases/roles/update-role.use-case';
import { type PortcullisConfig } from './config';
import { buildContainer } from './container/build-container';

type Run<T extends { execute: (...args: never[]) => unknown }> = T['execute'];

/** The use cases of Portcullis, grouped as an embedding backend uses them. */
export interface Portcullis {
  readonly integrations: {
    readonly create: Run<CreateIntegration>;
    readonly update: Run<UpdateIntegration>;
    readonly delete: Run<DeleteIntegration>;
    readonly get: Run<GetIntegration>;
    readonly list: Run<ListIntegrations>;
    readonly activate: Run<ActivateIntegration>;
    readonly reauthorize: Run<ReauthorizeIntegration>;
  };
  readonly roles: {
    readonly create: Run<CreateRole>;
    readonly update: Run<UpdateRole>;
    readonly delete: Run<DeleteRole>;
    readonly get: Run<GetRole>;
    readonly list: Run<ListRoles>;
  };
  readonly adminUsers: {
    readonly create: Run<CreateAdminUser>;
    readonly update: Run<UpdateAdminUser>;
    readonly delete: Run<DeleteAdminUser>;
    readonly list: Run<ListAdminUsers>;
  };
  readonly acl: {
    readonly tree: Run<GetAclTree>;
    readonly effectivePermissions: Run<GetEffectivePermissions>;
  };
}

export type PortcullisOptions = PortcullisConfig;

/**
 * Portcullis wired on in-memory storage (persistent storage comes as an option of the
 * persistence adapter). Throws at once for an invalid ACL definition.
 */
export function createPortcullis(options: PortcullisOptions = {}): Portcullis {
  return portcullisFrom(buildContainer(options));
}

/** The facade over an already built container (entrypoints and test harnesses). */
export function portcullisFrom(container: Container): Portcullis {
  const run = <T extends { execute: (...args: never[]) => unknown }>(useCase: new (...args: never[]) => T): T['execute'] => {
    const instance = container.get<T>(useCase);
    return instance.execute.bind(instance);
  };
  return {
    integrations: {
      create: run(CreateIntegration),
      update: run(UpdateIntegration),
      delete: run(DeleteIntegration),
      get: run(GetIntegration),
      list: run(ListIntegrations),
      activate: run(ActivateIntegration),
      reauthorize: run(ReauthorizeIntegration),
    },
    roles: { create: run(CreateRole), update: run(UpdateRole), delete: run(DeleteRole), get: run(GetRole), list: run(ListRoles) },
    adminUsers: { create: run(CreateAdminUser), update: run(UpdateAdminUser), delete: run(DeleteAdminUser), list: run(ListAdminUsers) },
    acl: { tree: run(GetAclTree), effectivePermissions: run(GetEffectivePermissions) },
  };
}
