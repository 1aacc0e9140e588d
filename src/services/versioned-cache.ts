import type { Db } from "../db/client.js";
import { dataVersion } from "./refresh.js";

/**
 * Memoises answers derived from the whole data set (statistics tables, target progress) per
 * data version. Every seed and import writes a new version in its own transaction, so an
 * entry can never outlive the data it was computed from; replicas each compute the same
 * value. Costs one one-row statement per call (the version check).
 */
export function versionedCache<K extends string, V>(limit: number) {
  const entries = new Map<string, Promise<V>>();
  return async (db: Db, key: K, compute: () => Promise<V>): Promise<V> => {
    const fullKey = `${await dataVersion(db)}|${key}`;
    let entry = entries.get(fullKey);
    if (!entry) {
      entry = compute();
      // A failed computation is not remembered.
      entry.catch(() => entries.delete(fullKey));
      if (entries.size >= limit) entries.delete(entries.keys().next().value!);
      entries.set(fullKey, entry);
    }
    return entry;
  };
}
