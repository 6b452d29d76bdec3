import { type AdminUserSnapshot } from '../../domain/admin-user/admin-user.aggregate';
import { type IntegrationSnapshot } from '../../domain/integration/integration.aggregate';
import { type RoleSnapshot } from '../../domain/role/role.aggregate';
import { type OAuthTokenSnapshot } from '../../domain/token/oauth-token.aggregate';

interface Tables {
  integrations: Map<string, IntegrationSnapshot>;
  roles: Map<string, RoleSnapshot>;
  adminUsers: Map<string, AdminUserSnapshot>;
  tokens: Map<string, OAuthTokenSnapshot>;
}

/**
 * Process-local storage for tests and domain-only embedding. Rows are immutable snapshots, so a
 * copy of the maps is a consistent image the unit of work can roll back to.
 */
export class InMemoryDatabase {
  tables: Tables = {
    integrations: new Map(),
    roles: new Map(),
    adminUsers: new Map(),
    tokens: new Map(),
  };

  image(): Tables {
    return {
      integrations: new Map(this.tables.integrations),
      roles: new Map(this.tables.roles),
      adminUsers: new Map(this.tables.adminUsers),
      tokens: new Map(this.tables.tokens),
    };
  }

  restore(image: Tables): void {
    this.tables = image;
  }
}
