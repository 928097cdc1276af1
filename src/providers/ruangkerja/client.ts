/**
 * The Ruangkerja client: RuangkerjaApi over the shared HTTP layer.
 *
 * - Auth: a configured token is sent as is in `Authorization` (no `Bearer`); client credentials
 *   log in at `POST /oauth/token` once, single-flight, and again shortly before the token
 *   expires or when an answer says "Token is not valid" (recognised by its envelope, whatever the
 *   HTTP status: then the call is re-sent once with the new token).
 * - Lists: `page` from 1 and `pageSize` (100, the documented maximum) are always sent. `data` is
 *   accepted as a bare array (pages are then read one by one until a short page) or as
 *   `{currentPage, totalItems, totalPage, items}` (the remaining pages are then fetched
 *   concurrently). At most `maxPages` pages per list.
 * - Ruangkerja answers one employee per request, so a team view fans out: every data request of
 *   this client goes through one concurrency limit (default: the socket limit,
 *   UPSTREAM_MAX_SOCKETS), so a 50-person team's lists run in one wave rather than queueing behind
 *   each other. The login does not, so requests holding every slot can still get their token.
 * - Per request: `forRequest(scope)` is this client for one GraphQL request (its id, its
 *   deadline), sharing the concurrency limit, the login and the HTTP client's cache.
 */
import type { z } from 'zod';
import type { RuangkerjaConfig, UpstreamHttpConfig } from '../../config.js';
import type { Batch, Course, OnlineCourseEnrollment, WebinarEnrollment } from '../../domain/model.js';
import type { RosterHead, RuangkerjaApi, RuangkerjaRosterEntry, RuangkerjaUserRecord } from '../api.js';
import { ProviderError, describeCall, normalizeAnswer } from '../errors.js';
import {
  SingleFlightTokenAuth,
  StaticTokenAuth,
  createHttpClient,
  limitConcurrency,
  positiveIntegerOption,
  rawToken,
  readPageNumbered,
  type AuthStrategy,
  type BackoffOptions,
  type HttpClient,
  type LoginResult,
  type NumberedPage,
  type PathParams,
  type SearchParams,
  type UpstreamRequestScope,
  type ProviderClientHooks,
} from '../http/index.js';
import {
  normalizeBatch,
  normalizeCourse,
  normalizeOnlineEnrollment,
  normalizeRosterEntry,
  normalizeUser,
  normalizeWebinarEnrollment,
} from './normalize.js';
import { RUANGKERJA_MAX_PAGE_SIZE, RUANGKERJA_ROUTES, type Route } from './routes.js';
import {
  batchListSchema,
  courseListSchema,
  isTokenNotValid,
  loginSchema,
  onlineListSchema,
  rosterListSchema,
  type RosterItem,
  userListSchema,
  webinarListSchema,
  type ListEnvelope,
} from './schemas.js';

export interface RuangkerjaClientOptions extends ProviderClientHooks {
  /** Data requests in flight at once, across every list of this client. Default: the socket limit (UPSTREAM_MAX_SOCKETS). */
  concurrency?: number;
  /** Items per page, 1–100. Default 100 (the documented maximum), to make the fewest requests. */
  pageSize?: number;
  /** Pages read at most per list; a longer list fails with UPSTREAM_BAD_RESPONSE. Default 200. */
  maxPages?: number;
  /** Log in again this long before the token expires. Default 60 s. */
  refreshMarginMs?: number;
  /** Clock used for token expiry (tests). */
  now?: () => number;
  /** Retry waits (tests shorten them). */
  backoff?: Partial<BackoffOptions>;
}

export type RuangkerjaClient = RuangkerjaApi & { close(): void };

export const RUANGKERJA_DEFAULTS = { pageSize: RUANGKERJA_MAX_PAGE_SIZE, maxPages: 200 } as const;

const PROVIDER = 'ruangkerja';

/** One list of the API, read page by page. */
interface ListRead<I> {
  route: Route;
  params?: PathParams;
  /** Query parameters besides the paging ones. */
  search?: SearchParams;
  schema: z.ZodType<ListEnvelope<I>>;
  /** Only the page waits on it: its answers are handled after more urgent ones (RequestOptions). */
  background?: boolean;
}

/** The seconds of `expiresIn` ("43199", documented as a string) as milliseconds. */
function lifetimeMs(expiresIn: string | number): number {
  return Number(expiresIn) * 1000;
}

/** A page as fetched here: with the list's total when the answer is the paged envelope. */
type CountedPage<I> = NumberedPage<I> & { totalItems?: number };

