import { type Role } from './role.aggregate';

export interface RoleRepository {
  /** @returns null when there is none. */
  findById(id: string): Promise<Role | null>;
  /** By comparison key (`Role.nameKey`), admin roles only. @returns null when there is none. */
  findAdminRoleByName(name: string): Promise<Role | null>;
  /** @returns the integration's role, or null when it has none. */
  findByIntegrationId(integrationId: string): Promise<Role | null>;
  /** Admin roles ordered by their names' comparison keys (code point order), then id. */
  listAdminRoles(): Promise<readonly Role[]>;
  /**
   * Inserts or updates.
   * @throws RoleNameTakenError when another admin role's name has the same comparison key.
   */
  save(role: Role): Promise<void>;
  /** Absent ids are ignored. */
  delete(id: string): Promise<void>;
}

export const ROLE_REPOSITORY = Symbol.for('portcullis.RoleRepository');
