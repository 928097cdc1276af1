/**
 * The Absorb connection that reads (and, later, writes) share: one HTTP client with the API's
 * headers, a single-flight login, a client-side rate limiter, and helpers to call a route of
 * routes.ts, walk a paged list and measure a URL before sending it.
 *
 * Login: `POST /authenticate` answers a bare JSON string valid 4 hours, and a new token
 * invalidates the previous one, so this process must never log in twice at once: concurrent
 * requests wait for the one login in flight, and a 401 triggers one re-login shared by every
 * request that was refused with the same token (SingleFlightTokenAuth).
 *
 * `forRequest(scope)` is this transport for one GraphQL request (its id, its deadline), sharing
 * the login, the rate limiter, the in-flight limit and the HTTP client's cache.
 */
import type { z } from 'zod';
import type { AbsorbConfig, UpstreamHttpConfig } from '../../config.js';
import { normalizeAnswer } from '../errors.js';
import {
  SingleFlightTokenAuth,
  TokenBucket,
  bearer,
  createHttpClient,
  limitConcurrency,
  readPageIndexed,
  upstreamHttpOptions,
  type HttpClient,
  type HttpLogger,
  type RequestEndEvent,
  type RequestStartEvent,
  type SearchParams,
  type UpstreamRequestScope,
  type UpstreamResilience,
} from '../http/index.js';
import { ABSORB_MAX_OFFSET, ABSORB_PAGE_SIZE, ABSORB_ROUTES, type AbsorbRoute } from './routes.js';
import { tokenSchema, type AbsorbPage } from './schemas.js';

/** Documented token lifetime. */
export const ABSORB_TOKEN_LIFETIME_MS = 4 * 3600_000;
/** Log in again this long before the token lapses, so no request carries a token about to expire. */
export const ABSORB_TOKEN_MARGIN_MS = 5 * 60_000;
/**
 * The client-side bucket, under the documented limit (200 requests/s with a burst of 100 per API
 * key). Spacing requests at the upstream's own numbers is not enough: requests that took a token
 * but have not reached the upstream yet (queued for a socket, in the network, or behind a busy
 * event loop) can arrive bunched after the upstream's bucket sat full and wasted its refill. At
 * most `maxSockets` calls hold a token without an answer (see `inFlight` below), so a burst of
 * 60 leaves room for 32 such calls and the login: with B + L + 1 < 100 and a rate ≤ 200/s the
 * upstream's bucket cannot run dry, whatever the timing. The rate keeps a 10% margin for an
 * upstream whose limiter counts in fixed windows. See docs/providers.md, "Rate limit".
 */
export const ABSORB_RATE_LIMIT = { ratePerSecond: 180, burst: 60 } as const;
/** Calls holding a rate token without an answer yet: burst (60) + this stays under Absorb's 100. */
export const ABSORB_MAX_IN_FLIGHT = 32;

export interface AbsorbTransportOptions {
  onRequest?: (event: RequestStartEvent) => void;
  onResponse?: (event: RequestEndEvent) => void;
  logger?: HttpLogger;
  /** Response cache, circuit breaker and shared token store: the provider's (see http/layer.ts). None by default. */
  resilience?: UpstreamResilience;
  /** Client-side token bucket; ABSORB_RATE_LIMIT (180/s, burst 60) by default. */
  rateLimit?: { ratePerSecond: number; burst: number };
  /** More pages than this fail a list read (UPSTREAM_BAD_RESPONSE) rather than reading without end. */
  maxPages?: number;
  /** Pages (or request chunks) fetched at once. */
  concurrency?: number;
}

/** 100 pages of 1,000: more than any course roster or user history this server lists. */
export const DEFAULT_MAX_PAGES = 100;
export const DEFAULT_CONCURRENCY = 8;

export interface CallOptions<T> {
  params?: Readonly<Record<string, string>>;
  searchParams?: SearchParams;
  schema: z.ZodType<T>;
  /** JSON request body (writes). A POST is sent once: the HTTP layer never retries it. */
  json?: unknown;
}

