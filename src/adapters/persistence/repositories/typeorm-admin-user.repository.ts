import { AdminUser } from '../../../domain/admin-user/admin-user.aggregate';
import { UsernameTakenError } from '../../../domain/admin-user/admin-user.errors';
import { type AdminUserPage, type AdminUserPageQuery, type AdminUserRepository } from '../../../domain/admin-user/admin-user.repository';
import { adminUserToDomain, adminUserToRow } from '../mappers/admin-user.mapper';
import { isUniqueViolation } from '../unique-violation';
import { insertOrUpdate } from '../insert-or-update';
import { TypeormRepository } from './typeorm-repository';

export class TypeormAdminUserRepository extends TypeormRepository implements AdminUserRepository {
  findById(id: string): Promise<AdminUser | null> {
    return this.findOne(this.schemas.adminUser, { id }, adminUserToDomain);
  }

  findByUsername(username: string): Promise<AdminUser | null> {
    return this.findOne(this.schemas.adminUser, { usernameKey: AdminUser.usernameKey(username) }, adminUserToDomain);
  }

  async list(): Promise<readonly AdminUser[]> {
    const rows = await this.context.manager().find(this.schemas.adminUser, { order: { usernameKey: 'ASC' } });
    return rows.map(adminUserToDomain);
  }

  async page(query: AdminUserPageQuery): Promise<AdminUserPage> {
    const [rows, total] = await this.context.manager().findAndCount(this.schemas.adminUser, {
      order: { usernameKey: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items: rows.map(adminUserToDomain), total };
  }

  countByRoleId(roleId: string): Promise<number> {
    return this.context.manager().countBy(this.schemas.adminUser, { roleId });
  }

  async save(user: AdminUser): Promise<void> {
    try {
      const row = adminUserToRow(user);
      await insertOrUpdate(this.context.manager(), this.schemas.adminUser, row, { id: row.id });
    } catch (error) {
      if (isUniqueViolation(error)) throw new UsernameTakenError(user.username);
      throw error;
    }
  }

  async delete(id: string): Promise<void> {
    // The user's admin tokens go with it (foreign key ON DELETE CASCADE, see schemas.ts).
    await this.context.manager().delete(this.schemas.adminUser, { id });
  }
}
