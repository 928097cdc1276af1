/**
 * Prometheus metrics (prom-client), on one registry served at GET /metrics. Every label value is
 * bounded: operation names are capped (see operationLabel), endpoints are path templates, never
 * URLs or ids.
 *
 * The cache, circuit-breaker and loader metrics are created here and incremented by the modules
 * that own those mechanisms, through the small helpers below.
 */
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestEndEvent } from '../providers/http/types.js';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const registers = [metricsRegistry];

export const graphqlOperationDuration = new Histogram({
  name: 'graphql_operation_duration_seconds',
  help: 'Time from receiving a GraphQL request to sending its response, by operation name and outcome (ok: no errors; error: any error, partial answers included).',
  labelNames: ['operation', 'outcome'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers,
});

export const graphqlErrors = new Counter({
  name: 'graphql_errors_total',
  help: 'Errors in GraphQL responses, by extensions.code.',
  labelNames: ['code'] as const,
  registers,
});

export const requestsRejected = new Counter({
  name: 'graphql_requests_rejected_total',
  help: 'Requests refused before execution, by reason (unauthenticated, body_too_large, malformed_body, batched, depth, cost, aliases, tokens, directives, not_safelisted, busy).',
  labelNames: ['reason'] as const,
  registers,
});

export const requestsInFlight = new Gauge({
  name: 'graphql_requests_in_flight',
  help: 'GraphQL requests admitted and not yet answered (LIMIT_MAX_IN_FLIGHT bounds them).',
  registers,
});

export const authFailures = new Counter({
  name: 'auth_failures_total',
  help: 'Refused credentials, by reason (missing, bad_api_key, expired, bad_signature, claim_mismatch, …).',
  labelNames: ['reason'] as const,
  registers,
});

export const upstreamRequests = new Counter({
  name: 'upstream_requests_total',
  help: 'Upstream HTTP attempts (retries included), by provider, endpoint template, HTTP status (or "none" when no answer came) and outcome (ok, retry, error).',
  labelNames: ['provider', 'endpoint', 'status', 'outcome'] as const,
  registers,
});

export const upstreamRequestDuration = new Histogram({
  name: 'upstream_request_duration_seconds',
  help: 'Duration of one upstream HTTP attempt, by provider and endpoint template.',
  labelNames: ['provider', 'endpoint'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers,
});

export const upstreamRetries = new Counter({
  name: 'upstream_retries_total',
  help: 'Upstream attempts that failed and were retried, by provider, endpoint template and reason (status, timeout, network, malformed_json, auth, …).',
  labelNames: ['provider', 'endpoint', 'reason'] as const,
  registers,
});

export const cacheLookups = new Counter({
  name: 'cache_lookups_total',
  help: 'Cache lookups by cache name and result (hit or miss).',
  labelNames: ['cache', 'result'] as const,
  registers,
});

export const loaderBatchSize = new Histogram({
  name: 'dataloader_batch_size',
  help: 'Keys per DataLoader batch, by loader name.',
  labelNames: ['loader'] as const,
  buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
  registers,
});

export type BreakerState = 'closed' | 'half_open' | 'open';
const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

export const breakerState = new Gauge({
  name: 'circuit_breaker_state',
  help: 'Circuit breaker state per provider: 0 closed, 1 half-open, 2 open.',
  labelNames: ['provider'] as const,
  registers,
});

export const breakerTransitions = new Counter({
  name: 'circuit_breaker_transitions_total',
  help: 'Circuit breaker state changes per provider, by the state entered.',
  labelNames: ['provider', 'state'] as const,
  registers,
});

/** For the cache: one call per lookup. */
export function recordCacheLookup(cache: string, hit: boolean): void {
  cacheLookups.inc({ cache, result: hit ? 'hit' : 'miss' });
}

/** For the circuit breakers: call on every state change (and once at creation with `closed`). */
export function recordBreakerState(provider: string, state: BreakerState): void {
  breakerState.set({ provider }, BREAKER_STATE_VALUE[state]);
  breakerTransitions.inc({ provider, state });
}

/** For loaders: call from a batch function with the number of keys it received. */
export function recordLoaderBatch(loader: string, size: number): void {
  loaderBatchSize.observe({ loader }, size);
}

/**
 * The labelled series of each upstream call, looked up by one string key: a fan-out query reports
 * hundreds of calls, and prom-client would otherwise hash and check the label set of every one.
 * The key space is bounded (providers × endpoint templates × statuses × outcomes).
 */
const upstreamSeries = new Map<string, { requests: ReturnType<typeof upstreamRequests.labels>; duration: ReturnType<typeof upstreamRequestDuration.labels> }>();

/** The HTTP layer's `onResponse` observer: one call per attempt. */
export function observeUpstreamResponse(event: RequestEndEvent): void {
  const endpoint = `${event.method} ${event.endpoint}`;
  const status = event.status === undefined ? 'none' : String(event.status);
  const key = `${event.provider}|${endpoint}|${status}|${event.outcome}`;
  let series = upstreamSeries.get(key);
  if (series === undefined) {
    series = {
      requests: upstreamRequests.labels({ provider: event.provider, endpoint, status, outcome: event.outcome }),
      duration: upstreamRequestDuration.labels({ provider: event.provider, endpoint }),
    };
    upstreamSeries.set(key, series);
  }
  series.requests.inc();
  series.duration.observe(event.durationMs / 1000);
  if (event.outcome === 'retry') upstreamRetries.inc({ provider: event.provider, endpoint, reason: event.reason ?? 'unknown' });
}

const MAX_OPERATION_LABELS = 200;
const seenOperations = new Set<string>();

/**
 * Operation names come from clients, so they are capped: a plain name is kept until 200 distinct
 * names have been seen, then new ones count as `other`, and the metric cannot grow without end.
 */
export function operationLabel(name: string | null | undefined): string {
  if (name === null || name === undefined || name === '') return 'anonymous';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'other';
  if (seenOperations.has(name)) return name;
  if (seenOperations.size >= MAX_OPERATION_LABELS) return 'other';
  seenOperations.add(name);
  return name;
}

export function metricsHandler(): RequestHandler {
  return (_req, res, next) => {
    metricsRegistry.metrics().then((text) => {
      res.setHeader('content-type', metricsRegistry.contentType);
      res.end(text);
    }, next);
  };
}
