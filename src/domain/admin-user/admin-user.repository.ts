import { injectionToken } from '../kernel/injection-token';
import { type AdminUser } from './admin-user.aggregate';

/** A page of admin users (1-based). */
export interface AdminUserPageQuery {
  readonly page: number;
  readonly pageSize: number;
}

export interface AdminUserPage {
  /** Ordered as `list` orders them. */
  readonly items: readonly AdminUser[];
  /** How many users there are, over all pages. */
  readonly total: number;
}

export interface AdminUserRepository {
  /** @returns null when there is none. */
  findById(id: string): Promise<AdminUser | null>;
  /** By comparison key (`AdminUser.usernameKey`). @returns null when there is none. */
  findByUsername(username: string): Promise<AdminUser | null>;
  /** Ordered by the usernames' comparison keys. */
  list(): Promise<readonly AdminUser[]>;
  /** One page of `list`, read as one page (not the whole list); past the end: no items. */
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
