/**
 * Small concurrency tools for provider clients: a p-limit style limiter (Ruangkerja answers one
 * employee per request, so per-user lists fan out and must not open hundreds of requests at once),
 * a bounded parallel map that stops starting work after the first failure, and keyed
 * de-duplication of concurrent calls (two resolvers asking for the same course share one request).
 */

export interface ConcurrencyLimit {
  <T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly activeCount: number;
  /** Tasks waiting for a slot. */
  readonly pendingCount: number;
}

export function limitConcurrency(limit: number): ConcurrencyLimit {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limitConcurrency needs a positive integer');
  let active = 0;
  const queue: (() => void)[] = [];

  const release = (): void => {
    active -= 1;
    const next = queue.shift();
    if (next !== undefined) next();
  };

  const run = <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        active += 1;
        // A task that throws synchronously still frees its slot.
        Promise.resolve()
          .then(task)
          .then(resolve, reject)
          .finally(release);
      };
      if (active < limit) start();
      else queue.push(start);
    });

  return Object.defineProperties(run, {
    activeCount: { get: () => active },
    pendingCount: { get: () => queue.length },
  }) as ConcurrencyLimit;
}

/**
 * `fn` over `items` with at most `concurrency` calls at once; results keep the items' order. After
 * the first failure no further call starts, and the returned promise rejects with that failure
 * once the calls already running have settled (so no request outlives the read that made it).
 */
export async function mapConcurrent<I, O>(items: readonly I[], concurrency: number, fn: (item: I, index: number) => Promise<O>): Promise<O[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('mapConcurrent needs a positive integer concurrency');
  const results = new Array<O>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as I, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}

export type SingleFlight<K, V> = (key: K, task: () => Promise<V>) => Promise<V>;

/**
 * Callers asking for the same key while a call is in flight share its promise; once it settles
 * the key is forgotten (this de-duplicates concurrent work, it is not a cache).
 */
export function singleFlight<K, V>(): SingleFlight<K, V> {
  const inFlight = new Map<K, Promise<V>>();
  return (key, task) => {
    const existing = inFlight.get(key);
    if (existing !== undefined) return existing;
    const promise = Promise.resolve()
      .then(task)
      .finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
    return promise;
  };
}
