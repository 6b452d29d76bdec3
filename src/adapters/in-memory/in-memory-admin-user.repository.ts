import { AdminUser, type AdminUserSnapshot } from '../../domain/admin-user/admin-user.aggregate';
import { UsernameTakenError } from '../../domain/admin-user/admin-user.errors';
import { type AdminUserPage, type AdminUserPageQuery, type AdminUserRepository } from '../../domain/admin-user/admin-user.repository';
import { compareKeys } from '../../domain/kernel/text';
import { type InMemoryDatabase } from './in-memory-database';

const key = (username: string): string => AdminUser.usernameKey(username);

export class InMemoryAdminUserRepository implements AdminUserRepository {
  constructor(private readonly database: InMemoryDatabase) {}

  private get rows(): Map<string, AdminUserSnapshot> {
    return this.database.tables.adminUsers;
  }

  findById(id: string): Promise<AdminUser | null> {
    const row = this.rows.get(id);
    return Promise.resolve(row ? AdminUser.restore(row) : null);
  }

  findByUsername(username: string): Promise<AdminUser | null> {
    const row = [...this.rows.values()].find((candidate) => key(candidate.username) === key(username));
    return Promise.resolve(row ? AdminUser.restore(row) : null);
  }

  list(): Promise<readonly AdminUser[]> {
    return Promise.resolve(
      [...this.rows.values()]
        .sort((a, b) => compareKeys(key(a.username), key(b.username)))
        .map((row) => AdminUser.restore(row)),
    );
  }

  async page(query: AdminUserPageQuery): Promise<AdminUserPage> {
    const all = await this.list();
    const start = (query.page - 1) * query.pageSize;
    return { items: all.slice(start, start + query.pageSize), total: all.length };
  }

  countByRoleId(roleId: string): Promise<number> {
    return Promise.resolve([...this.rows.values()].filter((row) => row.roleId === roleId).length);
  }

  save(user: AdminUser): Promise<void> {
    const row = user.toSnapshot();
    const holder = [...this.rows.values()].find((candidate) => key(candidate.username) === key(row.username) && candidate.id !== row.id);
    if (holder) return Promise.reject(new UsernameTakenError(row.username));
    this.rows.set(row.id, row);
    return Promise.resolve();
  }

  /** Like the foreign key ON DELETE CASCADE of admin_token in SQL, with no await in between (atomic). */
  delete(id: string): Promise<void> {
    const { adminTokens } = this.database.tables;
    this.rows.delete(id);
    for (const [digest, token] of adminTokens) if (token.adminUserId === id) adminTokens.delete(digest);
    return Promise.resolve();
  }
}
