/**
 * The upstream response cache through the real HTTP client, against an in-test upstream that
 * counts requests, with the machine's Redis where a test needs the shared level.
 */
import { afterAll, afterEach, describe, expect, it, jest } from '@jest/globals';
import { z } from 'zod';
import { RedisConnection } from '../../src/cache/redis.js';
import { ResponseCache } from '../../src/cache/response-cache.js';
import { createSharedStore, type SharedStore } from '../../src/cache/shared-store.js';
import { TtlTable } from '../../src/cache/ttl.js';
import { ProviderError } from '../../src/providers/errors.js';
import type { HttpClient } from '../../src/providers/http/index.js';
import { createRequestDeadline } from '../../src/resilience/deadline.js';
import { ProviderBreaker } from '../../src/resilience/breaker.js';
import { rejectionOf, sendJson, startServer, testClient, type TestServer } from '../providers/http/helpers.js';
import { REDIS_URL, deleteKeys, eventually, runPrefix } from './helpers.js';

jest.setTimeout(20_000);

const item = z.object({ id: z.number(), name: z.string() });
const list = z.object({ items: z.array(item) });

let upstream: TestServer | undefined;
const clients: HttpClient[] = [];
const connections: RedisConnection[] = [];
const prefixes: string[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await upstream?.close();
  upstream = undefined;
  await Promise.all(connections.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await Promise.all(prefixes.map((p) => deleteKeys(p)));
});

/** `shared`: the machine's Redis through the production store; `store`: a store of the test's own making over it. */
function cacheWith(options: { ttlSeconds?: number; overrides?: Record<string, number>; shared?: RedisConnection; store?: SharedStore; prefix?: string } = {}): ResponseCache {
  const prefix = options.prefix ?? runPrefix('unit');
  prefixes.push(prefix);
  const store = options.store ?? (options.shared === undefined ? undefined : createSharedStore(options.shared));
  return new ResponseCache({
    ttl: new TtlTable({ defaultSeconds: options.ttlSeconds ?? 30, catalogueSeconds: 300, overrides: new Map(Object.entries(options.overrides ?? {})) }),
    maxBytes: 8 * 1024 * 1024,
    keyPrefix: prefix,
    ...(store === undefined ? {} : { shared: store }),
  });
}

async function redis(url = REDIS_URL): Promise<RedisConnection> {
  const connection = new RedisConnection({ url, timeoutMs: 200 });
  connection.start();
  connections.push(connection);
  expect(await eventually(() => connection.state === 'ready')).toBe(true);
  return connection;
}

function client(cache: ResponseCache, extra: { scope?: string; breaker?: ProviderBreaker } = {}): HttpClient {
  if (upstream === undefined) throw new Error('start the upstream first');
  const built = testClient(upstream, {
    resilience: { cache, credentialScope: extra.scope ?? 'scope-1', ...(extra.breaker === undefined ? {} : { breaker: extra.breaker }) },
  });
  clients.push(built);
  return built;
}

