import { type NonceRow } from './schemas/rows';

/** What became of one row of a batch: stored, already there, or an error for its caller alone. */
export type NonceOutcome = boolean | Error;

/** Records nonces outside a unit of work, on the raw driver (see GroupCommitNonceWriter). */
export interface NonceWriter {
  /**
   * Stores the row; false when the key (integration, nonce digest) is already stored, by this
   * process or another. Resolves once the row is committed.
   * @throws the driver's error when the row (e.g. foreign key: the integration was deleted) or
   *   the whole batch (database unreachable) could not be written
   */
  use(row: NonceRow): Promise<boolean>;
  /**
   * Deletes at most `limit` rows with timestamp < before, in one short statement.
   * @returns how many
   */
  deleteOlderThan(before: number, limit: number): Promise<number>;
  /** Waits for the rows already handed in; later calls fail. */
  close(): Promise<void>;
}

interface Waiting {
  readonly row: NonceRow;
  readonly resolve: (stored: boolean) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: the nonces handed in during one event-loop turn (the requests whose bytes arrived
 * together) are written by one `write` after it (setImmediate), so that they share one commit,
 * the cost that dominates a single-row insert. While a batch is being written the next turn's
 * nonces wait and go together in the following one: one batch in flight at a time.
 *
 * Within a batch each key is written once: the first caller with it gets the row's outcome, the
 * others false (a replay of a nonce in flight), exactly as if they had come one after another.
 */
export abstract class GroupCommitNonceWriter implements NonceWriter {
  private waiting: Waiting[] = [];
  private scheduled = false;
  private inFlight: Promise<void> | null = null;
  private closed = false;

  use(row: NonceRow): Promise<boolean> {
    if (this.closed) return Promise.reject(new Error('The nonce writer is closed.'));
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      this.schedule();
    });
  }

  abstract deleteOlderThan(before: number, limit: number): Promise<number>;

  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight !== null || this.waiting.length > 0) {
      if (this.inFlight === null) this.flush();
      await this.inFlight;
    }
  }

  /**
   * Writes distinct rows, each its own outcome in order; rejects when the batch as a whole failed
   * (nothing of it stays).
   */
  protected abstract write(rows: readonly NonceRow[]): Promise<NonceOutcome[]>;

  private schedule(): void {
    if (this.scheduled || this.inFlight !== null) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const batch = this.waiting;
    if (batch.length === 0) return;
    this.waiting = [];
    const first = new Map<string, number>();
    const rows: NonceRow[] = [];
    const slot = batch.map(({ row }) => {
      const key = `${row.integrationId}\u0000${row.nonce}`;
      const index = first.get(key);
      if (index !== undefined) return -1 - index;
      first.set(key, rows.length);
      rows.push(row);
      return rows.length - 1;
    });
    this.inFlight = this.write(rows)
      .then(
        (outcomes) => {
          batch.forEach((waiting, i) => {
            const at = slot[i] ?? 0;
            const outcome = outcomes[at < 0 ? -1 - at : at];
            if (outcome instanceof Error) waiting.reject(outcome);
            else waiting.resolve(at >= 0 && outcome === true);
          });
        },
        (error: unknown) => {
          for (const waiting of batch) waiting.reject(error);
        },
      )
      .then(() => {
        this.inFlight = null;
        if (this.waiting.length > 0) this.schedule();
      });
  }
}
