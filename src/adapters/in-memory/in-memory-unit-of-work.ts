import { AsyncLocalStorage } from 'node:async_hooks';
import { type UnitOfWork } from '../../application/ports/unit-of-work.port';
import { type InMemoryDatabase } from './in-memory-database';

/**
 * Serialises units of work (one at a time, like a single-writer database) and restores the
 * image taken at the start when the work fails. A nested `run` joins the outer one.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  private readonly current = new AsyncLocalStorage<true>();
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly database: InMemoryDatabase) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.current.getStore() === true) return work();
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    const image = this.database.image();
    try {
      return await this.current.run(true, work);
    } catch (error) {
      this.database.restore(image);
      throw error;
    } finally {
      release();
    }
  }
}