/** An upstream answering `/items` with a fresh list (its version counts up), after `delayMs`. */
async function itemsUpstream(options: { delayMs?: number; status?: () => number } = {}): Promise<TestServer> {
  let version = 0;
  return startServer(async (req, res) => {
    if (options.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const status = options.status?.() ?? 200;
    if (status !== 200) {
      sendJson(res, status, { message: 'failing' });
      return;
    }
    version += 1;
    sendJson(res, 200, { items: [{ id: version, name: `${req.pathname}?${req.query.toString()}` }] });
  });
}

describe('single-flight', () => {
  it('100 concurrent identical misses cause one upstream request, and all get the answer', async () => {
    upstream = await itemsUpstream({ delayMs: 50 });
    const http = client(cacheWith());
    const answers = await Promise.all(Array.from({ length: 100 }, () => http.request({ endpoint: '/items', searchParams: { a: 1 }, schema: list })));
    expect(upstream.count('/items')).toBe(1);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    // And then it is a hit.
    await http.request({ endpoint: '/items', searchParams: { a: 1 }, schema: list });
    expect(upstream.count('/items')).toBe(1);
  });

  it('query order does not split entries; another query value does', async () => {
    upstream = await itemsUpstream();
    const http = client(cacheWith());
    await http.request({ endpoint: '/items', searchParams: { a: 1, b: 2 }, schema: list });
    await http.request({ endpoint: '/items', searchParams: { b: 2, a: 1 }, schema: list });
    expect(upstream.count('/items')).toBe(1);
    await http.request({ endpoint: '/items', searchParams: { a: 1, b: 3 }, schema: list });
    expect(upstream.count('/items')).toBe(2);
  });

  it("a waiter whose deadline passes gets UPSTREAM_TIMEOUT at its deadline, while the load goes on for the others", async () => {
    upstream = await itemsUpstream({ delayMs: 600 });
    const http = client(cacheWith());
    const started = performance.now();
    const patient = http.forRequest({ deadline: createRequestDeadline(5_000) }).request({ endpoint: '/items', schema: list });
    const hurried = http.forRequest({ deadline: createRequestDeadline(150) }).request({ endpoint: '/items', schema: list });
    const error = await rejectionOf(hurried);
    expect(performance.now() - started).toBeLessThan(500);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('UPSTREAM_TIMEOUT');
    expect((error as ProviderError).message).toMatch(/^absorb GET \/items did not answer within the request's 150 ms deadline/);
    expect((await patient).items).toHaveLength(1);
    expect(upstream.count('/items')).toBe(1);
  });
});

describe('what is cached', () => {
  it('errors are never cached: a 503 is fetched again and the later success is', async () => {
    let failing = true;
    upstream = await itemsUpstream({ status: () => (failing ? 503 : 200) });
    const http = testClient(upstream, { retries: 0, resilience: { cache: cacheWith(), credentialScope: 's' } });
    clients.push(http);
    expect(((await rejectionOf(http.request({ endpoint: '/items', schema: list }))) as ProviderError).code).toBe('UPSTREAM_UNAVAILABLE');
    expect(((await rejectionOf(http.request({ endpoint: '/items', schema: list }))) as ProviderError).code).toBe('UPSTREAM_UNAVAILABLE');
    expect(upstream.count('/items')).toBe(2);
    failing = false;
    await http.request({ endpoint: '/items', schema: list });
    await http.request({ endpoint: '/items', schema: list });
    expect(upstream.count('/items')).toBe(3);
  });

  it('a 404 read as null is cached like any answer; a caller that wants NOT_FOUND still gets the error', async () => {
    upstream = await startServer((_req, res) => sendJson(res, 404, { message: 'no' }));
    const http = client(cacheWith());
    const ask = () => http.request({ endpoint: '/items/:id', params: { id: 7 }, schema: list, notFound: 'null' });
    expect(await ask()).toBeNull();
    expect(await ask()).toBeNull();
    expect(upstream.count()).toBe(1);
    const error = await rejectionOf(http.request({ endpoint: '/items/:id', params: { id: 7 }, schema: list }));
    expect((error as ProviderError).code).toBe('NOT_FOUND');
    expect(upstream.count()).toBe(2);
    // NOT_FOUND is an error: never served from the cache.
    await rejectionOf(http.request({ endpoint: '/items/:id', params: { id: 7 }, schema: list }));
    expect(upstream.count()).toBe(3);
  });

  it('writes are never cached', async () => {
    upstream = await itemsUpstream();
    const http = client(cacheWith());
    await http.request({ method: 'POST', endpoint: '/items', json: {}, schema: list });
    await http.request({ method: 'POST', endpoint: '/items', json: {}, schema: list });
    expect(upstream.count('/items')).toBe(2);
  });

  it('a hit is validated again with the caller\'s schema; a body that no longer fits is refetched, not served', async () => {
    upstream = await itemsUpstream();
    const cache = cacheWith();
    const http = client(cache);
    await http.request({ endpoint: '/items', schema: list });
    const stricter = z.object({ items: z.array(item.extend({ extra: z.string().default('x') })), total: z.number().default(0) });
    const again = await http.request({ endpoint: '/items', schema: stricter });
    expect(again.total).toBe(0);
    expect(upstream.count('/items')).toBe(1);
    const incompatible = z.object({ rows: z.array(item) });
    await rejectionOf(http.request({ endpoint: '/items', schema: incompatible }));
    expect(upstream.count('/items')).toBe(2);
  });
});

describe('TTL', () => {
  it('an entry is served until its endpoint\'s TTL passes, then refetched (in-process and in Redis)', async () => {
    upstream = await itemsUpstream();
    const shared = await redis();
    const cache = cacheWith({ overrides: { 'absorb /items': 1 }, shared });
    const http = client(cache);
    const first = await http.request({ endpoint: '/items', schema: list });
    expect((await http.request({ endpoint: '/items', schema: list })).items[0]?.id).toBe(first.items[0]?.id);
    expect(upstream.count('/items')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    cache.clearMemory();
    const later = await http.request({ endpoint: '/items', schema: list });
    expect(upstream.count('/items')).toBe(2);
    expect(later.items[0]?.id).not.toBe(first.items[0]?.id);
  });

  it('an endpoint with TTL 0 is not cached; the catalogue TTL applies to catalogue endpoints', async () => {
    upstream = await itemsUpstream();
    const cache = cacheWith({ ttlSeconds: 0 });
    const http = client(cache);
    await http.request({ endpoint: '/items', schema: list });
    await http.request({ endpoint: '/items', schema: list });
    expect(upstream.count('/items')).toBe(2);
    // `absorb /courses` is catalogue data: cached for 300 s even with the default at 0.
    await http.request({ endpoint: '/courses', schema: list });
    await http.request({ endpoint: '/courses', schema: list });
    expect(upstream.count('/courses')).toBe(1);
  });
});

describe('scopes', () => {
  it('a different caller scope does not read another\'s entry; the same scope does', async () => {
    upstream = await itemsUpstream();
    const http = client(cacheWith());
    const as = (scope: string) => http.forRequest({ deadline: createRequestDeadline(5_000, scope) }).request({ endpoint: '/items', schema: list });
    const forA = await as('caller-a');
    const forB = await as('caller-b');
    expect(upstream.count('/items')).toBe(2);
    expect(forB.items[0]?.id).not.toBe(forA.items[0]?.id);
    expect((await as('caller-a')).items[0]?.id).toBe(forA.items[0]?.id);
    expect(upstream.count('/items')).toBe(2);
  });

  it('a different credential scope does not read another\'s entry, even through a shared Redis', async () => {
    upstream = await itemsUpstream();
    const prefix = runPrefix('cred');
    const first = client(cacheWith({ shared: await redis(), prefix }), { scope: 'identity-1' });
    const second = client(cacheWith({ shared: await redis(), prefix }), { scope: 'identity-2' });
    const sameIdentity = client(cacheWith({ shared: await redis(), prefix }), { scope: 'identity-1' });
    await first.request({ endpoint: '/items', schema: list });
    await second.request({ endpoint: '/items', schema: list });
    expect(upstream.count('/items')).toBe(2);
    await sameIdentity.request({ endpoint: '/items', schema: list });
    expect(upstream.count('/items')).toBe(2);
  });
});

describe('invalidation', () => {
  it('invalidate(provider, pathPrefix) drops the entries under the prefix, here and in Redis, and nothing else', async () => {
    upstream = await itemsUpstream();
    const prefix = runPrefix('inval');
    const cache = cacheWith({ shared: await redis(), prefix });
    const other = cacheWith({ shared: await redis(), prefix });
    const http = client(cache);
    const otherHttp = client(other);
    const read = (c: HttpClient, userId: string) => c.request({ endpoint: '/users/:userId/enrollments', params: { userId }, searchParams: { _offset: 0 }, schema: list });
    await read(http, 'u1');
    await read(http, 'u2');
    expect(upstream.count()).toBe(2);
    await cache.invalidate('absorb', '/users/u1/');
    await read(http, 'u1');
    await read(http, 'u2');
    expect(upstream.count()).toBe(3);
    // The other replica had nothing in memory and finds the refreshed u1 and the untouched u2 in Redis.
    await read(otherHttp, 'u1');
    await read(otherHttp, 'u2');
    expect(upstream.count()).toBe(3);
  });
});

describe('invalidation while a load runs', () => {
  const read = (c: HttpClient) => c.request({ endpoint: '/users/:userId/enrollments', params: { userId: 'u1' }, schema: list });
  const versionOf = (answer: z.infer<typeof list> | null) => answer?.items[0]?.id;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('a read that starts after an invalidation does not join a load begun before it', async () => {
    upstream = await itemsUpstream({ delayMs: 200 });
    const cache = cacheWith();
    const http = client(cache);
    const before = read(http);
    await pause(50);
    await cache.invalidate('absorb', '/users/u1/');
    const after = read(http);
    expect(versionOf(await before)).toBe(1);
    expect(versionOf(await after)).toBe(2);
    expect(upstream.count()).toBe(2);
  });

  it("another replica's load begun before an invalidation puts nothing back in Redis, nor in its own memory", async () => {
    upstream = await itemsUpstream({ delayMs: 200 });
    const prefix = runPrefix('inval-race');
    const writer = cacheWith({ shared: await redis(), prefix });
    const reader = cacheWith({ shared: await redis(), prefix });
    const writerHttp = client(writer);
    const readerHttp = client(reader);
    const slow = read(readerHttp);
    await pause(50);
    // The write happens upstream here; then the writer drops what is cached.
    await writer.invalidate('absorb', '/users/u1/');
    expect(versionOf(await slow)).toBe(1);
    // Neither Redis nor the reader's memory kept the answer from before the write.
    expect(versionOf(await read(writerHttp))).toBe(2);
    expect(versionOf(await read(readerHttp))).toBe(2);
    expect(upstream.count()).toBe(2);
  });

  it('an answer read from Redis before an invalidation is not copied into memory after it', async () => {
    upstream = await itemsUpstream();
    const prefix = runPrefix('inval-copy');
    const connection = await redis();
    const filler = cacheWith({ shared: connection, prefix });
    expect(versionOf(await read(client(filler)))).toBe(1);
    // A replica whose Redis reads answer 150 ms late: the invalidation lands while one is on its way.
    const store = createSharedStore(connection);
    const lateStore: SharedStore = { ...store, get: async (key) => store.get(key).then(async (entry) => (await pause(150), entry)) };
    const late = cacheWith({ store: lateStore, prefix });
    const lateHttp = client(late);
    const before = read(lateHttp);
    await pause(50);
    await late.invalidate('absorb', '/users/u1/');
    expect(versionOf(await before)).toBe(1);
    expect(versionOf(await read(lateHttp))).toBe(2);
    expect(upstream.count()).toBe(2);
  });
});

describe('invalidation from a write', () => {
  it('client.invalidate(pathPrefix) drops that provider\'s answers under the prefix', async () => {
    upstream = await itemsUpstream();
    const http = client(cacheWith());
    const read = () => http.request({ endpoint: '/users/:userId/enrollments', params: { userId: 'u9' }, schema: list });
    await read();
    await read();
    expect(upstream.count()).toBe(1);
    await http.request({ method: 'POST', endpoint: '/users/:userId/enrollments', params: { userId: 'u9' }, json: {}, schema: list });
    await http.invalidate('/users/u9/enrollments');
    await read();
    expect(upstream.count('/users/u9/enrollments')).toBe(3);
  });
});

describe('with a breaker', () => {
  it('cached answers keep being served while the provider\'s breaker is open', async () => {
    let failing = false;
    upstream = await itemsUpstream({ status: () => (failing ? 503 : 200) });
    const breaker = new ProviderBreaker('absorb', { volumeThreshold: 3, errorThresholdPercent: 50, windowMs: 10_000, resetTimeoutMs: 60_000 });
    const http = testClient(upstream, { retries: 0, resilience: { cache: cacheWith(), credentialScope: 's', breaker } });
    clients.push(http);
    await http.request({ endpoint: '/items', searchParams: { cached: 1 }, schema: list });
    failing = true;
    for (let i = 0; i < 4; i += 1) await rejectionOf(http.request({ endpoint: '/items', searchParams: { n: i }, schema: list }));
    expect(breaker.state).toBe('open');
    const before = upstream.count();
    expect((await http.request({ endpoint: '/items', searchParams: { cached: 1 }, schema: list })).items).toHaveLength(1);
    const refused = (await rejectionOf(http.request({ endpoint: '/items', searchParams: { n: 99 }, schema: list }))) as ProviderError;
    expect(refused.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(upstream.count()).toBe(before);
    breaker.shutdown();
  });
});
