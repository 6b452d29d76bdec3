import { createHash } from 'node:crypto';
import { LessThanOrEqual, Not } from 'typeorm';
import { type AdminTokenRecord } from '../../../domain/admin-session/admin-token';
import { type AdminTokenRepository } from '../../../domain/admin-session/admin-token.repository';
import { type AdminTokenRow } from '../schemas/rows';
import { isUniqueViolation } from '../unique-violation';
import { TypeormRepository } from './typeorm-repository';

/** The primary key: SHA-256 hex of the token (enough for random tokens; no salt needed to look up). */
const digest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

const toRecord = (row: AdminTokenRow): AdminTokenRecord => ({
  adminUserId: row.adminUserId,
  createdAt: row.createdAt,
  expiresAt: row.expiresAt,
  revoked: Boolean(row.revoked),
});

/** Admin bearer tokens, stored by digest only. Every write is one statement (atomic on its own). */
export class TypeormAdminTokenRepository extends TypeormRepository implements AdminTokenRepository {
  async add(token: string, record: AdminTokenRecord): Promise<void> {
    const row: AdminTokenRow = { tokenHash: digest(token), ...record };
    try {
      await this.context.manager().insert(this.schemas.adminToken, row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new Error('An admin token with the same value already exists.', { cause: error });
      throw error;
    }
  }

  findByToken(token: string): Promise<AdminTokenRecord | null> {
    return this.findOne(this.schemas.adminToken, { tokenHash: digest(token) }, toRecord);
  }

  async revoke(token: string): Promise<boolean> {
    // mysql2 sets CLIENT_FOUND_ROWS, so a token already revoked still counts as found.
    const result = await this.context.manager().update(this.schemas.adminToken, { tokenHash: digest(token) }, { revoked: true });
    return (result.affected ?? 0) > 0;
  }

  async revokeAllOf(adminUserId: string, except?: string): Promise<number> {
    const where = { adminUserId, revoked: false, ...(except === undefined ? {} : { tokenHash: Not(digest(except)) }) };
    const result = await this.context.manager().update(this.schemas.adminToken, where, { revoked: true });
    return result.affected ?? 0;
  }

  async deleteExpired(now: Date): Promise<number> {
    const result = await this.context.manager().delete(this.schemas.adminToken, { expiresAt: LessThanOrEqual(now) });
    return result.affected ?? 0;
  }
}
