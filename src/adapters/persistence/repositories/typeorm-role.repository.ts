import { type FindOptionsWhere, In } from 'typeorm';
import { type UnitOfWork } from '../../../application/ports/unit-of-work.port';
import { Role } from '../../../domain/role/role.aggregate';
import { RoleNameTakenError } from '../../../domain/role/role.errors';
import { type RolePage, type RolePageQuery, type RoleRepository } from '../../../domain/role/role.repository';
import { roleToDomain, roleToRows } from '../mappers/role.mapper';
import { type GrantRuleRow, type RoleRow } from '../schemas/rows';
import { type PersistenceSchemas } from '../schemas/schemas';
import { type TransactionContext } from '../transaction-context';
import { isUniqueViolation, violatedKey } from '../unique-violation';
import { insertOrUpdate } from '../insert-or-update';
import { TypeormRepository } from './typeorm-repository';

/** Roles with their grant rules (one row per selected or excluded resource). */
export class TypeormRoleRepository extends TypeormRepository implements RoleRepository {
  constructor(
    context: TransactionContext,
    private readonly unitOfWork: UnitOfWork,
    schemas: PersistenceSchemas,
  ) {
    super(context, schemas);
  }

  findById(id: string): Promise<Role | null> {
    return this.findRole({ id });
  }

  findAdminRoleByName(name: string): Promise<Role | null> {
    return this.findRole({ kind: 'admin', nameKey: Role.nameKey(name) });
  }

  findByIntegrationId(integrationId: string): Promise<Role | null> {
    return this.findRole({ integrationId });
  }

  async listAdminRoles(): Promise<readonly Role[]> {
    return this.withRulesOf(await this.context.manager().find(this.schemas.role, { where: { kind: 'admin' }, order: { nameKey: 'ASC', id: 'ASC' } }));
  }

  async pageAdminRoles(query: RolePageQuery): Promise<RolePage> {
    const [rows, total] = await this.context.manager().findAndCount(this.schemas.role, {
      where: { kind: 'admin' },
      order: { nameKey: 'ASC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items: await this.withRulesOf(rows), total };
  }

  /** The roles of these rows with their rules, read in one query. */
  private async withRulesOf(rows: readonly RoleRow[]): Promise<Role[]> {
    if (rows.length === 0) return [];
    const rules = await this.context.manager().findBy(this.schemas.grantRule, { roleId: In(rows.map((row) => row.id)) });
    const byRole = new Map<string, GrantRuleRow[]>();
    for (const rule of rules) byRole.set(rule.roleId, [...(byRole.get(rule.roleId) ?? []), rule]);
    return rows.map((row) => roleToDomain(row, byRole.get(row.id) ?? []));
  }

  async save(role: Role): Promise<void> {
    const rows = roleToRows(role);
    try {
      await this.unitOfWork.run(async () => {
        const manager = this.context.manager();
        const written = await insertOrUpdate(manager, this.schemas.role, rows.role, { id: rows.role.id });
        // Only an existing role has rules to replace. Deleting none would still take gap locks on
        // MySQL and deadlock concurrent creations.
        if (written === 'updated') await manager.delete(this.schemas.grantRule, { roleId: rows.role.id });
        if (rows.rules.length > 0) await manager.insert(this.schemas.grantRule, rows.rules);
      });
    } catch (error) {
      if (isUniqueViolation(error) && /name_key/i.test(violatedKey(error))) throw new RoleNameTakenError(role.name);
      throw error;
    }
  }

  async delete(id: string): Promise<void> {
    // The role's rules go with it (foreign key ON DELETE CASCADE, see schemas.ts).
    await this.context.manager().delete(this.schemas.role, { id });
  }

  /** The role `where` selects, with its rules. */
  private findRole(where: FindOptionsWhere<RoleRow>): Promise<Role | null> {
    return this.findOne(this.schemas.role, where, async (row) => roleToDomain(row, await this.context.manager().findBy(this.schemas.grantRule, { roleId: row.id })));
  }
}
