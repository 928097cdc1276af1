/**
 * The client's side of caching and breaking: how one call is routed through the resilience the
 * client was given (layer.ts).
 *
 * - A GET with a cache and a credential scope goes through the cache, which serves it or loads
 *   it once for every concurrent identical miss. Logins (`auth: false`) are never cached.
 * - Every upstream call, cached or not, goes through the provider's breaker, except logins: a
 *   login runs inside a call that already holds the breaker's half-open probe, and a second
 *   breaker call there would be refused.
 * - The request the call is made for decides how long its caller waits (its deadline) and, when
 *   set, which caller's answers it may share (its cache scope). A load shared by every caller
 *   waiting for it runs under its own signal only: it must not end with the deadline of whichever
 *   request happened to start it (cache/single-flight.ts). It still carries that request's id.
 */
import { z } from 'zod';
import { ProviderError, describeCall, type ProviderName } from '../errors.js';
import { notTheProvidersFault } from '../../resilience/fault.js';
import type { CacheableCall, UpstreamResilience } from './layer.js';
import type { RequestOptions } from './client.js';
import type { HttpMethod, UpstreamRequestScope } from './types.js';
import { buildUrl, fillPath } from './url.js';

export type Send = <T>(call: RequestOptions<T>, scope: UpstreamRequestScope) => Promise<T | null>;

export interface RouteInput<T> {
  provider: ProviderName;
  baseUrl: string;
  resilience: UpstreamResilience;
  call: RequestOptions<T>;
  /** The request the call is made for. */
  scope: UpstreamRequestScope;
  /** The client's own send: attempts, retries, auth, deadline. */
  send: Send;
}

export function routeCall<T>({ provider, baseUrl, resilience, call, scope, send }: RouteInput<T>): Promise<T | null> {
  const method: HttpMethod = call.method ?? 'GET';
  const { breaker, cache, credentialScope } = resilience;
  const guarded: Send = (options, within) =>
    breaker === undefined || options.auth === false ? send(options, within) : breaker.run({ method, endpoint: call.endpoint }, () => send(options, within));
  if (cache === undefined || credentialScope === undefined || method !== 'GET' || call.auth === false) return guarded(call, scope);
  return cache.get(cacheable({ provider, baseUrl, call, credentialScope, scope, send: guarded }));
}

function cacheable<T>(input: { provider: ProviderName; baseUrl: string; call: RequestOptions<T>; credentialScope: string; scope: UpstreamRequestScope; send: Send }): CacheableCall<T> {
  const { provider, call, scope, send } = input;
  const method: HttpMethod = 'GET';
  const site = { provider, method, endpoint: call.endpoint };
  const what = describeCall(provider, method, call.endpoint);
  const path = fillPath(site, call.params);
  const { deadline } = scope;
  const waitSignal = call.signal ?? deadline?.signal;
  return {
    provider,
    method,
    endpoint: call.endpoint,
    path,
    query: buildUrl(input.baseUrl, path, call.searchParams).searchParams,
    schema: call.schema,
    notFound: call.notFound ?? 'error',
    credentialScope: input.credentialScope,
    callerScope: deadline?.cacheScope,
    waitSignal,
    waitTimeoutError: () => {
      if (call.signal?.aborted) return call.signal.reason;
      const budget = deadline === undefined ? '' : ` ${deadline.budgetMs} ms`;
      return new ProviderError({ ...site, code: 'UPSTREAM_TIMEOUT', message: `${what} did not answer within the request's${budget} deadline` });
    },
    abandonedError: () =>
      notTheProvidersFault(new ProviderError({ ...site, code: 'UPSTREAM_TIMEOUT', message: `${what} was abandoned: every request waiting for it passed its deadline` })),
    load: async (signal) => {
      let raw: unknown;
      // The body exactly as it passed validation is what the cache stores (never the schema's output).
      const capturing = z.preprocess((input: unknown) => {
        raw = input;
        return input;
      }, call.schema);
      const options: RequestOptions<T> = { ...call, schema: capturing, ...(signal === undefined ? {} : { signal }) };
      // Given a signal, this is the load every waiting caller shares: bounded by that signal alone.
      const value = await send(options, signal === undefined ? scope : withoutDeadline(scope));
      return raw === undefined ? { value } : { value, body: JSON.stringify(raw) };
    },
  };
}

/**
 * The scope of a shared load: the id of the request that started it, none of its deadline, so
 * that neither the load nor a login it starts ends with that one request's budget.
 */
function withoutDeadline(scope: UpstreamRequestScope): UpstreamRequestScope {
  return scope.requestId === undefined ? {} : { requestId: scope.requestId };
}
