// The one cache type of the read side: a Map with a maximum size and, optionally, an age
// limit counted in ticks of the one clock (the sampler's tick counter, passed in by whoever
// owns the cache; never Date.now()). Every cache belongs to the reader or driver that made
// it, so two drivers on two roots never share an entry, and it goes when they go.
// Lookups allocate nothing (they run for every file of every group, every tick); an entry
// object is made only when one is stored.

export type BoundedCacheOptions<K, V> = {
  /** entries kept at most; storing one more evicts the oldest stored. 0 keeps nothing. */
  max: number;
  /** an entry more than this many ticks old is gone (default: never) */
  ttl?: number;
  /** true: a lookup renews the entry (age = ticks since last use, not since stored) */
  touch?: boolean;
  /** called for each entry that leaves (evicted, expired, deleted, cleared): to close an fd */
  onEvict?: (value: V, key: K) => void;
};

export type CacheEntry<V> = { readonly value: V; tick: number };

export class BoundedCache<K, V> {
  private readonly map = new Map<K, CacheEntry<V>>();
  private readonly max: number;
  private readonly ttl: number;
  private readonly touch: boolean;
  private readonly onEvict: ((value: V, key: K) => void) | undefined;

  constructor(o: BoundedCacheOptions<K, V>) {
    this.max = o.max;
    this.ttl = o.ttl ?? Infinity;
    this.touch = o.touch ?? false;
    this.onEvict = o.onEvict;
  }

  get size(): number {
    return this.map.size;
  }

  /** The live entry for `key` at tick `now` (an expired one is dropped). The entry, not the
   *  value, so a stored undefined is told apart from a miss. */
  entry(key: K, now = 0): CacheEntry<V> | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    if (now - e.tick > this.ttl) {
      this.drop(key, e);
      return undefined;
    }
    if (this.touch) e.tick = now;
    return e;
  }

  get(key: K, now = 0): V | undefined {
    return this.entry(key, now)?.value;
  }

  set(key: K, value: V, now = 0): void {
    if (this.max <= 0) return;
    const old = this.map.get(key);
    if (old !== undefined) this.drop(key, old);
    else if (this.map.size >= this.max) this.evictOldest();
    this.map.set(key, { value, tick: now });
  }

  delete(key: K): boolean {
    const e = this.map.get(key);
    if (e === undefined) return false;
    this.drop(key, e);
    return true;
  }

  /** Drop every entry older than the ttl at tick `now` (a pass over all: call it rarely).
   *  forEach, not for-of over entries: that makes a [key, entry] array per entry. */
  sweep(now: number): void {
    this.map.forEach((e, key) => {
      if (now - e.tick > this.ttl) this.drop(key, e);
    });
  }

  clear(): void {
    this.map.forEach((e, key) => this.drop(key, e));
  }

  private evictOldest(): void {
    // a Map iterates in insertion order: the first key is the oldest stored
    const first = this.map.keys().next();
    if (first.done !== true) this.drop(first.value, this.map.get(first.value)!);
  }

  private drop(key: K, e: CacheEntry<V>): void {
    this.map.delete(key);
    this.onEvict?.(e.value, key);
  }
}
