/**
 * What the in-memory repositories of aggregates share: each row is an aggregate's immutable
 * snapshot, kept by id in one table of the InMemoryDatabase. The table is looked up at every call,
 * since the unit of work swaps the tables when it rolls back.
 */
export abstract class InMemoryAggregates<S extends { readonly id: string }, A> {
  protected constructor(
    private readonly table: () => Map<string, S>,
    private readonly restore: (row: S) => A,
  ) {}

  protected get rows(): Map<string, S> {
    return this.table();
  }

  findById(id: string): Promise<A | null> {
    return Promise.resolve(this.restored(this.rows.get(id)));
  }

  /** The aggregate of the first row that `matches`; null when none does. */
  protected findFirst(matches: (row: S) => boolean): Promise<A | null> {
    return Promise.resolve(this.restored([...this.rows.values()].find(matches)));
  }

  /**
   * Stores the row, in place of the one of the same id; rejects with `conflict()` instead when
   * another row `clashes` with it, as a unique key would refuse it.
   */
  protected store(row: S, clashes: (other: S) => boolean, conflict: () => Error): Promise<void> {
    if ([...this.rows.values()].some((other) => other.id !== row.id && clashes(other))) return Promise.reject(conflict());
    this.rows.set(row.id, row);
    return Promise.resolve();
  }

  private restored(row: S | undefined): A | null {
    return row ? this.restore(row) : null;
  }
}

/** The page `query` asks for of items in their order, and how many there are in all. */
export function pageOf<T>(all: readonly T[], query: { readonly page: number; readonly pageSize: number }): { items: T[]; total: number } {
  const start = (query.page - 1) * query.pageSize;
  return { items: all.slice(start, start + query.pageSize), total: all.length };
}
