import { type AdminUser } from './admin-user.aggregate';

export interface AdminUserRepository {
  /** @returns null when there is none. */
  findById(id: string): Promise<AdminUser | null>;
  /** Case-insensitive. @returns null when there is none. */
  findByUsername(username: string): Promise<AdminUser | null>;
  /** Ordered by username (case-insensitive). */
  list(): Promise<readonly AdminUser[]>;
  /** How many users have this role. */
  countByRoleId(roleId: string): Promise<number>;
  /**
   * Inserts or updates.
   * @throws UsernameTakenError when another user has the same username ignoring case.
   */
  save(user: AdminUser): Promise<void>;
  /** Absent ids are ignored. */
  delete(id: string): Promise<void>;
}

export const ADMIN_USER_REPOSITORY = Symbol.for('portcullis.AdminUserRepository');
