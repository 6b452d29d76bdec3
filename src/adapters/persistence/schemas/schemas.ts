import { EntitySchema, type EntitySchemaColumnOptions, type EntitySchemaOptions } from 'typeorm';
import {
  type AdminTokenRow,
  type AuditAnchorRow,
  type AuditEntryRow,
  type AdminUserRow,
  type ConsumerRow,
  type GrantRuleRow,
  type IntegrationRow,
  type MetaRow,
  type NonceRow,
  type OAuthTokenRow,
  type RoleRow,
  type SignInFailureRow,
  type UsageRow,
} from './rows';

export type SqlDialect = 'sqlite' | 'mysql';

/** The entity schemas of one dialect (they differ only in the timestamp column type). */
export interface PersistenceSchemas {
  readonly integration: EntitySchema<IntegrationRow>;
  readonly consumer: EntitySchema<ConsumerRow>;
  readonly token: EntitySchema<OAuthTokenRow>;
  readonly role: EntitySchema<RoleRow>;
  readonly grantRule: EntitySchema<GrantRuleRow>;
  readonly adminUser: EntitySchema<AdminUserRow>;
  readonly nonce: EntitySchema<NonceRow>;
  readonly adminToken: EntitySchema<AdminTokenRow>;
  readonly signInFailure: EntitySchema<SignInFailureRow>;
  readonly meta: EntitySchema<MetaRow>;
  readonly usage: EntitySchema<UsageRow>;
  readonly auditEntry: EntitySchema<AuditEntryRow>;
  readonly auditAnchor: EntitySchema<AuditAnchorRow>;
}

