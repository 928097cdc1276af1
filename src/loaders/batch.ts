/**
 * Small helpers for building DataLoaders whose batch functions answer in key order, as DataLoader
 * requires, with a failure of the whole batch given to every key.
 */
import DataLoader from 'dataloader';

export interface LoaderOptions {
  /** Matched to the upstream's limits (URL length, bulk endpoint size). */
  maxBatchSize?: number;
}

/** A loader whose batch function returns a map; missing keys resolve to `missing`. */
export function mappedLoader<K, V>(
  fetch: (keys: readonly K[]) => Promise<Map<K, V>>,
  missing: V,
  options: LoaderOptions = {},
): DataLoader<K, V> {
  return new DataLoader<K, V>(
    async (keys) => {
      const found = await fetch(keys);
      return keys.map((key) => (found.has(key) ? (found.get(key) as V) : missing));
    },
    { maxBatchSize: options.maxBatchSize ?? Infinity },
  );
}

/**
 * A loader for upstreams with no bulk form: one call per distinct key, all started in the same
 * tick; the concurrency bound lives in the provider client.
 */
export function perKeyLoader<K, V>(fetch: (key: K) => Promise<V>, cacheKeyFn?: (key: K) => string): DataLoader<K, V, string | K> {
  return new DataLoader<K, V, string | K>(
    (keys) => Promise.all(keys.map((key) => fetch(key).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))))),
    cacheKeyFn ? { cacheKeyFn } : {},
  );
}

export function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
