import { type Pool, type PoolConnection, type ResultSetHeader, type RowDataPacket } from 'mysql2';
import { GroupCommitNonceWriter, type NonceOutcome } from './nonce-writer';
import { type NonceRow } from './schemas/rows';

/** Rows per statement: well under max_allowed_packet (a row is under 200 bytes of SQL). */
const ROWS_PER_STATEMENT = 1000;

/** ER_NO_REFERENCED_ROW(_2): the row's integration does not exist (any more). */
const FOREIGN_KEY_ERRORS = new Set(['ER_NO_REFERENCED_ROW', 'ER_NO_REFERENCED_ROW_2']);

/**
 * Nonces on TypeORM's mysql2 pool, without TypeORM in between.
 *
 * MariaDB (10.5+): one `INSERT IGNORE … VALUES (…), (…) RETURNING` per batch, an autocommitted
 * statement, so one commit; the rows it returns are the ones stored. IGNORE also turns a foreign
 * key failure into a warning, so a row neither returned nor found in the table afterwards (asked
 * only when some row was not returned, i.e. on replays) is reported as an error to its caller.
 *
 * MySQL (no RETURNING): the batch's rows one plain INSERT each in one transaction on one pooled
 * connection, so still one commit per batch; InnoDB undoes a duplicate-key or foreign-key failure
 * per statement, so each row gets its own outcome. Any other error rolls the batch back.
 *
 * A batch of more than ROWS_PER_STATEMENT rows is written in chunks, each committed on its own:
 * a chunk that fails fails its own callers, the other chunks' rows stay and are answered.
 *
 * Several batches may be written at once (`maxInFlight`, below the pool's size), so that a batch
 * waiting on a row lock (a unit of work holding the same nonce uncommitted, up to
 * innodb_lock_wait_timeout) does not hold up every other signed call. Each batch inserts its rows
 * in key order: InnoDB locks rows in the order they are inserted, so two batches with common
 * keys do not deadlock on them; the second waits for the first's row and then finds it (not
 * returned, then present: false), or stores it if the first's statement failed.
 */
export class MysqlNonceWriter extends GroupCommitNonceWriter {
  private readonly columns: string;
  /** The connections batches are being written on, for abandon(). */
  private readonly busy = new Set<PoolConnection>();

  /**
   * @param table the nonce table's name, quoted
   * @param returning whether the server has INSERT … RETURNING (MariaDB 10.5+)
   * @param maxInFlight how many batches may be written at once, each on its own connection
   */
  constructor(
    private readonly pool: Pool,
    private readonly table: string,
    private readonly returning: boolean,
    maxInFlight = 1,
  ) {
    super(maxInFlight);
    this.columns = `${table} (\`integration_id\`, \`nonce\`, \`timestamp\`)`;
  }

  deleteOlderThan(before: number, limit: number): Promise<number> {
    return this.withConnection((connection) => query<ResultSetHeader>(connection, `DELETE FROM ${this.table} WHERE \`timestamp\` < ? LIMIT ?`, [before, limit])).then(
      (result) => result.affectedRows,
    );
  }

  protected async write(rows: readonly NonceRow[]): Promise<NonceOutcome[]> {
    const sorted = rows.map((row, index) => ({ row, index, key: keyOf(row.integrationId, row.nonce) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const outcomes: NonceOutcome[] = [];
    for (let start = 0; start < sorted.length; start += ROWS_PER_STATEMENT) {
      const chunk = sorted.slice(start, start + ROWS_PER_STATEMENT);
      const chunkRows = chunk.map(({ row }) => row);
      let chunkOutcomes: NonceOutcome[];
      try {
        chunkOutcomes = await this.withConnection((connection) => (this.returning ? this.insertReturning(connection, chunkRows) : this.insertEach(connection, chunkRows)));
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        chunkOutcomes = chunk.map(() => failure);
      }
      chunk.forEach(({ index }, i) => (outcomes[index] = chunkOutcomes[i] ?? new Error('The nonce writer got no outcome for the nonce.')));
    }
    return outcomes;
  }

  /**
   * Destroys the connections of the writes close() gave up on: the pool would otherwise wait for
   * them to answer before it ends, and a half-close never completes against a peer that is gone.
   */
  protected override abandon(): void {
    for (const connection of this.busy) {
      connection.destroy();
      (connection as { stream?: { destroy(): void } }).stream?.destroy();
    }
    this.busy.clear();
  }

  private async insertReturning(connection: PoolConnection, rows: readonly NonceRow[]): Promise<NonceOutcome[]> {
    const values = rows.flatMap((row) => [row.integrationId, row.nonce, row.timestamp]);
    const tuples = rows.map(() => '(?, ?, ?)').join(', ');
    const stored = await query<RowDataPacket[]>(connection, `INSERT IGNORE INTO ${this.columns} VALUES ${tuples} RETURNING \`integration_id\`, \`nonce\``, values);
    const inserted = new Set(stored.map((row) => keyOf(String(row.integration_id), String(row.nonce))));
    const missing = rows.filter((row) => !inserted.has(keyOf(row.integrationId, row.nonce)));
    const present = missing.length === 0 ? new Set<string>() : await this.present(connection, missing);
    return rows.map((row) => {
      const key = keyOf(row.integrationId, row.nonce);
      if (inserted.has(key)) return true;
      if (present.has(key)) return false;
      return new Error('The nonce could not be stored: its integration no longer exists.');
    });
  }

  /** Which of the rows' keys the table holds. */
  private async present(connection: PoolConnection, rows: readonly NonceRow[]): Promise<Set<string>> {
    const found = await query<RowDataPacket[]>(
      connection,
      `SELECT \`integration_id\`, \`nonce\` FROM ${this.table} WHERE (\`integration_id\`, \`nonce\`) IN (${rows.map(() => '(?, ?)').join(', ')})`,
      rows.flatMap((row) => [row.integrationId, row.nonce]),
    );
    return new Set(found.map((row) => keyOf(String(row.integration_id), String(row.nonce))));
  }

  private async insertEach(connection: PoolConnection, rows: readonly NonceRow[]): Promise<NonceOutcome[]> {
    await query(connection, 'START TRANSACTION');
    try {
      const outcomes: NonceOutcome[] = [];
      for (const row of rows) {
        try {
          await query(connection, `INSERT INTO ${this.columns} VALUES (?, ?, ?)`, [row.integrationId, row.nonce, row.timestamp]);
          outcomes.push(true);
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          if (code === 'ER_DUP_ENTRY') outcomes.push(false);
          else if (typeof code === 'string' && FOREIGN_KEY_ERRORS.has(code)) outcomes.push(error as Error);
          else throw error;
        }
      }
      await query(connection, 'COMMIT');
      return outcomes;
    } catch (error) {
      await query(connection, 'ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** Runs `work` on a connection of its own, known to abandon() while it runs. */
  private async withConnection<T>(work: (connection: PoolConnection) => Promise<T>): Promise<T> {
    const connection = await new Promise<PoolConnection>((resolve, reject) => this.pool.getConnection((error, got) => (error ? reject(error) : resolve(got))));
    this.busy.add(connection);
    try {
      return await work(connection);
    } finally {
      this.busy.delete(connection);
      connection.release();
    }
  }
}

const keyOf = (integrationId: string, nonce: string): string => `${integrationId}\u0000${nonce}`;

function query<T extends ResultSetHeader | RowDataPacket[] = ResultSetHeader>(connection: PoolConnection, sql: string, values: unknown[] = []): Promise<T> {
  return new Promise<T>((resolve, reject) => connection.query<T>(sql, values, (error, result) => (error ? reject(error) : resolve(result))));
}
