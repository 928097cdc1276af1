/**
 * Load generation with autocannon (in the benchmark's own process, apart from the server's). Every
 * response's latency is kept, so percentiles are exact, and every body is checked: an answer with
 * GraphQL `errors` counts as an error, like a non-2xx status or a socket error.
 */
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  body: string;
  connections: number;
  /** Either a number of requests in all… */
  amount?: number;
  /** …or a duration in seconds. */
  durationSeconds?: number;
  /** Per-request timeout in seconds. */
  timeoutSeconds?: number;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export interface LoadResult {
  /** Answers received without error (2xx, no GraphQL `errors`). */
  requests: number;
  /** Those per second over the run. */
  requestsPerSecond: number;
  elapsedSeconds: number;
  /** Latency of the answers without error. */
  latencyMs: Percentiles;
  /** Non-2xx responses, socket errors, timeouts and answers carrying GraphQL errors. */
  errors: number;
  /** Of those, 503 answers: requests the server refused for capacity (LIMIT_MAX_IN_FLIGHT). */
  refusedBusy: number;
  /** A sample of what went wrong, for the report. */
  errorSample: string | null;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** The middle value (the upper of the two middles for an even count). */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

export function summarize(latencies: readonly number[]): Percentiles {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  /** The answer just received: autocannon reports it, then checks its body, in the same turn. */
  let last: { ms: number; ok: boolean } | null = null;
  let badAnswers = 0;
  let refusedBusy = 0;
  let errorSample: string | null = null;
  const settle = () => {
    if (last === null) return;
    if (last.ok) latencies.push(last.ms);
    else badAnswers += 1;
    last = null;
  };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: options.body,
        connections: options.connections,
        ...(options.amount === undefined ? { duration: options.durationSeconds ?? 10 } : { amount: options.amount }),
        timeout: options.timeoutSeconds ?? 30,
        // The answer must be data without errors; a mismatch is counted below.
        verifyBody: (body) => {
          const text = String(body ?? '');
          const ok = !text.includes('"errors"');
          if (!ok) {
            errorSample ??= text.slice(0, 300);
            if (last !== null) last.ok = false;
          }
          settle();
          return ok;
        },
      },
      (error, result) => {
        if (error) return reject(error);
        settle();
        const elapsedSeconds = (performance.now() - started) / 1000;
        // Socket errors and timeouts, plus answers that were not 2xx or carried GraphQL errors.
        const errors = result.errors + badAnswers;
        resolve({
          requests: latencies.length,
          requestsPerSecond: latencies.length / Math.max(elapsedSeconds, 1e-9),
          elapsedSeconds,
          latencyMs: summarize(latencies),
          errors,
          refusedBusy,
          errorSample: errorSample ?? (errors > 0 ? `${result.non2xx} non-2xx, ${result.errors} socket errors, ${result.timeouts} timeouts` : null),
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      settle();
      if (statusCode === 503) refusedBusy += 1;
      last = { ms: responseTime, ok: statusCode >= 200 && statusCode < 300 };
    });
  });
}

/** One request, outside autocannon: the answer's JSON (for warm-ups and counted runs). */
export async function postOnce(url: string, body: string): Promise<{ status: number; json: { data?: unknown; errors?: unknown[] }; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = (await response.json()) as { data?: unknown; errors?: unknown[] };
  return { status: response.status, json, ms: performance.now() - started };
}
