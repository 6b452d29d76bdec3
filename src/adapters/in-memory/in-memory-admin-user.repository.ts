import { AdminUser, type AdminUserSnapshot } from '../../domain/admin-user/admin-user.aggregate';
import { UsernameTakenError } from '../../domain/admin-user/admin-user.errors';
import { type AdminUserPage, type AdminUserPageQuery, type AdminUserRepository } from '../../domain/admin-user/admin-user.repository';
import { compareKeys } from '../../domain/kernel/text';
import { InMemoryAggregates, pageOf } from './in-memory-aggregates';
import { type InMemoryDatabase } from './in-memory-database';

const key = (username: string): string => AdminUser.usernameKey(username);

export class InMemoryAdminUserRepository extends InMemoryAggregates<AdminUserSnapshot, AdminUser> implements AdminUserRepository {
  constructor(private readonly database: InMemoryDatabase) {
    super(() => database.tables.adminUsers, (row) => AdminUser.restore(row));
  }

  findByUsername(username: string): Promise<AdminUser | null> {
    return this.findFirst((candidate) => key(candidate.username) === key(username));
  }

  list(): Promise<readonly AdminUser[]> {
    return Promise.resolve(
      [...this.rows.values()]
        .sort((a, b) => compareKeys(key(a.username), key(b.username)))
        .map((row) => AdminUser.restore(row)),
    );
  }

  async page(query: AdminUserPageQuery): Promise<AdminUserPage> {
    return pageOf(await this.list(), query);
  }

  countByRoleId(roleId: string): Promise<number> {
    return Promise.resolve([...this.rows.values()].filter((row) => row.roleId === roleId).length);
  }

  save(user: AdminUser): Promise<void> {
    const row = user.toSnapshot();
    return this.store(row, (other) => key(other.username) === key(row.username), () => new UsernameTakenError(row.username));
  }

  /** Like the foreign key ON DELETE CASCADE of admin_token in SQL, with no await in between (atomic). */
  delete(id: string): Promise<void> {
    const { adminTokens } = this.database.tables;
    this.rows.delete(id);
    for (const [digest, token] of adminTokens) if (token.adminUserId === id) adminTokens.delete(digest);
    return Promise.resolve();
  }
}
