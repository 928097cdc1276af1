/**
 * Small helpers for building DataLoaders whose batch functions answer in key order, as DataLoader
 * requires, with a failure of the whole batch given to every key.
 */
import DataLoader from 'dataloader';

export interface LoaderOptions {
  /** Matched to the upstream's limits (URL length, bulk endpoint size). */
  maxBatchSize?: number;
}

/**
 * `batching: false` turns DataLoader off (no batching, no per-request cache): every lookup goes to
 * the upstream on its own. It exists only as the N+1 baseline the benchmark compares against.
 */
export interface LoaderMode {
  batching: boolean;
}

export const BATCHED: LoaderMode = { batching: true };

function dataLoaderOptions(mode: LoaderMode, maxBatchSize: number): { maxBatchSize: number } | { batch: false; cache: false } {
  return mode.batching ? { maxBatchSize } : { batch: false, cache: false };
}

/** Memoizes a per-request computation, unless batching is off (then every call recomputes). */
export function once<T>(mode: LoaderMode, compute: () => Promise<T>): () => Promise<T> {
  let memo: Promise<T> | undefined;
  return () => (mode.batching ? (memo ??= compute()) : compute());
}

/** A loader whose batch function returns a map; missing keys resolve to `missing`. */
export function mappedLoader<K, V>(
  fetch: (keys: readonly K[]) => Promise<Map<K, V>>,
  missing: V,
  mode: LoaderMode,
  options: LoaderOptions = {},
): DataLoader<K, V> {
  return new DataLoader<K, V>(
    async (keys) => {
      const found = await fetch(keys);
      return keys.map((key) => (found.has(key) ? (found.get(key) as V) : missing));
    },
    dataLoaderOptions(mode, options.maxBatchSize ?? Infinity),
  );
}

/**
 * A loader for upstreams with no bulk form: one call per distinct key, all started in the same
 * tick; the concurrency bound lives in the provider client.
 */
export function perKeyLoader<K, V>(mode: LoaderMode, fetch: (key: K) => Promise<V>): DataLoader<K, V> {
  return new DataLoader<K, V>(
    (keys) => Promise.all(keys.map((key) => fetch(key).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))))),
    mode.batching ? {} : { batch: false, cache: false },
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
