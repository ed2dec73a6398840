/** A size-bounded map whose entries expire; the oldest entry is evicted first when it is full. */
export interface BoundedCache<Value> {
  get(key: string): Value | undefined;
  set(key: string, value: Value, timeToLiveMs: number): void;
  delete(key: string): void;
  /** Deletes every entry whose value matches. */
  deleteWhere(predicate: (value: Value) => boolean): void;
  clear(): void;
  readonly size: number;
}

/** Creates a `BoundedCache`: insertion-ordered Map, so eviction of the oldest entry is O(1). */
export function createBoundedCache<Value>(options: {
  maxEntries: number;
  now?: () => number;
}): BoundedCache<Value> {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: Value; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value, timeToLiveMs) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + timeToLiveMs });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    delete(key) {
      entries.delete(key);
    },
    deleteWhere(predicate) {
      for (const [key, entry] of entries) if (predicate(entry.value)) entries.delete(key);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
