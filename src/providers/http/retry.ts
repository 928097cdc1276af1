/**
 * Retry timing: exponential backoff with full jitter (a random wait between 0 and
 * min(cap, base·2^n), so that many callers failing together do not retry together), the
 * upstream's `Retry-After` when it gives one, and an abortable sleep.
 */

export interface BackoffOptions {
  /** First retry waits up to this long. */
  baseMs: number;
  /** No jittered wait is longer than this. */
  capMs: number;
  /** A `Retry-After` longer than this is shortened to it, so one answer cannot stall a query. */
  retryAfterCapMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 100, capMs: 2_000, retryAfterCapMs: 5_000 };

/** Wait before retry number `retry` (1 for the first retry). */
export function backoffDelay(retry: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
