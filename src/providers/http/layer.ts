/**
 * What the HTTP client can be given beyond HTTP: a response cache, a circuit breaker and a shared
 * token store. Each is optional, and the client works without them (its own tests run bare).
 *
 * They reach a client through `HttpClientOptions.resilience`. For the provider clients,
 * `createProviders` hands each its provider's `UpstreamResilience`, and the provider client passes
 * it on: to its HTTP client (cache and breaker), to its auth strategy (`tokenStore`) and, for
 * Absorb, to its writes (the cache they invalidate). So every provider gets caching, breaking and
 * token sharing without provider-specific code, and two server instances in one process (tests)
 * each keep their own.
 *
 * The cache and breaker are described here by the little the client needs of them; src/cache
 * and src/resilience implement them.
 */
import type { z } from 'zod';
import type { ProviderName } from '../errors.js';
import type { HttpLogger, HttpMethod, RequestEndEvent, RequestStartEvent } from './types.js';

/** What a cacheable GET gives the cache. */
export interface CacheableCall<T> {
  provider: ProviderName;
  method: HttpMethod;
  /** Path template: the TTL table and messages use it. */
  endpoint: string;
  /** The filled path below the base URL. */
  path: string;
  query: URLSearchParams;
  schema: z.ZodType<T>;
  notFound: 'error' | 'null';
  /** Digest of the base URL and identity the upstream sees (see cache/key.ts). */
  credentialScope: string;
  /** Caller-dependent key part, when the caller can change the answer. */
  callerScope: string | undefined;
  /** This caller's deadline while it waits for a load another caller started. */
  waitSignal: AbortSignal | undefined;
  /** The error this caller gets when its deadline passes while waiting. */
  waitTimeoutError(): unknown;
  /** The reason a shared load is aborted with once every caller waiting for it has given up. */
  abandonedError(): unknown;
  /**
   * Sends the call. With a signal the call is bounded by it alone (a shared load, which must not
   * end with the deadline of the request that started it); without one by the deadline of the
   * request it is made for. Answers the validated value and, for a 2xx JSON body, that body
   * as JSON text (what the cache stores).
   */
  load(signal?: AbortSignal): Promise<{ value: T | null; body?: string }>;
}

export interface UpstreamCache {
  /** The answer from the cache, or from `call.load` (once for all concurrent identical misses). */
  get<T>(call: CacheableCall<T>): Promise<T | null>;
  /** Drops a provider's answers under a filled path prefix (after a write). */
  invalidate(provider: ProviderName, pathPrefix: string): Promise<void>;
}

export interface UpstreamBreaker {
  /** Runs one upstream call, or fails fast with UPSTREAM_UNAVAILABLE while the breaker is open. */
  run<T>(call: { method: string; endpoint: string }, task: () => Promise<T>): Promise<T>;
}

/** A login token shared by every replica (see cache/token-store.ts). */
export interface SharedToken {
  token: string;
  /** Epoch milliseconds; undefined when the upstream gave no lifetime. */
  expiresAt?: number;
}

export interface TokenStore {
  /**
   * A valid token other than `rejected`: the shared one when it is fresh enough (at least
   * `marginMs` from expiry), otherwise one obtained by calling `login` while holding a lock, so
   * that one replica logs in and the others wait for its token. Falls back to `login` alone when
   * the store cannot be used.
   */
  obtain(options: { rejected: string | undefined; marginMs: number; login: () => Promise<SharedToken> }): Promise<SharedToken>;
}

export interface UpstreamResilience {
  cache?: UpstreamCache;
  /** Required for caching: without it nothing is cached. */
  credentialScope?: string;
  breaker?: UpstreamBreaker;
  tokenStore?: TokenStore;
}

/** What every provider client takes from the application, beside its own settings. */
export interface ProviderClientHooks {
  /** Observers of every attempt (metrics); their events carry endpoint templates only. */
  onRequest?: (event: RequestStartEvent) => void;
  onResponse?: (event: RequestEndEvent) => void;
  logger?: HttpLogger;
  /**
   * The provider's response cache, circuit breaker and shared token store: the HTTP client caches
   * and breaks with them, a login shares its token through the store, and writes drop the cached
   * answers they change. None by default.
   */
  resilience?: UpstreamResilience;
}

