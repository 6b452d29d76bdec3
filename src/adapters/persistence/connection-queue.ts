/**
 * Runs work on SQLite's one connection one piece at a time: a piece starts when the previous one
 * has settled. The unit of work queues its transactions here, and the nonce writer its batches, so
 * that neither writes into a transaction the other has open across an await.
 */
export class ConnectionQueue {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(work: () => Promise<T> | T): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}
