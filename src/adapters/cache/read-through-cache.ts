/**
 * A read-through cache with a time to live: what the guard looks up on every request (consumer,
 * token, grant, admin session) is read from the database at most once per TTL per key and
 * process. The TTL bounds the staleness: a revoked token or a narrowed grant is seen by every
 * process at most `ttlMs` after it was committed; the process that commits it may forget what it
 * read at once (`CacheClearing`, on the domain events of the change).
 */
export interface CacheOptions {
  /** How long a value read is used (ms); 0 disables the cache. */
  readonly ttlMs: number;
  /** Entries kept at most; the oldest go first. */
  readonly maxEntries: number;
  /** Milliseconds of a monotonic or wall clock. */
  readonly now: () => number;
  /** Clears this cache together with the others it was given to. */
  readonly clearing?: CacheClearing;
}

/** Caches that are emptied together (the guard's, when a change it may hold an older value of is committed). */
export class CacheClearing {
  private readonly caches: Array<Map<string, unknown>> = [];

  track(entries: Map<string, unknown>): void {
    this.caches.push(entries);
  }

  /**
   * Forgets every value read: the next read of each key goes to the store. A read still under way
   * is forgotten too, so a value read before a commit is not kept after it.
   */
  clear(): void {
    for (const entries of this.caches) entries.clear();
  }
}

interface Entry {
  readonly expiresAt: number;
  readonly value: Promise<unknown>;
}

/**
 * Returns `inner` with the named read methods cached by their arguments; every other method
 * (writes included) goes to `inner` untouched. Values are shared between callers: use it only
 * where they are read, never changed (the guard).
 */
export function withCachedReads<T extends object>(inner: T, methods: ReadonlyArray<keyof T & string>, options: CacheOptions): T {
  if (options.ttlMs <= 0) return inner;
  const entries = new Map<string, Entry>();
  options.clearing?.track(entries);
  const cached = Object.create(inner) as T;
  for (const name of methods) {
    const method = inner[name];
    if (typeof method !== 'function') throw new Error(`${String(name)} is not a method`);
    const read = (method as (...args: unknown[]) => Promise<unknown>).bind(inner);
    const prefix = `${name}\u0000`;
    const replacement = (...args: unknown[]): Promise<unknown> => {
      // The guard's reads take one argument: no array is built for their key.
      const key = args.length === 1 ? prefix + String(args[0]) : prefix + args.map((arg) => String(arg)).join('\u0000');
      const now = options.now();
      const hit = entries.get(key);
      if (hit !== undefined && hit.expiresAt > now) return hit.value;
      if (hit !== undefined) entries.delete(key);
      const value = read(...args);
      entries.set(key, { expiresAt: now + options.ttlMs, value });
      // A failed read (the database is down) is not remembered.
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      if (entries.size > options.maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      return value;
    };
    Object.defineProperty(cached, name, { value: replacement });
  }
  return cached;
}
