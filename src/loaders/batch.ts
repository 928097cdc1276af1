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

export interface PerKeyOptions {
  /**
   * When the calls of a turn go out, for the lookups on a query's critical path to go first:
   * - `gating`: the answer decides whether more upstream calls follow (does this person exist?).
   *   With no bulk form there is nothing to gather, so it is sent as soon as it is asked.
   * - `wave`: a read that comes by the hundred (one per person on a page) and that nothing else
   *   waits on. It is dispatched once the answers already waiting on the sockets have been
   *   handled (setImmediate), and sent in slices of WAVE_SLICE with the same pause between them,
   *   so an answer that comes in meanwhile is read at once: a gating lookup it allows goes out
   *   beside the wave, not a hundred sends later.
   * - `normal` (default): DataLoader's own, at the end of the turn.
   */
  priority?: 'gating' | 'normal' | 'wave';
}

const SCHEDULES: Record<NonNullable<PerKeyOptions['priority']>, { batchScheduleFn?: (dispatch: () => void) => void }> = {
  gating: { batchScheduleFn: (dispatch) => queueMicrotask(dispatch) },
  normal: {},
  wave: { batchScheduleFn: (dispatch) => setImmediate(dispatch) },
};

/**
 * A loader for upstreams with no bulk form: one call per distinct key, all started in the same
 * tick (or at once, for a gating lookup); the concurrency bound lives in the provider client.
 *
 * Each key settles with its own call, not with the batch's slowest: the batch function hands
 * DataLoader the calls' promises themselves, which each `load` promise adopts. A person's lists
 * then go out as soon as their own directory answer is in, and the work on a hundred list
 * answers is done as each comes rather than all at once after the last.
 */
export function perKeyLoader<K, V>(mode: LoaderMode, fetch: (key: K) => Promise<V>, options: PerKeyOptions = {}): DataLoader<K, V> {
  const started = (key: K): Promise<V> => {
    const call = fetch(key);
    // Its `load` promise adopts it a few microtasks later and rejects for whoever awaits that;
    // this only keeps the call's own rejection from being reported as unhandled meanwhile.
    call.catch(() => undefined);
    return call;
  };
  const wave = options.priority === 'wave';
  return new DataLoader<K, V>(
    // The element type DataLoader declares is V; a promise of V resolves the key's promise alike.
    async (keys) => (wave ? inSlices(keys, started) : keys.map(started)) as unknown as V[],
    mode.batching ? SCHEDULES[options.priority ?? 'normal'] : { batch: false, cache: false },
  );
}

/** Sends per slice: about 2 ms of the event loop's time each, at ~0.15 ms a call. */
const WAVE_SLICE = 16;

/** Starts `fetch` for every key, WAVE_SLICE at a time, letting waiting I/O be read between slices. */
async function inSlices<K, V>(keys: readonly K[], fetch: (key: K) => Promise<V>): Promise<Promise<V>[]> {
  const started: Promise<V>[] = [];
  for (let from = 0; from < keys.length; from += WAVE_SLICE) {
    if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const key of keys.slice(from, from + WAVE_SLICE)) started.push(fetch(key));
  }
  return started;
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

/** A promise settled from outside; settling it a second time does nothing. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  // Nobody may be waiting when it fails: not an unhandled rejection. Whoever awaits it still sees it.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