/** A paged list's call: `schema` validates one whole page (see `pagedSchema`). */
export interface PagedCallOptions<T> extends CallOptions<AbsorbPage<T>> {
  /** A 404 on the first page answers null (e.g. an unknown course) instead of NOT_FOUND. */
  nullWhenMissing?: boolean;
}

export interface AbsorbTransport {
  readonly maxPages: number;
  readonly concurrency: number;
  /** Logins performed so far (metrics, tests). */
  readonly loginCount: number;
  /** One call; 404 is NOT_FOUND. */
  call<T>(route: AbsorbRoute, options: CallOptions<T>): Promise<T>;
  /** One call; 404 is null. */
  callOrNull<T>(route: AbsorbRoute, options: CallOptions<T>): Promise<T | null>;
  /**
   * Every item of a paged list: `_limit=1000`, `_offset` a page index from 0; the first page's
   * `totalItems` tells how many pages follow, fetched concurrently (at most `concurrency` at once,
   * at most `maxPages` in all).
   */
  readPaged<T>(route: AbsorbRoute, options: PagedCallOptions<T> & { nullWhenMissing: true }): Promise<T[] | null>;
  readPaged<T>(route: AbsorbRoute, options: PagedCallOptions<T> & { nullWhenMissing?: false }): Promise<T[]>;
  /** Length of the whole URL (base included) a call to `route` with these search params sends. */
  urlLength(route: AbsorbRoute, searchParams?: SearchParams): number;
  /** Runs a normalizer over validated data; anything it throws is the upstream's bad data. */
  normalize<I, O>(route: AbsorbRoute, items: readonly I[], fn: (item: I) => O): O[];
  /** This transport for one GraphQL request (see the module comment). */
  forRequest(scope: UpstreamRequestScope): AbsorbTransport;
  close(): void;
}

