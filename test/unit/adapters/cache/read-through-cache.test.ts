import { CacheClearing, withCachedReads } from '../../../../src/adapters/cache/read-through-cache';

/** A store that counts its reads and writes. */
class CountingStore {
  reads = 0;
  private readonly values = new Map<string, string>();
  failNext = false;

  find(key: string): Promise<string | null> {
    this.reads += 1;
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('database unavailable'));
    }
    return Promise.resolve(this.values.get(key) ?? null);
  }

  save(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

function setUp(ttlMs = 1000, maxEntries = 100): { store: CountingStore; cached: CountingStore; clock: { now: number } } {
  const store = new CountingStore();
  const clock = { now: 0 };
  return { store, cached: withCachedReads(store, ['find'], { ttlMs, maxEntries, now: () => clock.now }), clock };
}

describe('withCachedReads', () => {
  it('reads a key once per TTL, and again once the TTL has passed', async () => {
    const { store, cached, clock } = setUp();
    await store.save('a', 'one');
    expect(await cached.find('a')).toBe('one');
    await store.save('a', 'two');
    clock.now = 999;
    expect(await cached.find('a')).toBe('one');
    expect(store.reads).toBe(1);
    clock.now = 1000;
    expect(await cached.find('a')).toBe('two');
    expect(store.reads).toBe(2);
  });

  it('keeps keys apart and passes writes through to the store', async () => {
    const { store, cached } = setUp();
    await cached.save('a', 'A');
    await cached.save('b', 'B');
    expect([await cached.find('a'), await cached.find('b'), await cached.find('c')]).toEqual(['A', 'B', null]);
    expect(store.reads).toBe(3);
  });

  it('shares one read between concurrent callers', async () => {
    const { store, cached } = setUp();
    await store.save('a', 'A');
    expect(await Promise.all([cached.find('a'), cached.find('a'), cached.find('a')])).toEqual(['A', 'A', 'A']);
    expect(store.reads).toBe(1);
  });

  it('does not remember a failed read', async () => {
    const { store, cached } = setUp();
    await store.save('a', 'A');
    store.failNext = true;
    await expect(cached.find('a')).rejects.toThrow('database unavailable');
    expect(await cached.find('a')).toBe('A');
    expect(store.reads).toBe(2);
  });

  it('drops the oldest entry beyond maxEntries', async () => {
    const { store, cached } = setUp(1000, 2);
    await cached.find('a');
    await cached.find('b');
    await cached.find('c');
    expect(store.reads).toBe(3);
    await cached.find('b');
    await cached.find('c');
    expect(store.reads).toBe(3);
    await cached.find('a');
    expect(store.reads).toBe(4);
  });

  it('is the store itself with a TTL of 0', () => {
    const store = new CountingStore();
    expect(withCachedReads(store, ['find'], { ttlMs: 0, maxEntries: 10, now: () => 0 })).toBe(store);
  });

  it('refuses to cache what is not a method', () => {
    const store = Object.assign(new CountingStore(), { size: 3 });
    expect(() => withCachedReads(store, ['size'], { ttlMs: 10, maxEntries: 10, now: () => 0 })).toThrow('size is not a method');
  });

  it('forgets, within its TTL, everything the caches given one CacheClearing hold, reads under way included', async () => {
    const clearing = new CacheClearing();
    const clock = { now: 0 };
    const options = { ttlMs: 1000, maxEntries: 100, now: () => clock.now, clearing };
    const [first, second] = [new CountingStore(), new CountingStore()];
    const [cachedFirst, cachedSecond] = [withCachedReads(first, ['find'], options), withCachedReads(second, ['find'], options)];
    await first.save('a', 'old');
    await second.save('a', 'old');
    expect([await cachedFirst.find('a'), await cachedSecond.find('a')]).toEqual(['old', 'old']);

    await first.save('a', 'new');
    await second.save('a', 'new');
    const underWay = cachedFirst.find('b');
    clearing.clear();

    expect([await cachedFirst.find('a'), await cachedSecond.find('a')]).toEqual(['new', 'new']);
    await underWay;
    await cachedFirst.find('b');
    expect([first.reads, second.reads]).toEqual([4, 2]);
  });
});