export function createSchemas(dialect: SqlDialect): PersistenceSchemas {
  const time = (name: string, nullable = false): EntitySchemaColumnOptions =>
    dialect === 'mysql' ? { type: 'datetime', precision: 3, name, nullable } : { type: 'datetime', name, nullable };
  const id = (name = 'id'): EntitySchemaColumnOptions => ({ type: 'varchar', length: 36, name });
  const text = (name: string, length: number, nullable = false): EntitySchemaColumnOptions => ({ type: 'varchar', length, name, nullable });
  // A comparison key (src/domain/kernel/text.ts) compares byte for byte: MySQL's default collations
  // would also ignore accents, treat every emoji as equal and pad spaces, unlike SQLite.
  const key = (name: string, length: number, nullable = false): EntitySchemaColumnOptions =>
    dialect === 'mysql' ? { ...text(name, length, nullable), charset: 'utf8mb4', collation: 'utf8mb4_bin' } : text(name, length, nullable);
  const cascadeTo = (target: string): EntitySchemaColumnOptions['foreignKey'] => ({ target, onDelete: 'CASCADE' });
  /** Every entity is named as its table. */
  const table = <Row>(name: string, options: Omit<EntitySchemaOptions<Row>, 'name' | 'tableName'>): EntitySchema<Row> =>
    new EntitySchema<Row>({ name, tableName: name, ...options });

  const integration = table<IntegrationRow>('integration', {
    columns: {
      id: { ...id(), primary: true },
      name: text('name', 255),
      nameKey: key('name_key', 255),
      email: text('email', 254),
      endpoint: text('endpoint', 255, true),
      identityLinkUrl: text('identity_link_url', 255, true),
      status: text('status', 16),
      setupType: text('setup_type', 16),
      createdAt: time('created_at'),
      updatedAt: time('updated_at'),
      lastUsedAt: time('last_used_at', true),
      statusReason: text('status_reason', 1000, true),
      orphaned: { type: 'boolean', name: 'orphaned', default: false },
      credentialsExpireAt: time('credentials_expire_at', true),
      // Text, not VARCHAR: a long allowlist of IPv6 ranges passes 4,000 characters of JSON.
      allowedIps: { type: 'text', name: 'allowed_ips', nullable: true },
      rateLimit: { type: 'int', name: 'rate_limit', nullable: true },
      rateLimitWindowSeconds: { type: 'int', name: 'rate_limit_window_seconds', nullable: true },
    },
    uniques: [{ name: 'UQ_integration_name_key', columns: ['nameKey'] }],
    indices: [{ name: 'IDX_integration_status', columns: ['status'] }],
  });

  const consumer = table<ConsumerRow>('oauth_consumer', {
    columns: {
      integrationId: { ...id('integration_id'), primary: true, foreignKey: cascadeTo('integration') },
      consumerKey: text('consumer_key', 32),
      secret: text('secret', 255),
      previousSecret: text('previous_secret', 255, true),
      previousSecretUntil: time('previous_secret_until', true),
      exchangeStartedAt: time('exchange_started_at', true),
      createdAt: time('created_at'),
    },
    uniques: [{ name: 'UQ_oauth_consumer_key', columns: ['consumerKey'] }],
  });

  const token = table<OAuthTokenRow>('oauth_token', {
    columns: {
      id: { ...id(), primary: true },
      integrationId: { ...id('integration_id'), foreignKey: cascadeTo('integration') },
      type: text('type', 16),
      /** The token's digest (tokenDigest), never the token: the unique key it is looked up by. */
      token: text('token', 32),
      /** SecretCipher ciphertext of the token, for showing it to admins again. */
      tokenCipher: text('token_cipher', 255, true),
      secret: text('secret', 255),
      verifier: text('verifier', 32, true),
      revoked: { type: 'boolean', name: 'revoked', default: false },
      expiresAt: time('expires_at', true),
      createdAt: time('created_at'),
    },
    uniques: [{ name: 'UQ_oauth_token_token', columns: ['token'] }],
    indices: [{ name: 'IDX_oauth_token_integration', columns: ['integrationId'] }],
  });

  const role = table<RoleRow>('authorization_role', {
    columns: {
      id: { ...id(), primary: true },
      name: text('name', 255),
      nameKey: key('name_key', 255, true),
      kind: text('kind', 16),
      integrationId: { ...id('integration_id'), nullable: true, foreignKey: cascadeTo('integration') },
      grantMode: text('grant_mode', 8),
      readOnly: { type: 'boolean', name: 'read_only', default: false },
      createdAt: time('created_at'),
      updatedAt: time('updated_at'),
    },
    uniques: [
      { name: 'UQ_authorization_role_name_key', columns: ['nameKey'] },
      { name: 'UQ_authorization_role_integration', columns: ['integrationId'] },
    ],
  });

  const grantRule = table<GrantRuleRow>('authorization_rule', {
    columns: {
      roleId: { ...id('role_id'), primary: true, foreignKey: cascadeTo('authorization_role') },
      resourceId: { ...text('resource_id', 255), primary: true },
      kind: text('kind', 8),
    },
  });

  const adminUser = table<AdminUserRow>('admin_user', {
    columns: {
      id: { ...id(), primary: true },
      username: text('username', 40),
      usernameKey: key('username_key', 40),
      firstName: text('first_name', 255),
      lastName: text('last_name', 255),
      email: text('email', 254),
      passwordHash: text('password_hash', 255),
      active: { type: 'boolean', name: 'active', default: true },
      // No foreign key: deleting a role leaves its users, who then cannot act (docs/domain.md).
      roleId: id('role_id'),
      createdAt: time('created_at'),
      updatedAt: time('updated_at'),
    },
    uniques: [{ name: 'UQ_admin_user_username_key', columns: ['usernameKey'] }],
    indices: [{ name: 'IDX_admin_user_role', columns: ['roleId'] }],
  });

  const nonce = table<NonceRow>('oauth_nonce', {
    columns: {
      integrationId: { ...id('integration_id'), primary: true, foreignKey: cascadeTo('integration') },
      nonce: { ...text('nonce', 255), primary: true },
      timestamp: { type: 'bigint', name: 'timestamp' },
    },
    indices: [{ name: 'IDX_oauth_nonce_timestamp', columns: ['timestamp'] }],
  });

  const adminToken = table<AdminTokenRow>('admin_token', {
    columns: {
      tokenHash: { type: 'varchar', length: 64, name: 'token_hash', primary: true },
      adminUserId: { ...id('admin_user_id'), foreignKey: cascadeTo('admin_user') },
      createdAt: time('created_at'),
      expiresAt: time('expires_at'),
      revoked: { type: 'boolean', name: 'revoked', default: false },
    },
    indices: [{ name: 'IDX_admin_token_user', columns: ['adminUserId'] }],
  });

  const signInFailure = table<SignInFailureRow>('sign_in_failure', {
    columns: {
      usernameKey: { ...key('username_key', 255), primary: true },
      failuresCount: { type: 'int', name: 'failures_count', default: 0 },
      lockExpiresAt: time('lock_expires_at', true),
    },
  });

  const meta = table<MetaRow>('portcullis_meta', {
    columns: {
      key: { type: 'varchar', length: 64, name: 'meta_key', primary: true },
      value: text('meta_value', 255),
    },
  });

  // One row per integration, hour and outcome, whose calls only grow (UsageRepository.add):
  // a few rows per integration per hour at most, written once per flush, not once per call.
  const usage = table<UsageRow>('integration_usage', {
    columns: {
      integrationId: { ...id('integration_id'), primary: true, foreignKey: cascadeTo('integration') },
      hour: { ...time('hour'), primary: true },
      outcome: { ...text('outcome', 16), primary: true },
      calls: { type: 'int', name: 'calls' },
    },
  });

  // The audit trail: filters compare names and ids byte for byte (like SQLite) on every dialect.
  const auditEntry = table<AuditEntryRow>('audit_entry', {
    columns: {
      seq: { type: 'bigint', name: 'seq', primary: true },
      occurredAt: time('occurred_at'),
      actorKind: text('actor_kind', 16),
      actorId: key('actor_id', 64, true),
      actorName: key('actor_name', 255, true),
      action: text('action', 64),
      targetKind: text('target_kind', 16),
      targetId: key('target_id', 64, true),
      targetName: text('target_name', 255, true),
      sourceIp: text('source_ip', 64, true),
      sourceUserAgent: text('source_user_agent', 512, true),
      sourceRequestId: text('source_request_id', 64, true),
      // Grant changes list every resource added and removed: more than TEXT's 64 KB on a large tree.
      details: { type: dialect === 'mysql' ? 'mediumtext' : 'text', name: 'details' },
      prevHash: text('prev_hash', 64),
      hash: text('hash', 64),
    },
    indices: [
      { name: 'IDX_audit_entry_target', columns: ['targetId'] },
      { name: 'IDX_audit_entry_actor', columns: ['actorName'] },
      { name: 'IDX_audit_entry_action', columns: ['action'] },
      { name: 'IDX_audit_entry_occurred_at', columns: ['occurredAt'] },
    ],
  });

  const auditAnchor = table<AuditAnchorRow>('audit_anchor', {
    columns: {
      id: { type: 'int', name: 'id', primary: true },
      seq: { type: 'bigint', name: 'seq' },
      hash: text('hash', 64),
    },
  });

  return { integration, consumer, token, role, grantRule, adminUser, nonce, adminToken, signInFailure, meta, usage, auditEntry, auditAnchor };
}