export function createAbsorbTransport(config: AbsorbConfig, upstream: UpstreamHttpConfig, options: AbsorbTransportOptions = {}): AbsorbTransport {
  // `_offset` cannot pass 65535, so neither can a page index.
  const maxPages = Math.min(options.maxPages ?? DEFAULT_MAX_PAGES, ABSORB_MAX_OFFSET + 1);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const credentials = { username: config.username, password: config.password, privateKey: config.privateKey };

  const auth = new SingleFlightTokenAuth({
    // `root` is assigned below, before any request can run a login.
    login: async (scope) => {
      const token = await root.forRequest(scope).request({
        method: ABSORB_ROUTES.authenticate.method,
        endpoint: ABSORB_ROUTES.authenticate.path,
        json: credentials,
        schema: tokenSchema,
        auth: false,
        // Safe to retry after a 503 or 429: a login that did succeed upstream only issued a token
        // nobody holds yet, which the retry's token replaces.
        idempotent: true,
      });
      return { token, expiresInMs: ABSORB_TOKEN_LIFETIME_MS };
    },
    header: bearer,
    refreshMarginMs: ABSORB_TOKEN_MARGIN_MS,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.resilience?.tokenStore === undefined ? {} : { tokenStore: options.resilience.tokenStore }),
  });

  const root: HttpClient = createHttpClient({
    provider: 'absorb',
    baseUrl: config.baseUrl,
    ...upstreamHttpOptions(upstream),
    headers: { 'x-api-key': config.apiKey, 'x-api-version': '2' },
    auth,
    rateLimiter: new TokenBucket(options.rateLimit ?? ABSORB_RATE_LIMIT),
    // Never shown in an error even if the upstream quotes them back.
    secrets: [config.apiKey, config.password, config.privateKey],
    ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
    ...(options.onResponse === undefined ? {} : { onResponse: options.onResponse }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.resilience === undefined ? {} : { resilience: options.resilience }),
  });

  /**
   * Calls between taking a rate token and getting their answer: no more than the sockets (and at
   * most ABSORB_MAX_IN_FLIGHT, so burst + calls in flight stay under Absorb's burst of 100), so a
   * token is taken only when a socket can carry the request at once (the login, made from inside
   * a call, is not counted here; it needs no slot, so it can never wait for one).
   */
  const inFlight = limitConcurrency(Math.min(upstream.maxSockets, ABSORB_MAX_IN_FLIGHT));

  function request<T>(http: HttpClient, route: AbsorbRoute, call: CallOptions<T>, notFound: 'null'): Promise<T | null>;
  function request<T>(http: HttpClient, route: AbsorbRoute, call: CallOptions<T>, notFound: 'error'): Promise<T>;
  function request<T>(http: HttpClient, route: AbsorbRoute, call: CallOptions<T>, notFound: 'null' | 'error'): Promise<T | null> {
    const base = {
      method: route.method,
      endpoint: route.path,
      schema: call.schema,
      ...(call.params === undefined ? {} : { params: call.params }),
      ...(call.searchParams === undefined ? {} : { searchParams: call.searchParams }),
      ...(call.json === undefined ? {} : { json: call.json }),
    };
    return inFlight(() => (notFound === 'null' ? http.request({ ...base, notFound: 'null' }) : http.request({ ...base, notFound: 'error' })));
  }

  async function readPaged<T>(http: HttpClient, route: AbsorbRoute, list: PagedCallOptions<T>): Promise<T[] | null> {
    let missing = false;
    const items = await readPageIndexed<T>({
      source: { provider: 'absorb', endpoint: route.path, ...(options.logger === undefined ? {} : { logger: options.logger }) },
      pageSize: ABSORB_PAGE_SIZE,
      maxPages,
      concurrency,
      fetchPage: async (pageIndex) => {
        const call = { ...list, searchParams: { ...list.searchParams, _limit: ABSORB_PAGE_SIZE, _offset: pageIndex } };
        const page = pageIndex === 0 && list.nullWhenMissing === true ? await request(http, route, call, 'null') : await request(http, route, call, 'error');
        if (page === null) {
          missing = true;
          return { items: [], totalItems: 0 };
        }
        return page.pageSize === undefined ? { items: page.items, totalItems: page.totalItems } : page;
      },
    });
    return missing ? null : items;
  }

  function urlLength(route: AbsorbRoute, searchParams: SearchParams = {}): number {
    // Built exactly as the HTTP layer builds it (base without trailing slash, path, then each
    // parameter appended, arrays as repeated keys), so the count is the count sent.
    const url = new URL(config.baseUrl.replace(/\/+$/, '') + route.path);
    for (const [key, value] of Object.entries(searchParams)) {
      if (value === undefined || value === null) continue;
      const values: readonly (string | number | boolean)[] = Array.isArray(value) ? (value as readonly (string | number)[]) : [value as string | number | boolean];
      for (const item of values) url.searchParams.append(key, String(item));
    }
    return url.href.length;
  }

  const normalize = <I, O>(route: AbsorbRoute, items: readonly I[], fn: (item: I) => O): O[] =>
    normalizeAnswer({ provider: 'absorb', method: route.method, endpoint: route.path }, items, fn);

  /** The transport over `http`: the client itself, or its view for one request. Everything else is shared. */
  function over(http: HttpClient): AbsorbTransport {
    return {
      maxPages,
      concurrency,
      get loginCount() {
        return auth.loginCount;
      },
      call: (route, callOptions) => request(http, route, callOptions, 'error'),
      callOrNull: (route, callOptions) => request(http, route, callOptions, 'null'),
      readPaged: (<T>(route: AbsorbRoute, list: PagedCallOptions<T>) => readPaged(http, route, list)) as AbsorbTransport['readPaged'],
      urlLength,
      normalize,
      forRequest: (scope) => over(root.forRequest(scope)),
      close: () => root.close(),
    };
  }

  return over(root);
}
