/**
 * The HTTP layer the provider clients share: import from here rather than from its modules.
 */
export { createHttpClient, upstreamHttpOptions, type HttpClient, type HttpClientOptions, type HttpTimeouts, type RequestOptions } from './client.js';
export {
  SingleFlightTokenAuth,
  StaticTokenAuth,
  bearer,
  rawToken,
  type AuthFailureMatcher,
  type AuthStrategy,
  type LoginResult,
  type SingleFlightTokenAuthOptions,
  type StaticTokenAuthOptions,
} from './auth.js';
export { TokenBucket, type RateLimiter, type TokenBucketOptions } from './token-bucket.js';
export {
  type CacheableCall,
  type ProviderClientHooks,
  type SharedToken,
  type TokenStore,
  type UpstreamBreaker,
  type UpstreamCache,
  type UpstreamResilience,
} from './layer.js';
export { limitConcurrency, mapConcurrent, singleFlight, type ConcurrencyLimit, type SingleFlight } from './concurrency.js';
export {
  readLinked,
  readPageIndexed,
  readPageNumbered,
  type IndexedPage,
  type NumberedPage,
  type OffsetPage,
  type PagingSource,
  type ReadLinkedOptions,
  type ReadPageIndexedOptions,
  type ReadPageNumberedOptions,
} from './paging.js';
export { scrubSecrets } from './redact.js';
export { DEFAULT_BACKOFF, type BackoffOptions } from './retry.js';
export type { PathParams, SearchParamValue, SearchParams } from './url.js';
export type { FailureReason, HttpLogger, HttpMethod, RequestEndEvent, RequestStartEvent, UpstreamRequestScope } from './types.js';
export { positiveIntegerOption } from './options.js';
