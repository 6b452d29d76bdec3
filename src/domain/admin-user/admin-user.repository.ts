import { injectionToken } from '../kernel/injection-token';
import { type Page, type PageQuery } from '../kernel/page';
import { type AdminUser } from './admin-user.aggregate';

export type AdminUserPageQuery = PageQuery;
export type AdminUserPage = Page<AdminUser>;

export interface AdminUserRepository {
  /** @returns null when there is none. */
  findById(id: string): Promise<AdminUser | null>;
  /** By comparison key (`AdminUser.usernameKey`). @returns null when there is none. */
  findByUsername(username: string): Promise<AdminUser | null>;
  /** Ordered by the usernames' comparison keys. */
  list(): Promise<readonly AdminUser[]>;
  /** One page of `list`, ordered as `list` orders them. */
  page(query: AdminUserPageQuery): Promise<AdminUserPage>;
  /** How many users have this role. */
  countByRoleId(roleId: string): Promise<number>;
  /**
   * Inserts or updates.
   * @throws UsernameTakenError when another user's username has the same comparison key.
   */
  save(user: AdminUser): Promise<void>;
  /**
   * Removes the user with their admin bearer tokens (signed out everywhere), all or nothing.
   * Failed sign-ins stay: they count against the username, known or not
   * (`SignInFailureRepository`), so deleting a user lifts no lock. Absent ids are ignored.
   */
  delete(id: string): Promise<void>;
}

export const ADMIN_USER_REPOSITORY = injectionToken<AdminUserRepository>('AdminUserRepository');
