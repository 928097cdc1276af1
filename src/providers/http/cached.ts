/**
 * The client's side of caching and breaking: how one call is routed through the resilience the
 * client was given (layer.ts).
 *
 * - A GET with a cache and a credential scope goes through the cache, which serves it or loads
 *   it once for every concurrent identical miss. Logins (`auth: false`) are never cached.
 * - Every upstream call, cached or not, goes through the provider's breaker, except logins: a
 *   login runs inside a call that already holds the breaker's half-open probe, and a second
 *   breaker call there would be refused.
 */
import { z } from 'zod';
import { ProviderError, describeCall, type ProviderName } from '../errors.js';
import { notTheProvidersFault } from '../../resilience/fault.js';
import { currentRequestDeadline } from '../../resilience/deadline.js';
import type { CacheableCall, UpstreamResilience } from './layer.js';
import type { RequestOptions } from './client.js';
import type { HttpMethod } from './types.js';
import { buildUrl, fillPath } from './url.js';

export type Send = <T>(call: RequestOptions<T>) => Promise<T | null>;

export interface RouteInput<T> {
  provider: ProviderName;
  baseUrl: string;
  resilience: UpstreamResilience;
  call: RequestOptions<T>;
  /** The client's own send: attempts, retries, auth, deadline. */
  send: Send;
}

export function routeCall<T>({ provider, baseUrl, resilience, call, send }: RouteInput<T>): Promise<T | null> {
  const method: HttpMethod = call.method ?? 'GET';
  const { breaker, cache, credentialScope } = resilience;
  const guarded: Send = (options) => (breaker === undefined || options.auth === false ? send(options) : breaker.run({ method, endpoint: call.endpoint }, () => send(options)));
  if (cache === undefined || credentialScope === undefined || method !== 'GET' || call.auth === false) return guarded(call);
  return cache.get(cacheable({ provider, baseUrl, call, credentialScope, send: guarded }));
}

function cacheable<T>(input: { provider: ProviderName; baseUrl: string; call: RequestOptions<T>; credentialScope: string; send: Send }): CacheableCall<T> {
  const { provider, call, send } = input;
  const method: HttpMethod = 'GET';
  const site = { provider, method, endpoint: call.endpoint };
  const what = describeCall(provider, method, call.endpoint);
  const path = fillPath(site, call.params);
  const deadline = currentRequestDeadline();
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
      const value = await send(options);
      return raw === undefined ? { value } : { value, body: JSON.stringify(raw) };
    },
  };
}
