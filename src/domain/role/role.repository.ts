import { injectionToken } from '../kernel/injection-token';
import { type Page, type PageQuery } from '../kernel/page';
import { type Role } from './role.aggregate';

export type RolePageQuery = PageQuery;
export type RolePage = Page<Role>;

export interface RoleRepository {
  /** @returns null when there is none. */
  findById(id: string): Promise<Role | null>;
  /** By comparison key (`Role.nameKey`), admin roles only. @returns null when there is none. */
  findAdminRoleByName(name: string): Promise<Role | null>;
  /** @returns the integration's role, or null when it has none. */
  findByIntegrationId(integrationId: string): Promise<Role | null>;
  /** Admin roles ordered by their names' comparison keys (code point order), then id. */
  listAdminRoles(): Promise<readonly Role[]>;
  /** One page of `listAdminRoles`, ordered as it orders them. */
  pageAdminRoles(query: RolePageQuery): Promise<RolePage>;
  /**
   * Inserts or updates.
   * @throws RoleNameTakenError when another admin role's name has the same comparison key.
   */
  save(role: Role): Promise<void>;
  /**
   * Removes the role with its grant. Admin users keep the role's id and cannot act until given
   * another role (they are not deleted). An integration's role goes with its integration
   * (`IntegrationRepository.delete`). Absent ids are ignored.
   */
  delete(id: string): Promise<void>;
}

export const ROLE_REPOSITORY = injectionToken<RoleRepository>('RoleRepository');
