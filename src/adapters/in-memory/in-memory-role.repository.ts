import { Role, type RoleSnapshot } from '../../domain/role/role.aggregate';
import { RoleNameTakenError } from '../../domain/role/role.errors';
import { compareKeys } from '../../domain/kernel/text';
import { type RolePage, type RolePageQuery, type RoleRepository } from '../../domain/role/role.repository';
import { type InMemoryDatabase } from './in-memory-database';

const key = (name: string): string => Role.nameKey(name);

export class InMemoryRoleRepository implements RoleRepository {
  constructor(private readonly database: InMemoryDatabase) {}

  private get rows(): Map<string, RoleSnapshot> {
    return this.database.tables.roles;
  }

  findById(id: string): Promise<Role | null> {
    const row = this.rows.get(id);
    return Promise.resolve(row ? Role.restore(row) : null);
  }

  findAdminRoleByName(name: string): Promise<Role | null> {
    const row = [...this.rows.values()].find((candidate) => candidate.kind === 'admin' && key(candidate.name) === key(name));
    return Promise.resolve(row ? Role.restore(row) : null);
  }

  findByIntegrationId(integrationId: string): Promise<Role | null> {
    const row = [...this.rows.values()].find((candidate) => candidate.integrationId === integrationId);
    return Promise.resolve(row ? Role.restore(row) : null);
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
    const all = await this.listAdminRoles();
    const start = (query.page - 1) * query.pageSize;
    return { items: all.slice(start, start + query.pageSize), total: all.length };
  }

  save(role: Role): Promise<void> {
    const row = role.toSnapshot();
    // Names are unique among admin roles only (an integration's role is named after its id).
    const holder =
      row.kind === 'admin'
        ? [...this.rows.values()].find((c) => c.kind === 'admin' && key(c.name) === key(row.name) && c.id !== row.id)
        : undefined;
    if (holder) return Promise.reject(new RoleNameTakenError(row.name));
    this.rows.set(row.id, row);
    return Promise.resolve();
  }

  delete(id: string): Promise<void> {
    this.rows.delete(id);
    return Promise.resolve();
  }
}
