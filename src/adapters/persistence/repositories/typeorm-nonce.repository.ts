import { createHash } from 'node:crypto';
import { LessThan } from 'typeorm';
import { type NonceRepository } from '../../../domain/oauth/nonce.repository';
import { type NonceRow } from '../schemas/rows';
import { isUniqueViolation } from '../unique-violation';
import { TypeormRepository } from './typeorm-repository';

/**
 * Used OAuth nonces. `use` is a single insert: the primary key (integration_id, nonce) decides
 * which of several concurrent callers, in this process or another, records the nonce first; the
 * others get the duplicate-key error, answered as `false`. There is no read before the write.
 *
 * The key holds the SHA-256 (hex) of the nonce, not the nonce: MySQL/MariaDB's default collations
 * ignore case, trailing spaces and accents, so `abc`, `ABC` and `abc ` would count as one nonce
 * and a client's fresh nonce would be refused as a replay. A digest compares exactly everywhere.
 */
export class TypeormNonceRepository extends TypeormRepository implements NonceRepository {
  async use(integrationId: string, nonce: string, timestamp: number): Promise<boolean> {
    const row: NonceRow = { integrationId, nonce: createHash('sha256').update(nonce, 'utf8').digest('hex'), timestamp };
    const manager = this.context.manager();
    // One plain statement: this runs for every signed request, and the query builder would cost
    // about as much again as the insert itself.
    this.insertSql ??= this.insertStatement(manager.connection.driver.escape.bind(manager.connection.driver));
    try {
      await manager.query(this.insertSql, [row.integrationId, row.nonce, row.timestamp]);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  private insertSql: string | undefined;

  private insertStatement(escape: (name: string) => string): string {
    const table = escape(this.context.dataSource.getMetadata(this.schemas.nonce).tableName);
    return `INSERT INTO ${table} (${escape('integration_id')}, ${escape('nonce')}, ${escape('timestamp')}) VALUES (?, ?, ?)`;
  }

  async purgeOlderThan(before: number): Promise<number> {
    const result = await this.context.manager().delete(this.schemas.nonce, { timestamp: LessThan(before) });
    return result.affected ?? 0;
  }
}
