/**
 * The SelfCommunity client: SelfCommunityApi over the shared HTTP layer.
 *
 * - Auth: `Authorization: Bearer <token>`. The member list needs the course creator or manager
 *   role: a 403 is UPSTREAM_AUTH, and so is a 401, since a configured token cannot be renewed.
 * - Members: `statuses` is sent once per join status (repeated parameter, DRF's list form), so
 *   invited and requested people come back too; `limit` is the largest page asked for (100);
 *   `offset` is an item index. The first page's `count` gives every other offset, fetched
 *   concurrently; `next` links are never followed. `ordering=joined_at` (oldest first) keeps
 *   offsets stable while people join during a read: newcomers land at the end instead of
 *   shifting every page (and a repeated item is kept once by the paging reader).
 * - Per request: `forRequest(scope)` is this client for one GraphQL request (its id, its
 *   deadline), sharing the concurrency limit and the HTTP client's cache.
 */
import type { SelfCommunityConfig, UpstreamHttpConfig } from '../../config.js';
import type { CommunityMembership, Course } from '../../domain/model.js';
import type { SelfCommunityApi } from '../api.js';
import { normalizeAnswer } from '../errors.js';
import {
  StaticTokenAuth,
  bearer,
  createHttpClient,
  limitConcurrency,
  positiveIntegerOption,
  readLinked,
  type BackoffOptions,
  type HttpClient,
  type OffsetPage,
  type ProviderClientHooks,
} from '../http/index.js';
import { isMember, normalizeCourse, normalizeMembership } from './normalize.js';
import { SELFCOMMUNITY_JOIN_STATUSES, SELFCOMMUNITY_PAGE_LIMIT, SELFCOMMUNITY_ROUTES, type Route } from './routes.js';
import { courseSchema, memberListSchema, type MemberItem } from './schemas.js';

export interface SelfCommunityClientOptions extends ProviderClientHooks {
  /** Requests in flight at once across this client. Default: the socket limit (UPSTREAM_MAX_SOCKETS). */
  concurrency?: number;
  /** `limit` asked per page, 1–100. Default 100. */
  pageSize?: number;
  /** Pages read at most per list; a longer list fails with UPSTREAM_BAD_RESPONSE. Default 200. */
  maxPages?: number;
  /** Retry waits (tests shorten them). */
  backoff?: Partial<BackoffOptions>;
}

export type SelfCommunityClient = SelfCommunityApi & { close(): void };

export const SELFCOMMUNITY_DEFAULTS = { pageSize: SELFCOMMUNITY_PAGE_LIMIT, maxPages: 200 } as const;

const PROVIDER = 'selfcommunity';

export function createSelfCommunityClient(config: SelfCommunityConfig, upstream: UpstreamHttpConfig, options: SelfCommunityClientOptions = {}): SelfCommunityClient {
  const concurrency = positiveIntegerOption('createSelfCommunityClient', 'concurrency', options.concurrency ?? upstream.maxSockets);
  const pageSize = positiveIntegerOption('createSelfCommunityClient', 'pageSize', options.pageSize ?? SELFCOMMUNITY_DEFAULTS.pageSize, SELFCOMMUNITY_PAGE_LIMIT);
  const maxPages = positiveIntegerOption('createSelfCommunityClient', 'maxPages', options.maxPages ?? SELFCOMMUNITY_DEFAULTS.maxPages);
  const limit = limitConcurrency(concurrency);
  const { logger } = options;
  const courseIds: readonly number[] = Object.freeze([...config.courseIds]);

  const root = createHttpClient({
    provider: PROVIDER,
    baseUrl: config.baseUrl,
    timeouts: { connectMs: upstream.connectTimeoutMs, responseMs: upstream.responseTimeoutMs, requestMs: upstream.requestTimeoutMs },
    retries: upstream.retries,
    maxSockets: upstream.maxSockets,
    auth: new StaticTokenAuth({ token: config.token, header: bearer }),
    secrets: [config.token],
    ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
    ...(options.onResponse === undefined ? {} : { onResponse: options.onResponse }),
    ...(logger === undefined ? {} : { logger }),
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    ...(options.resilience === undefined ? {} : { resilience: options.resilience }),
  });

  function fetchMembers(http: HttpClient, courseId: number, offset: number, pageLimit: number, notFound: 'null'): Promise<OffsetPage<MemberItem> | null>;
  function fetchMembers(http: HttpClient, courseId: number, offset: number, pageLimit: number, notFound: 'error'): Promise<OffsetPage<MemberItem>>;
  async function fetchMembers(http: HttpClient, courseId: number, offset: number, pageLimit: number, notFound: 'null' | 'error'): Promise<OffsetPage<MemberItem> | null> {
    const request = {
      endpoint: SELFCOMMUNITY_ROUTES.courseUsers.path,
      params: { id: courseId },
      searchParams: { statuses: SELFCOMMUNITY_JOIN_STATUSES, ordering: 'joined_at', limit: pageLimit, offset },
      schema: memberListSchema,
    };
    const body = notFound === 'null' ? await limit(() => http.request({ ...request, notFound: 'null' })) : await limit(() => http.request(request));
    return body === null ? null : { items: body.results, count: body.count };
  }

  const normalizeAll = <I, O>(route: Route, items: readonly I[], normalize: (item: I) => O): O[] =>
    normalizeAnswer({ provider: PROVIDER, method: route.method, endpoint: route.path }, items, normalize);

  /** The API over `http`: the client itself, or its view for one request. Everything else is shared. */
  function over(http: HttpClient): SelfCommunityApi {
    return {
      courseIds,

      async courseMembers(courseId: number): Promise<CommunityMembership[] | null> {
        const route = SELFCOMMUNITY_ROUTES.courseUsers;
        // The first page tells whether the course exists (404 → null) and how many items there are.
        const first = await fetchMembers(http, courseId, 0, pageSize, 'null');
        if (first === null) return null;
        const items = await readLinked<MemberItem>({
          source: { provider: PROVIDER, endpoint: route.path, ...(logger === undefined ? {} : { logger }) },
          limit: pageSize,
          maxPages,
          concurrency,
          key: (item) => item.id,
          fetchPage: (offset, pageLimit) => (offset === 0 ? Promise.resolve(first) : fetchMembers(http, courseId, offset, pageLimit, 'error')),
        });
        return normalizeAll(route, items.filter(isMember), (item) => normalizeMembership(item, courseId));
      },

      async course(courseId: number): Promise<Course | null> {
        const route = SELFCOMMUNITY_ROUTES.course;
        const item = await limit(() => http.request({ endpoint: route.path, params: { id: courseId }, schema: courseSchema, notFound: 'null' }));
        return item === null ? null : (normalizeAll(route, [item], (value) => normalizeCourse(value, courseId))[0] ?? null);
      },

      forRequest: (scope) => over(root.forRequest(scope)),
    };
  }

  return { ...over(root), close: () => root.close() };
}
