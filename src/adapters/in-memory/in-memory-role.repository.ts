import { Role, type RoleSnapshot } from '../../domain/role/role.aggregate';
import { RoleNameTakenError } from '../../domain/role/role.errors';
import { compareKeys } from '../../domain/kernel/text';
import { type RolePage, type RolePageQuery, type RoleRepository } from '../../domain/role/role.repository';
import { InMemoryAggregates, pageOf } from './in-memory-aggregates';
import { type InMemoryDatabase } from './in-memory-database';

const key = (name: string): string => Role.nameKey(name);

export class InMemoryRoleRepository extends InMemoryAggregates<RoleSnapshot, Role> implements RoleRepository {
  constructor(database: InMemoryDatabase) {
    super(() => database.tables.roles, (row) => Role.restore(row));
  }

  findAdminRoleByName(name: string): Promise<Role | null> {
    return this.findFirst((candidate) => candidate.kind === 'admin' && key(candidate.name) === key(name));
  }

  findByIntegrationId(integrationId: string): Promise<Role | null> {
    return this.findFirst((candidate) => candidate.integrationId === integrationId);
  }

  listAdminRoles(): Promise<readonly Role[]> {
    return Promise.resolve(
      [...this.rows.values()]
        .filter((row) => row.kind === 'admin')
        .sort((a, b) => compareKeys(key(a.name), key(b.name)) || compareKeys(a.id, b.id))
        .map((row) => Role.restore(row)),
    );
  }

  async pageAdminRoles(query: RolePageQuery): Promise<RolePage> {
    return pageOf(await this.listAdminRoles(), query);
  }

  save(role: Role): Promise<void> {
    const row = role.toSnapshot();
    // Names are unique among admin roles only (an integration's role is named after its id).
    const clashes = (other: RoleSnapshot): boolean => row.kind === 'admin' && other.kind === 'admin' && key(other.name) === key(row.name);
    return this.store(row, clashes, () => new RoleNameTakenError(row.name));
  }

  delete(id: string): Promise<void> {
    this.rows.delete(id);
    return Promise.resolve();
  }
}
