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
 */
export class MysqlNonceWriter extends GroupCommitNonceWriter {
  private readonly columns: string;

  /**
   * @param table the nonce table's name, quoted
   * @param returning whether the server has INSERT … RETURNING (MariaDB 10.5+)
   */
  constructor(
    private readonly pool: Pool,
    private readonly table: string,
    private readonly returning: boolean,
  ) {
    super();
    this.columns = `${table} (\`integration_id\`, \`nonce\`, \`timestamp\`)`;
  }

  deleteOlderThan(before: number, limit: number): Promise<number> {
    return this.query<ResultSetHeader>(`DELETE FROM ${this.table} WHERE \`timestamp\` < ? LIMIT ?`, [before, limit]).then((result) => result.affectedRows);
  }

  protected async write(rows: readonly NonceRow[]): Promise<NonceOutcome[]> {
    const outcomes: NonceOutcome[] = [];
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
      outcomes.push(...(this.returning ? await this.insertReturning(chunk) : await this.insertEach(chunk)));
    }
    return outcomes;
  }

  private async insertReturning(rows: readonly NonceRow[]): Promise<NonceOutcome[]> {
    const values = rows.flatMap((row) => [row.integrationId, row.nonce, row.timestamp]);
    const tuples = rows.map(() => '(?, ?, ?)').join(', ');
    const stored = await this.query<RowDataPacket[]>(`INSERT IGNORE INTO ${this.columns} VALUES ${tuples} RETURNING \`integration_id\`, \`nonce\``, values);
    const inserted = new Set(stored.map((row) => keyOf(String(row.integration_id), String(row.nonce))));
    const missing = rows.filter((row) => !inserted.has(keyOf(row.integrationId, row.nonce)));
    const present = missing.length === 0 ? new Set<string>() : await this.present(missing);
    return rows.map((row) => {
      const key = keyOf(row.integrationId, row.nonce);
      if (inserted.has(key)) return true;
      if (present.has(key)) return false;
      return new Error('The nonce could not be stored: its integration no longer exists.');
    });
  }

  /** Which of the rows' keys the table holds. */
  private async present(rows: readonly NonceRow[]): Promise<Set<string>> {
    const found = await this.query<RowDataPacket[]>(
      `SELECT \`integration_id\`, \`nonce\` FROM ${this.table} WHERE (\`integration_id\`, \`nonce\`) IN (${rows.map(() => '(?, ?)').join(', ')})`,
      rows.flatMap((row) => [row.integrationId, row.nonce]),
    );
    return new Set(found.map((row) => keyOf(String(row.integration_id), String(row.nonce))));
  }

  private async insertEach(rows: readonly NonceRow[]): Promise<NonceOutcome[]> {
    const connection = await new Promise<PoolConnection>((resolve, reject) => this.pool.getConnection((error, got) => (error ? reject(error) : resolve(got))));
    try {
      await run(connection, 'START TRANSACTION');
      try {
        const outcomes: NonceOutcome[] = [];
        for (const row of rows) {
          try {
            await run(connection, `INSERT INTO ${this.columns} VALUES (?, ?, ?)`, [row.integrationId, row.nonce, row.timestamp]);
            outcomes.push(true);
          } catch (error) {
            const code = (error as { code?: unknown }).code;
            if (code === 'ER_DUP_ENTRY') outcomes.push(false);
            else if (typeof code === 'string' && FOREIGN_KEY_ERRORS.has(code)) outcomes.push(error as Error);
            else throw error;
          }
        }
        await run(connection, 'COMMIT');
        return outcomes;
      } catch (error) {
        await run(connection, 'ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      connection.release();
    }
  }

  private query<T extends ResultSetHeader | RowDataPacket[]>(sql: string, values: unknown[]): Promise<T> {
    return new Promise<T>((resolve, reject) => this.pool.query<T>(sql, values, (error, result) => (error ? reject(error) : resolve(result))));
  }
}

const keyOf = (integrationId: string, nonce: string): string => `${integrationId}\u0000${nonce}`;

function run(connection: PoolConnection, sql: string, values: unknown[] = []): Promise<void> {
  return new Promise<void>((resolve, reject) => connection.query(sql, values, (error) => (error ? reject(error) : resolve())));
}
