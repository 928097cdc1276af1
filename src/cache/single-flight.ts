/**
 * Single-flight for cache misses: callers asking for the same key while its load is running wait
 * for that one load, so 100 concurrent identical misses cost one upstream request.
 *
 * Each waiter keeps its own deadline: when a waiter's signal aborts, that waiter alone stops
 * waiting (with the error it asked for) and the load goes on for the others. The load is aborted
 * only when every waiter has given up, so no upstream request outlives all the requests that
 * wanted it, and none is cut short because the first requester ran out of time.
 *
 * The load is shared work, so it is bounded by none of its waiters' deadlines: it is given its own
 * signal, aborted as above, and the load function must use that signal alone (the HTTP cache's
 * does: providers/http/cached.ts).
 */

interface Flight<V> {
  promise: Promise<V>;
  controller: AbortController;
  waiters: number;
  settled: boolean;
}

export interface JoinOptions {
  /** This waiter's deadline. */
  signal?: AbortSignal | undefined;
  /** The error this waiter gets when its signal aborts. */
  abortError: () => unknown;
  /** The reason the load is aborted with when every waiter has left. */
  abandonedError: () => unknown;
}

export class SingleFlight<V> {
  private readonly flights = new Map<string, Flight<V>>();
  /** Loads started (for tests and stats). */
  loads = 0;

  get inFlight(): number {
    return this.flights.size;
  }

  join(key: string, options: JoinOptions, load: (signal: AbortSignal) => Promise<V>): Promise<V> {
    if (options.signal?.aborted) return Promise.reject(options.abortError());
    const flight = this.flights.get(key) ?? this.start(key, load);
    flight.waiters += 1;
    const { signal } = options;
    if (signal === undefined) return flight.promise;
    return new Promise<V>((resolve, reject) => {
      const onAbort = (): void => {
        flight.waiters -= 1;
        if (flight.waiters === 0 && !flight.settled) {
          // A caller arriving after this starts a fresh load rather than joining an aborted one.
          if (this.flights.get(key) === flight) this.flights.delete(key);
          flight.controller.abort(options.abandonedError());
        }
        reject(options.abortError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private start(key: string, load: (signal: AbortSignal) => Promise<V>): Flight<V> {
    this.loads += 1;
    const controller = new AbortController();
    // Started from a promise, so a load that throws at once rejects like one that fails later.
    const promise = Promise.resolve()
      .then(() => load(controller.signal))
      .finally(() => {
        flight.settled = true;
        if (this.flights.get(key) === flight) this.flights.delete(key);
      });
    const flight: Flight<V> = { promise, controller, waiters: 0, settled: false };
    // Waiters attach their own handlers; this keeps a load nobody waits for any more from being unhandled.
    flight.promise.catch(() => undefined);
    this.flights.set(key, flight);
    return flight;
  }
}
