import type { Db } from "../db/client.js";
import { approximateBytes } from "./approximate-bytes.js";
import { dataVersion } from "./refresh.js";

export interface VersionedCacheOptions<V> {
  /** Entries kept at most (least recently used go first). */
  maxEntries: number;
  /** Approximate heap bytes kept at most, over all entries; default {@link derivedCacheLimits}.maxBytes. */
  maxBytes?: number;
  /** The approximate heap size of a value; default: {@link approximateBytes}. */
  sizeOf?: (value: V) => number;
}

/**
 * The byte bound of every versioned cache that does not set its own (`DERIVED_CACHE_MAX_BYTES`,
 * applied by the service at start-up, before the first request). Per cache, not shared.
 */
export const derivedCacheLimits = { maxBytes: 32 * 1024 * 1024 };

interface Entry<V> {
  promise: Promise<V>;
  /** Known once the computation has finished; until then the entry counts 0 bytes. */
  bytes: number;
}

/**
 * Memoises answers derived from the whole data set (statistics tables, target progress) per
 * data version. Every seed and import writes a new version in its own transaction, so an
 * entry can never outlive the data it was computed from; replicas each compute the same
 * value. Costs one one-row statement per call (the version check) unless the server's
 * watcher knows the version.
 *
 * Bounded by entries and by approximate bytes: the keys come from client input (a table per
 * combination of dimensions), and one table can be tens of megabytes at millions of loans,
 * so a count alone does not bound memory. Least recently used entries are dropped first; a
 * value larger than the whole budget is returned but not kept.
 *
 * `versionedCache<K, V>(64)` is `versionedCache<K, V>({ maxEntries: 64 })`.
 */
export function versionedCache<K extends string, V>(limit: number | VersionedCacheOptions<V>) {
  const options: VersionedCacheOptions<V> = typeof limit === "number" ? { maxEntries: limit } : limit;
  const maxEntries = Math.max(1, options.maxEntries);
  const sizeOf = options.sizeOf ?? approximateBytes;
  // A Map iterates in insertion order: re-inserting on every hit makes the first key the least recently used.
  const entries = new Map<string, Entry<V>>();
  let totalBytes = 0;

  const remove = (key: string, entry: Entry<V>) => {
    if (entries.get(key) !== entry) return;
    entries.delete(key);
    totalBytes -= entry.bytes;
  };
  const evict = (maxBytes: number) => {
    for (const [key, entry] of entries) {
      if (entries.size <= maxEntries && totalBytes <= maxBytes) break;
      remove(key, entry);
    }
  };

  const cached = async (db: Db, key: K, compute: () => Promise<V>): Promise<V> => {
    const fullKey = `${await dataVersion(db)}|${key}`;
    const hit = entries.get(fullKey);
    if (hit) {
      entries.delete(fullKey);
      entries.set(fullKey, hit);
      return hit.promise;
    }
    const entry: Entry<V> = { promise: compute(), bytes: 0 };
    entries.set(fullKey, entry);
    evict(options.maxBytes ?? derivedCacheLimits.maxBytes);
    entry.promise.then(
      (value) => {
        if (entries.get(fullKey) !== entry) return;
        const maxBytes = options.maxBytes ?? derivedCacheLimits.maxBytes;
        try {
          entry.bytes = sizeOf(value);
        } catch {
          // A value that cannot be measured cannot be bounded: not kept (and no unhandled rejection).
          remove(fullKey, entry);
          return;
        }
        totalBytes += entry.bytes;
        // Too large to keep at all: the callers waiting for it still get it.
        if (entry.bytes > maxBytes) remove(fullKey, entry);
        else evict(maxBytes);
      },
      // A failed computation is not remembered.
      () => remove(fullKey, entry),
    );
    return entry.promise;
  };
  /** What the cache holds now (for tests and the soak): entries and their approximate bytes. */
  cached.stats = () => ({ entries: entries.size, bytes: totalBytes });
  return cached;
}
