import { type NonceRow } from './schemas/rows';

/** What became of one row of a batch: stored, already there, or an error for its caller alone. */
export type NonceOutcome = boolean | Error;

/** Records nonces outside a unit of work, on the raw driver (see GroupCommitNonceWriter). */
export interface NonceWriter {
  /**
   * Stores the row; false when the key (integration, nonce digest) is already stored, by this
   * process or another. Resolves once the row is committed.
   * @throws the driver's error when the row (e.g. foreign key: the integration was deleted) or
   *   its batch (database unreachable) could not be written, or an error when the writer was
   *   closed before the database answered
   */
  use(row: NonceRow): Promise<boolean>;
  /**
   * Deletes at most `limit` rows with timestamp < before, in one short statement.
   * @returns how many
   */
  deleteOlderThan(before: number, limit: number): Promise<number>;
  /** Waits, for a bounded time, for the rows already handed in; later calls fail. Never rejects. */
  close(): Promise<void>;
}

interface Waiting {
  readonly row: NonceRow;
  readonly resolve: (stored: boolean) => void;
  readonly reject: (error: unknown) => void;
}

/** How long close() waits by default for the batches being written (see GroupCommitNonceWriter). */
export const NONCE_WRITER_CLOSE_TIMEOUT_MS = 5000;

/**
 * Group commit: the nonces handed in during one event-loop turn (the requests whose bytes arrived
 * together) are written by one `write` after it (setImmediate), so that they share one commit,
 * the cost that dominates a single-row insert. At most `maxInFlight` batches are written at once;
 * while that many are out, the next turns' nonces wait and go together in the next free one.
 *
 * Within a batch each key is written once: the first caller with it gets the row's outcome, the
 * others false (a replay of a nonce in flight), exactly as if they had come one after another. A
 * key in two batches written at once is the database's to decide (its primary key), as it is for
 * two processes.
 *
 * Every caller's promise settles: with the row's outcome, or with an error when `write` failed,
 * threw, or answered something that is not an outcome for the row. An error never says the nonce
 * was new: the request is refused, not let through.
 */
export abstract class GroupCommitNonceWriter implements NonceWriter {
  private waiting: Waiting[] = [];
  private scheduled = false;
  /** The batches being written, each with its callers. */
  private readonly inFlight = new Map<Promise<void>, readonly Waiting[]>();
  private closed = false;

  /**
   * @param maxInFlight how many batches may be written at once (1: each waits for the previous)
   * @param closeTimeoutMs how long close() waits for the batches being written before it gives
   *   up on them (a black-holed connection never answers)
   */
  constructor(
    private readonly maxInFlight = 1,
    private readonly closeTimeoutMs = NONCE_WRITER_CLOSE_TIMEOUT_MS,
  ) {}

  use(row: NonceRow): Promise<boolean> {
    if (this.closed) return Promise.reject(new Error('The nonce writer is closed.'));
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      this.schedule();
    });
  }

  abstract deleteOlderThan(before: number, limit: number): Promise<number>;

  /**
   * Writes the rows already handed in and waits for them, at most `closeTimeoutMs`; then the
   * callers still waiting are failed (their nonces may or may not be stored) and `abandon` lets
   * go of the writes still running, so that the pool can be closed. Never rejects.
   */
  async close(): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<true>((resolve) => (timer = setTimeout(() => resolve(true), this.closeTimeoutMs)));
    try {
      while (this.inFlight.size > 0 || this.waiting.length > 0) {
        this.flush();
        if (await Promise.race([...this.inFlight.keys(), expired])) {
          const error = new Error('The nonce writer was closed before the database answered; the nonce may or may not be stored.');
          for (const callers of [this.waiting, ...this.inFlight.values()]) for (const waiting of callers) waiting.reject(error);
          this.waiting = [];
          this.abandon();
          return;
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Writes distinct rows, each its own outcome in order: true stored, false already there, an
   * Error for that row's caller alone (of such a row nothing stays). Rejects when the batch as a
   * whole failed, of which nothing stays.
   */
  protected abstract write(rows: readonly NonceRow[]): Promise<NonceOutcome[]>;

  /** Called when close() gives up on the writes still running: release what they hold. */
  protected abandon(): void {}

  private schedule(): void {
    if (this.scheduled || this.inFlight.size >= this.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const batch = this.waiting;
    if (batch.length === 0 || this.inFlight.size >= this.maxInFlight) return;
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
    const failAll = (error: unknown): void => {
      // A caller already settled stays as it is: a promise settles once.
      for (const waiting of batch) waiting.reject(error);
    };
    // A write that throws instead of rejecting must fail its callers too, not strand them.
    const written: Promise<void> = Promise.resolve()
      .then(() => this.write(rows))
      .then((outcomes) => {
        batch.forEach((waiting, i) => {
          const at = slot[i] ?? 0;
          const outcome = outcomes[at < 0 ? -1 - at : at];
          if (outcome instanceof Error) waiting.reject(outcome);
          else if (typeof outcome !== 'boolean') waiting.reject(new Error('The nonce writer got no outcome for the nonce.'));
          else waiting.resolve(at >= 0 && outcome);
        });
      }, failAll)
      .catch(failAll)
      .finally(() => {
        this.inFlight.delete(written);
        if (this.waiting.length > 0) this.schedule();
      });
    this.inFlight.set(written, batch);
  }
}
