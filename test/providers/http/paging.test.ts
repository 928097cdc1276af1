import { z } from 'zod';
import { ProviderError } from '../../../src/providers/errors.js';
import { readLinked, readPageIndexed, readPageNumbered, type HttpClient } from '../../../src/providers/http/index.js';
import { rejectionOf, sendJson, startServer, testClient, type TestServer } from './helpers.js';

const item = z.object({ id: z.number() });
type Item = z.infer<typeof item>;

const itemsOf = (count: number, from = 1): Item[] => Array.from({ length: count }, (_, i) => ({ id: from + i }));

function expectEachOnce(items: readonly Item[], count: number): void {
  expect(items).toHaveLength(count);
  expect(new Set(items.map((i) => i.id)).size).toBe(count);
}

let server: TestServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

function started(s: TestServer): HttpClient {
  server = s;
  client = testClient(s, { maxSockets: 16 });
  return client;
}

describe('readPageNumbered (Ruangkerja: page from 1)', () => {
  const endpoint = '/ruangkerja/dashboard/courses/:courseSerial/webinar/:batchSerial/users';
  const source = { provider: 'ruangkerja' as const, endpoint };

  /** The paged envelope `{data: {currentPage, totalItems, totalPage, items}}`, or the bare-array one. */
  async function rosterServer(all: Item[], withTotals: boolean): Promise<TestServer> {
    return startServer((req, res) => {
      const page = Number(req.query.get('page'));
      const pageSize = Number(req.query.get('pageSize'));
      const items = all.slice((page - 1) * pageSize, page * pageSize);
      const data = withTotals ? { currentPage: page, totalItems: all.length, totalPage: Math.ceil(all.length / pageSize), items } : items;
      sendJson(res, 200, { status: 'success', message: 'ok', data });
    });
  }

  const envelope = z.object({
    data: z.union([z.array(item), z.object({ totalPage: z.number().int(), items: z.array(item) })]),
  });

  function read(http: HttpClient, pageSize: number, maxPages: number): Promise<Item[]> {
    return readPageNumbered({
      source,
      pageSize,
      maxPages,
      concurrency: 4,
      fetchPage: async (page) => {
        const { data } = await http.request({ endpoint, params: { courseSerial: 'C1', batchSerial: 'B1' }, searchParams: { page, pageSize }, schema: envelope });
        return Array.isArray(data) ? { items: data } : { items: data.items, totalPages: data.totalPage };
      },
    });
  }

  it('reads 1,234 items once each in 13 requests when the first page gives the total', async () => {
    const http = started(await rosterServer(itemsOf(1234), true));
    const items = await read(http, 100, 50);
    expectEachOnce(items, 1234);
    expect(items.map((i) => i.id)).toEqual(itemsOf(1234).map((i) => i.id));
    expect(server?.count()).toBe(13);
    expect(server?.requests.map((r) => Number(r.query.get('page'))).sort((a, b) => a - b)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
  });

  it('reads sequentially without a total: a short last page ends the read with no extra request', async () => {
    const http = started(await rosterServer(itemsOf(1234), false));
    expectEachOnce(await read(http, 100, 50), 1234);
    expect(server?.count()).toBe(13);
  });

  it('needs one more request, answered empty, when the last page is exactly full', async () => {
    const http = started(await rosterServer(itemsOf(1200), false));
    expectEachOnce(await read(http, 100, 50), 1200);
    expect(server?.count()).toBe(13);
  });

  it('fails with "more than N pages" when the total exceeds maxPages, before reading the rest', async () => {
    const http = started(await rosterServer(itemsOf(1234), true));
    const error = await rejectionOf(read(http, 100, 10));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('UPSTREAM_BAD_RESPONSE');
    expect((error as ProviderError).message).toBe(`ruangkerja GET ${endpoint} answered more than 10 pages`);
    expect(server?.count()).toBe(1);
  });

  it('without a total, fails on a non-empty page past maxPages but accepts a list of exactly maxPages full pages', async () => {
    let http = started(await rosterServer(itemsOf(1234), false));
    expect(((await rejectionOf(read(http, 100, 12))) as ProviderError).message).toMatch(/more than 12 pages$/);
    expect(server?.count()).toBe(13);
    client?.close();
    await server?.close();
    http = started(await rosterServer(itemsOf(1200), false));
    expectEachOnce(await read(http, 100, 12), 1200);
    expect(server?.count()).toBe(13);
  });
});

describe('readPageIndexed (Absorb: _offset is a page index from 0)', () => {
  const source = { provider: 'absorb' as const, endpoint: '/users' };
  const page = z.object({ totalItems: z.number().int(), limit: z.number().int(), users: z.array(item) });

  async function usersServer(all: Item[], options: { maxLimit?: number; delayMs?: number } = {}): Promise<{ server: TestServer; peak: () => number }> {
    let active = 0;
    let peak = 0;
    const s = await startServer(async (req, res) => {
      active += 1;
      peak = Math.max(peak, active);
      if (options.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const limit = Math.min(Number(req.query.get('_limit')), options.maxLimit ?? 1000);
      const offset = Number(req.query.get('_offset'));
      const users = all.slice(offset * limit, (offset + 1) * limit);
      active -= 1;
      sendJson(res, 200, { totalItems: all.length, returnedItems: users.length, limit, offset, users });
    });
    return { server: s, peak: () => peak };
  }

  function read(http: HttpClient, pageSize: number, maxPages: number, concurrency = 4): Promise<Item[]> {
    return readPageIndexed({
      source,
      pageSize,
      maxPages,
      concurrency,
      fetchPage: async (pageIndex) => {
        const answer = await http.request({ endpoint: '/users', searchParams: { _limit: pageSize, _offset: pageIndex }, schema: page });
        return { items: answer.users, totalItems: answer.totalItems, pageSize: answer.limit };
      },
    });
  }

  it('reads 1,234 items once each in 13 requests, at most `concurrency` at a time', async () => {
    const upstream = await usersServer(itemsOf(1234), { delayMs: 20 });
    const http = started(upstream.server);
    const items = await read(http, 100, 50, 3);
    expectEachOnce(items, 1234);
    expect(items.map((i) => i.id)).toEqual(itemsOf(1234).map((i) => i.id));
    expect(server?.count()).toBe(13);
    expect(server?.requests.map((r) => Number(r.query.get('_offset'))).sort((a, b) => a - b)).toEqual(Array.from({ length: 13 }, (_, i) => i));
    expect(upstream.peak()).toBe(3);
  });

  it('follows the page size the upstream applied when it caps _limit', async () => {
    const http = started((await usersServer(itemsOf(1234), { maxLimit: 500 })).server);
    expectEachOnce(await read(http, 1000, 50), 1234);
    expect(server?.count()).toBe(3);
  });

  it('reads an exactly full last page without an extra request, and an empty list in one', async () => {
    let http = started((await usersServer(itemsOf(1200))).server);
    expectEachOnce(await read(http, 100, 50), 1200);
    expect(server?.count()).toBe(12);
    client?.close();
    await server?.close();
    http = started((await usersServer([])).server);
    await expect(read(http, 100, 50)).resolves.toEqual([]);
    expect(server?.count()).toBe(1);
  });

  it('fails with "more than N pages" beyond maxPages', async () => {
    const http = started((await usersServer(itemsOf(1234))).server);
    const error = (await rejectionOf(read(http, 100, 12))) as ProviderError;
    expect(error.message).toBe('absorb GET /users answered more than 12 pages');
    expect(server?.count()).toBe(1);
  });
});

describe('readLinked (SelfCommunity: limit/offset by item, count, next links)', () => {
  const endpoint = '/api/v2/course/:id/users/';
  const page = z.object({ count: z.number().int(), next: z.string().nullable(), previous: z.string().nullable(), results: z.array(item) });
  type Page = z.infer<typeof page>;

  /** `members()` is read on every request, so a test can change the list mid-read. */
  async function membersServer(members: () => Item[], options: { maxLimit?: number } = {}): Promise<TestServer> {
    return startServer((req, res) => {
      const all = members();
      const limit = Math.min(Number(req.query.get('limit')), options.maxLimit ?? 1000);
      const offset = Number(req.query.get('offset'));
      const body: Page = {
        count: all.length,
        // A next link to another host: a reader that followed it would send the token there.
        next: offset + limit < all.length ? `http://evil.example/api/v2/course/4/users/?limit=${limit}&offset=${offset + limit}` : null,
        previous: null,
        results: all.slice(offset, offset + limit),
      };
      sendJson(res, 200, body);
    });
  }

  function read(http: HttpClient, limit: number, maxPages: number, warnings: unknown[] = []): Promise<Item[]> {
    return readLinked({
      source: { provider: 'selfcommunity', endpoint, logger: { debug: () => undefined, warn: (fields) => warnings.push(fields) } },
      limit,
      maxPages,
      key: (member) => member.id,
      fetchPage: async (offset, pageLimit) => {
        const answer = await http.request({ endpoint, params: { id: 4 }, searchParams: { limit: pageLimit, offset }, schema: page });
        return { items: answer.results, count: answer.count };
      },
    });
  }

  it('reads 1,234 members once each in 13 requests by computed offsets, never by next links', async () => {
    const all = itemsOf(1234);
    const http = started(await membersServer(() => all));
    const items = await read(http, 100, 50);
    expectEachOnce(items, 1234);
    expect(items.map((i) => i.id)).toEqual(all.map((i) => i.id));
    expect(server?.count()).toBe(13);
    expect(server?.requests.map((r) => Number(r.query.get('offset'))).sort((a, b) => a - b)).toEqual(Array.from({ length: 13 }, (_, i) => i * 100));
  });

  it('steps by the page size the upstream applied when it caps limit', async () => {
    const all = itemsOf(1234);
    const http = started(await membersServer(() => all, { maxLimit: 200 }));
    expectEachOnce(await read(http, 1000, 50), 1234);
    expect(server?.count()).toBe(7);
  });

  it('returns each member once, ends, and logs it when members join mid-read', async () => {
    let all = itemsOf(1200);
    const http = started(
      await membersServer(() => {
        // After the first page, 5 new members join at the head: later pages shift and overlap.
        if (server !== undefined && server.count() === 2) all = [...itemsOf(5, 10_001), ...all];
        return all;
      }),
    );
    const warnings: unknown[] = [];
    const items = await read(http, 100, 50, warnings);
    const ids = items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    const returned = new Set(ids);
    expect(itemsOf(1200).every((member) => returned.has(member.id))).toBe(true);
    // 12 pages planned from count 1200, then one more for the 5 members the count grew by.
    expect(server?.count()).toBe(13);
    expect(warnings).toEqual(
      expect.arrayContaining([expect.objectContaining({ duplicates: expect.any(Number) }), expect.objectContaining({ firstPages: 12, pages: 13 })]),
    );
  });

  it('fails with "more than N pages" beyond maxPages', async () => {
    const all = itemsOf(1234);
    const http = started(await membersServer(() => all));
    const error = (await rejectionOf(read(http, 100, 5))) as ProviderError;
    expect(error.toExtensions()).toEqual({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'selfcommunity' });
    expect(error.message).toBe(`selfcommunity GET ${endpoint} answered more than 5 pages`);
    expect(server?.count()).toBe(1);
  });
});