export function createRuangkerjaClient(config: RuangkerjaConfig, upstream: UpstreamHttpConfig, options: RuangkerjaClientOptions = {}): RuangkerjaClient {
  const concurrency = positiveIntegerOption('createRuangkerjaClient', 'concurrency', options.concurrency ?? upstream.maxSockets);
  const pageSize = positiveIntegerOption('createRuangkerjaClient', 'pageSize', options.pageSize ?? RUANGKERJA_DEFAULTS.pageSize, RUANGKERJA_MAX_PAGE_SIZE);
  const maxPages = positiveIntegerOption('createRuangkerjaClient', 'maxPages', options.maxPages ?? RUANGKERJA_DEFAULTS.maxPages);
  const limit = limitConcurrency(concurrency);
  const { logger } = options;

  const login = async (scope: UpstreamRequestScope, clientID: string, clientSecret: string): Promise<LoginResult> => {
    const answer = await root.forRequest(scope).request({
      method: RUANGKERJA_ROUTES.login.method,
      endpoint: RUANGKERJA_ROUTES.login.path,
      json: { clientID, clientSecret, grantType: 'client_credentials' },
      schema: loginSchema,
      auth: false,
      // A login changes nothing upstream but issue a token, so a 503 or a lost answer is retried
      // like a read: otherwise one transient failure would fail every call waiting on the token.
      idempotent: true,
    });
    return { token: answer.data.accessToken, expiresInMs: lifetimeMs(answer.data.expiresIn) };
  };

  const { auth } = config;
  const strategy: AuthStrategy =
    auth.kind === 'token'
      ? new StaticTokenAuth({ token: auth.accessToken, header: rawToken, isAuthFailure: isTokenNotValid })
      : new SingleFlightTokenAuth({
          login: (scope) => login(scope, auth.clientId, auth.clientSecret),
          header: rawToken,
          isAuthFailure: isTokenNotValid,
          refreshMarginMs: options.refreshMarginMs ?? 60_000,
          ...(options.now === undefined ? {} : { now: options.now }),
          ...(logger === undefined ? {} : { logger }),
          ...(options.resilience?.tokenStore === undefined ? {} : { tokenStore: options.resilience.tokenStore }),
        });

  const root: HttpClient = createHttpClient({
    provider: PROVIDER,
    baseUrl: config.baseUrl,
    timeouts: { connectMs: upstream.connectTimeoutMs, responseMs: upstream.responseTimeoutMs, requestMs: upstream.requestTimeoutMs },
    retries: upstream.retries,
    maxSockets: upstream.maxSockets,
    // The documents list Content-Type as required on every call, GETs included.
    headers: { 'content-type': 'application/json' },
    auth: strategy,
    // Scrubbed from any upstream text that quotes them (the http layer adds tokens it sends).
    secrets: auth.kind === 'token' ? [auth.accessToken] : [auth.clientSecret],
    ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
    ...(options.onResponse === undefined ? {} : { onResponse: options.onResponse }),
    ...(logger === undefined ? {} : { logger }),
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    ...(options.resilience === undefined ? {} : { resilience: options.resilience }),
  });

  /** One page through `http` and the shared limit; `null` when the page answered 404 and `notFound` allows it. */
  function fetchPage<I>(http: HttpClient, list: ListRead<I>, page: number, notFound: 'null'): Promise<CountedPage<I> | null>;
  function fetchPage<I>(http: HttpClient, list: ListRead<I>, page: number, notFound: 'error'): Promise<CountedPage<I>>;
  async function fetchPage<I>(http: HttpClient, list: ListRead<I>, page: number, notFound: 'null' | 'error'): Promise<CountedPage<I> | null> {
    const { route, params, schema, background } = list;
    const request = {
      endpoint: route.path,
      searchParams: { ...list.search, page, pageSize },
      schema,
      ...(params === undefined ? {} : { params }),
      ...(background === true ? { background } : {}),
    };
    const body = notFound === 'null' ? await limit(() => http.request({ ...request, notFound: 'null' })) : await limit(() => http.request(request));
    if (body === null) return null;
    const { data } = body;
    if (data.shape === 'array') return { items: data.items };
    if (data.currentPage !== page) {
      // An upstream ignoring `page` would hand back page 1 again and again: say so, once.
      throw new ProviderError({
        code: 'UPSTREAM_BAD_RESPONSE',
        provider: PROVIDER,
        endpoint: route.path,
        message: `${describeCall(PROVIDER, 'GET', route.path)} answered page ${data.currentPage} when page ${page} was asked`,
      });
    }
    return { items: data.items, totalPages: data.totalPage, totalItems: data.totalItems };
  }

  /**
   * Every item of a list, in order; `null` when its first page answers 404 (an unknown course or
   * batch). A 404 on a later page means the list vanished mid-read: NOT_FOUND.
   */
  async function readList<I>(http: HttpClient, list: ListRead<I>, onFirstPage?: (page: { items: readonly I[]; totalItems: number }) => void): Promise<I[] | null> {
    const first = await fetchPage(http, list, 1, 'null');
    if (first === null) return null;
    // Only a paged answer tells the total; a bare array's length may be one page of many.
    if (onFirstPage !== undefined && first.totalItems !== undefined) onFirstPage({ items: first.items, totalItems: first.totalItems });
    return readPageNumbered<I>({
      source: { provider: PROVIDER, endpoint: list.route.path, ...(logger === undefined ? {} : { logger }) },
      pageSize,
      maxPages,
      concurrency,
      fetchPage: (page) => (page === 1 ? Promise.resolve(first) : fetchPage(http, list, page, 'error')),
    });
  }

  /**
   * Normalizers only meet validated values, but a value the schema let through and a converter
   * refuses must still surface as the provider's bad answer, not as an internal error.
   */
  const normalizeAll = <I, O>(route: Route, items: readonly I[], normalize: (item: I) => O): O[] =>
    normalizeAnswer({ provider: PROVIDER, method: route.method, endpoint: route.path }, items, normalize);

  /** The API over `http`: the client itself, or its view for one request. Everything else is shared. */
  function over(http: HttpClient): RuangkerjaApi {
    return {
      userKey: config.userKey,

      async findUserByEmployeeID(employeeID: string): Promise<RuangkerjaUserRecord | null> {
        const route = RUANGKERJA_ROUTES.users;
        // The filter is an exact match, so the first page holds the user if anyone does.
        const page = await fetchPage(http, { route, search: { employeeID }, schema: userListSchema }, 1, 'null');
        const item = page?.items.find((user) => user.employeeID === employeeID);
        return item === undefined ? null : (normalizeAll(route, [item], normalizeUser)[0] ?? null);
      },

      async onlineEnrollments(pathUser: string, employeeID: string): Promise<OnlineCourseEnrollment[]> {
        const route = RUANGKERJA_ROUTES.userOnlineCourses;
        // An unknown user is someone with no assignments, whether the API says 404 or an empty page.
        // A person's lists come by the hundred on a team page, and only the page waits on them.
        const items = (await readList(http, { route, params: { employeeID: pathUser }, schema: onlineListSchema, background: true })) ?? [];
        return normalizeAll(route, items, (item) => normalizeOnlineEnrollment(item, employeeID));
      },

      async webinarEnrollments(pathUser: string, employeeID: string): Promise<WebinarEnrollment[]> {
        const route = RUANGKERJA_ROUTES.userWebinarCourses;
        const items = (await readList(http, { route, params: { employeeID: pathUser }, schema: webinarListSchema, background: true })) ?? [];
        return normalizeAll(route, items, (item) => normalizeWebinarEnrollment(item, employeeID));
      },

      async batchRoster(courseSerial: string, batchSerial: string, onFirstPage?: (head: RosterHead) => void): Promise<RuangkerjaRosterEntry[] | null> {
        const route = RUANGKERJA_ROUTES.batchUsers;
        const normalize = (items: readonly RosterItem[]) => normalizeAll(route, items, (item) => normalizeRosterEntry(item, courseSerial, batchSerial));
        // The first page's entries, once normalized for onFirstPage, open the whole list as they are.
        let head: RuangkerjaRosterEntry[] = [];
        const items = await readList(
          http,
          { route, params: { courseSerial, batchSerial }, schema: rosterListSchema },
          onFirstPage &&
            ((page) => {
              head = normalize(page.items);
              onFirstPage({ entries: head, total: page.totalItems });
            }),
        );
        return items === null ? null : [...head, ...normalize(items.slice(head.length))];
      },

      async courses(): Promise<Course[]> {
        const route = RUANGKERJA_ROUTES.courses;
        // A 404 on the catalogue itself is no "unknown course": the base URL or path is wrong.
        const items = await readList(http, { route, schema: courseListSchema });
        if (items === null) {
          throw new ProviderError({ code: 'UPSTREAM_BAD_RESPONSE', provider: PROVIDER, endpoint: route.path, upstreamStatus: 404, message: `${describeCall(PROVIDER, 'GET', route.path)} answered 404` });
        }
        return normalizeAll(route, items, normalizeCourse);
      },

      async batches(courseSerial: string): Promise<Batch[] | null> {
        const route = RUANGKERJA_ROUTES.courseBatches;
        const items = await readList(http, { route, params: { courseSerial }, schema: batchListSchema });
        return items === null ? null : normalizeAll(route, items, (item) => normalizeBatch(item, courseSerial));
      },

      forRequest: (scope) => over(root.forRequest(scope)),
    };
  }

  return { ...over(root), close: () => root.close() };
}
