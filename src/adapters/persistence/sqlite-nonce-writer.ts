import { type ConnectionQueue } from './connection-queue';
import { GroupCommitNonceWriter, type NonceOutcome } from './nonce-writer';
import { type NonceRow } from './schemas/rows';

/** The part of a better-sqlite3 handle the writer uses (the package ships no types). */
export interface SqliteHandle {
  readonly inTransaction: boolean;
  prepare(source: string): { run(...parameters: unknown[]): { changes: number } };
}

/**
 * Nonces on the better-sqlite3 handle TypeORM holds: each batch is one `BEGIN IMMEDIATE`, one
 * prepared `INSERT OR IGNORE` per row (`changes` 1: stored, 0: already there), one `COMMIT`,
 * run synchronously, so nothing else on the connection can come in between.
 *
 * It must never write into a transaction TypeORM has open on the connection across an await (the
 * nonce would commit or roll back with someone else's work). Units of work are queued on the
 * connection (ConnectionQueue): a batch takes its turn in that same queue, which cannot starve it
 * the way polling for a gap between back-to-back units could. A transaction TypeORM opened outside
 * a unit of work (a `save` with cascades) is not in the queue: then `inTransaction` is true and the
 * batch waits a turn of the event loop and looks again, still holding its place in the queue.
 *
 * A row the database refuses (foreign key: the integration was deleted meanwhile) fails only its
 * caller: SQLite undoes the failed statement, not the transaction. An error that ended the
 * transaction (disk full, I/O) fails the whole batch, of which nothing stays.
 */
export class SqliteNonceWriter extends GroupCommitNonceWriter {
  private readonly begin;
  private readonly insert;
  private readonly commit;
  private readonly rollback;
  private readonly purge;

  /** @param table the nonce table's name, quoted */
  constructor(
    private readonly db: SqliteHandle,
    private readonly queue: ConnectionQueue,
    table: string,
  ) {
    super();
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.insert = db.prepare(`INSERT OR IGNORE INTO ${table} ("integration_id", "nonce", "timestamp") VALUES (?, ?, ?)`);
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    // DELETE … LIMIT needs a compile option better-sqlite3 does not set; the rowid does it.
    this.purge = db.prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE "timestamp" < ? LIMIT ?)`);
  }

  protected write(rows: readonly NonceRow[]): Promise<NonceOutcome[]> {
    return this.queue.run(async () => {
      await this.outsideTypeormTransaction();
      return this.insertAll(rows);
    });
  }

  deleteOlderThan(before: number, limit: number): Promise<number> {
    return this.queue.run(async () => {
      await this.outsideTypeormTransaction();
      return this.purge.run(before, limit).changes;
    });
  }

  private async outsideTypeormTransaction(): Promise<void> {
    while (this.db.inTransaction) await new Promise((resolve) => setImmediate(resolve));
  }

  private insertAll(rows: readonly NonceRow[]): NonceOutcome[] {
    this.begin.run();
    try {
      const outcomes = rows.map((row): NonceOutcome => {
        try {
          return this.insert.run(row.integrationId, row.nonce, row.timestamp).changes === 1;
        } catch (error) {
          if (!this.db.inTransaction) throw error;
          return error instanceof Error ? error : new Error(String(error));
        }
      });
      this.commit.run();
      return outcomes;
    } catch (error) {
      if (this.db.inTransaction) this.rollback.run();
      throw error;
    }
  }
}
