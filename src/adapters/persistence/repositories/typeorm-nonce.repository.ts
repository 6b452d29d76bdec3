import { createHash } from 'node:crypto';
import { LessThan } from 'typeorm';
import { type NonceRepository } from '../../../domain/oauth/nonce.repository';
import { type NonceWriter } from '../nonce-writer';
import { type NonceRow } from '../schemas/rows';
import { type PersistenceSchemas } from '../schemas/schemas';
import { type TransactionContext } from '../transaction-context';
import { isUniqueViolation } from '../unique-violation';
import { TypeormRepository } from './typeorm-repository';

/** Rows per purge statement: a few milliseconds of deleting, so no purge holds the write lock long. */
export const NONCE_PURGE_BATCH = 2000;

/**
 * Used OAuth nonces. `use` is a single insert: the primary key (integration_id, nonce) decides
 * which of several concurrent callers, in this process or another, records the nonce first; the
 * others are answered `false`. There is no read before the write.
 *
 * Outside a unit of work (the guard, on every signed API call) the row goes through the
 * group-committing NonceWriter on the raw driver, sharing one commit with the other nonces of the
 * same event-loop turn. Inside one (the token endpoints) it is an insert of that transaction, so a
 * request refused later in the unit spends no nonce.
 *
 * The key holds the SHA-256 (hex) of the nonce, not the nonce: MySQL/MariaDB's default collations
 * ignore case, trailing spaces and accents, so `abc`, `ABC` and `abc ` would count as one nonce
 * and a client's fresh nonce would be refused as a replay. A digest compares exactly everywhere.
 */
export class TypeormNonceRepository extends TypeormRepository implements NonceRepository {
  constructor(
    context: TransactionContext,
    schemas: PersistenceSchemas,
    private readonly writer: NonceWriter,
    private readonly purgeBatch = NONCE_PURGE_BATCH,
  ) {
    super(context, schemas);
  }

  async use(integrationId: string, nonce: string, timestamp: number): Promise<boolean> {
    const row: NonceRow = { integrationId, nonce: createHash('sha256').update(nonce, 'utf8').digest('hex'), timestamp };
    if (!this.context.inTransaction()) return this.writer.use(row);
    const manager = this.context.manager();
    // One plain statement: the query builder would cost about as much again as the insert itself.
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

  /**
   * Outside a unit of work: in statements of at most `purgeBatch` rows, each its own short
   * transaction, yielding to the event loop between them, so requests (and their nonces) go on
   * while a large backlog is deleted.
   */
  async purgeOlderThan(before: number): Promise<number> {
    if (this.context.inTransaction()) {
      const result = await this.context.manager().delete(this.schemas.nonce, { timestamp: LessThan(before) });
      return result.affected ?? 0;
    }
    let purged = 0;
    for (;;) {
      const deleted = await this.writer.deleteOlderThan(before, this.purgeBatch);
      purged += deleted;
      if (deleted < this.purgeBatch) return purged;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
