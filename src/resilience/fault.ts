/**
 * Errors the circuit breakers must not count against a provider. A shared load abandoned because
 * every request waiting for it ran out of its own deadline says how patient our callers were (or
 * how long our own queues are), not that the provider failed. A provider that hangs is still
 * caught by its attempts' own time-outs (UPSTREAM_RESPONSE_TIMEOUT_MS, shorter than
 * REQUEST_DEADLINE_MS by default). Kept apart from breaker.ts so the HTTP layer can mark errors
 * without loading the breaker.
 */
const exempt = new WeakSet<object>();

export function notTheProvidersFault<E extends object>(error: E): E {
  exempt.add(error);
  return error;
}

export function isExempt(error: unknown): boolean {
  return typeof error === 'object' && error !== null && exempt.has(error);
}
