import { createHash } from 'node:crypto';
import { type AdminTokenRecord } from '../../domain/admin-session/admin-token';
import { type AdminTokenRepository } from '../../domain/admin-session/admin-token.repository';
import { type InMemoryDatabase } from './in-memory-database';

/** Keyed by digest like the SQL table, so the fake cannot pass a test the real store would fail. */
const digest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Rows are replaced, never mutated: the unit of work's image shares them. */
const frozen = (record: AdminTokenRecord): AdminTokenRecord =>
  Object.freeze({
    adminUserId: record.adminUserId,
    createdAt: new Date(record.createdAt.getTime()),
    expiresAt: new Date(record.expiresAt.getTime()),
    revoked: record.revoked,
  });

export class InMemoryAdminTokenRepository implements AdminTokenRepository {
  constructor(private readonly database: InMemoryDatabase) {}

  private get rows(): Map<string, AdminTokenRecord> {
    return this.database.tables.adminTokens;
  }

  add(token: string, record: AdminTokenRecord): Promise<void> {
    const key = digest(token);
    if (this.rows.has(key)) return Promise.reject(new Error('An admin token with the same value already exists.'));
    this.rows.set(key, frozen(record));
    return Promise.resolve();
  }

  findByToken(token: string): Promise<AdminTokenRecord | null> {
    const row = this.rows.get(digest(token));
    return Promise.resolve(row ? frozen(row) : null);
  }

  revoke(token: string): Promise<boolean> {
    const key = digest(token);
    const row = this.rows.get(key);
    if (!row) return Promise.resolve(false);
    this.rows.set(key, frozen({ ...row, revoked: true }));
    return Promise.resolve(true);
  }

  revokeAllOf(adminUserId: string, except?: string): Promise<number> {
    const kept = except === undefined ? undefined : digest(except);
    let revoked = 0;
    for (const [key, row] of this.rows) {
      if (row.adminUserId !== adminUserId || row.revoked || key === kept) continue;
      this.rows.set(key, frozen({ ...row, revoked: true }));
      revoked += 1;
    }
    return Promise.resolve(revoked);
  }

  deleteExpired(now: Date): Promise<number> {
    let deleted = 0;
    for (const [key, row] of this.rows) {
      if (row.expiresAt.getTime() > now.getTime()) continue;
      this.rows.delete(key);
      deleted += 1;
    }
    return Promise.resolve(deleted);
  }
}
