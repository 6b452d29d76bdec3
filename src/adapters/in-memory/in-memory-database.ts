import { type AuditEntry, type ChainLink } from '../../application/audit/audit-entry';
import { type AdminUserSnapshot } from '../../domain/admin-user/admin-user.aggregate';
import { type AdminTokenRecord } from '../../domain/admin-session/admin-token';
import { type SignInFailures } from '../../domain/admin-session/sign-in-lockout';
import { type IntegrationSnapshot } from '../../domain/integration/integration.aggregate';
import { type RoleSnapshot } from '../../domain/role/role.aggregate';
import { type OAuthTokenSnapshot } from '../../domain/token/oauth-token.aggregate';

/** One used OAuth nonce of one consumer (integration). */
export interface NonceRecord {
  readonly integrationId: string;
  readonly nonce: string;
  /** oauth_timestamp, seconds since the epoch. */
  readonly timestamp: number;
}

/** Calls of one integration in one hour with one outcome (see InMemoryUsageRepository). */
export interface UsageRecord {
  readonly integrationId: string;
  /** The hour's start, ms since the epoch. */
  readonly hour: number;
  readonly outcome: string;
  readonly calls: number;
}

interface Tables {
  integrations: Map<string, IntegrationSnapshot>;
  roles: Map<string, RoleSnapshot>;
  adminUsers: Map<string, AdminUserSnapshot>;
  tokens: Map<string, OAuthTokenSnapshot>;
  /** By SHA-256 hex digest of the token. */
  adminTokens: Map<string, AdminTokenRecord>;
  /** By username key. */
  signInFailures: Map<string, SignInFailures>;
  /** By integration id and nonce (see InMemoryNonceRepository). */
  nonces: Map<string, NonceRecord>;
  /** By integration id, hour and outcome (see InMemoryUsageRepository). */
  usage: Map<string, UsageRecord>;
  /** The audit trail by `seq`, and the link of the last entry pruned. */
  auditEntries: Map<number, AuditEntry>;
  auditAnchor: ChainLink | null;
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
    adminTokens: new Map(),
    signInFailures: new Map(),
    nonces: new Map(),
    usage: new Map(),
    auditEntries: new Map(),
    auditAnchor: null,
  };

  image(): Tables {
    return {
      integrations: new Map(this.tables.integrations),
      roles: new Map(this.tables.roles),
      adminUsers: new Map(this.tables.adminUsers),
      tokens: new Map(this.tables.tokens),
      adminTokens: new Map(this.tables.adminTokens),
      signInFailures: new Map(this.tables.signInFailures),
      nonces: new Map(this.tables.nonces),
      usage: new Map(this.tables.usage),
      auditEntries: new Map(this.tables.auditEntries),
      auditAnchor: this.tables.auditAnchor,
    };
  }

  restore(image: Tables): void {
    this.tables = image;
  }
}
