/**
 * Two server replicas (two server instances in this process, each with its own in-process cache,
 * breakers and Redis connection) over the same simulators and the machine's real Redis.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { startSimulators, type RunningSimulators } from '../../src/simulators/index.js';
import { LEARNER_QUERY, REDIS_URL, deleteKeys, eventually, listKeys, runPrefix, startRedisProxy, startReplica, total, upstreamCounts, type Replica, type TcpProxy } from './helpers.js';

import { jest } from '@jest/globals';

jest.setTimeout(30_000);

/** What starting a replica may add to the 500 ms connect timeout on a busy machine. */
const SILENT_STARTUP_SLACK_MS = 1_500;

/** A TCP server that accepts connections and never writes a byte: Redis hung, not gone. */
async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket)).on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A ready Ruangkerja token: a second identity for the same API. */
const STATIC_TOKEN = 'scope-test-static-token-0001';

let simulators: RunningSimulators;
const prefixes: string[] = [];
const open: Replica[] = [];

async function replica(env: Record<string, string>): Promise<Replica> {
  const started = await startReplica(simulators, env);
  open.push(started);
  return started;
}

function prefix(label: string): string {
  const value = runPrefix(label);
  prefixes.push(value);
  return value;
}

beforeAll(async () => {
  simulators = await startSimulators({ employees: 60, ruangkerja: { staticTokens: [STATIC_TOKEN] } });
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
  simulators.controls.reset();
});

afterAll(async () => {
  await simulators.close();
  await Promise.all(prefixes.map((p) => deleteKeys(p)));
});

describe('two replicas sharing Redis', () => {
  it('answer the same query with one upstream fetch: the second replica reads what the first stored', async () => {
    const shared = { REDIS_URL, REDIS_KEY_PREFIX: prefix('shared') };
    const a = await replica(shared);
    const b = await replica(shared);
    const employeeID = simulators.dataset.samples.learnerEmployeeID;

    simulators.controls.log.clear();
    const first = await a.query(LEARNER_QUERY, { employeeID });
    expect(first.errors).toBeUndefined();
    const costOfOne = upstreamCounts(simulators);
    expect(total(costOfOne)).toBeGreaterThan(0);

    simulators.controls.log.clear();
    const second = await b.query(LEARNER_QUERY, { employeeID });
    expect(second).toEqual(first);
    // Not one data request: B's in-process cache was empty, so every answer came from Redis.
    expect(upstreamCounts(simulators)).toEqual({});
    expect(b.application.upstreamSupport.status().cache?.shared.hits).toBeGreaterThan(0);
  });

  it('log in to Absorb once between them: the token is shared under a lock', async () => {
    const shared = { REDIS_URL, REDIS_KEY_PREFIX: prefix('token') };
    const replicas = [await replica(shared), await replica(shared), await replica(shared)];
    simulators.controls.log.clear();
    // All three need a token at the same moment, on different employees (nothing cached yet).
    const team = simulators.dataset.samples.teamEmployeeIDs;
    const answers = await Promise.all(replicas.map((r, i) => r.query(LEARNER_QUERY, { employeeID: team[i] })));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(simulators.controls.log.count({ provider: 'absorb', endpoint: '/authenticate' })).toBe(1);
    // No replica's token was invalidated by another's login: no Absorb request was refused.
    expect(simulators.controls.log.entries.filter((e) => e.provider === 'absorb' && e.status === 401)).toEqual([]);
  });

  it('keep callers with different upstream credentials apart: another credential scope reads nothing of the first', async () => {
    const redisPrefix = prefix('scope');
    const withClient = await replica({ REDIS_URL, REDIS_KEY_PREFIX: redisPrefix });
    // Same Ruangkerja API, same Redis, but another identity: a ready access token instead of the OAuth client.
    const withToken = await replica({ REDIS_URL, REDIS_KEY_PREFIX: redisPrefix, RUANGKERJA_ACCESS_TOKEN: STATIC_TOKEN });
    const employeeID = simulators.dataset.samples.learnerEmployeeID;

    simulators.controls.log.clear();
    await withClient.query(LEARNER_QUERY, { employeeID });
    const ruangkerjaCost = Object.fromEntries(Object.entries(upstreamCounts(simulators)).filter(([key]) => key.startsWith('ruangkerja ') && !key.includes('/oauth/')));
    expect(Object.keys(ruangkerjaCost).length).toBeGreaterThan(0);

    simulators.controls.log.clear();
    const answer = await withToken.query(LEARNER_QUERY, { employeeID });
    expect(answer.errors).toBeUndefined();
    const counts = upstreamCounts(simulators);
    // Every Ruangkerja request was made again (the entries there belong to the other identity) ...
    expect(counts).toEqual(ruangkerjaCost);
    // ... while Absorb and SelfCommunity, configured identically, were served from the shared cache.
    expect(Object.keys(counts).filter((key) => !key.startsWith('ruangkerja '))).toEqual([]);
  });

  it('store no credential in Redis keys and no error as an entry', async () => {
    const redisPrefix = prefix('keys');
    const a = await replica({ REDIS_URL, REDIS_KEY_PREFIX: redisPrefix });
    simulators.controls.addFault({ provider: 'selfcommunity', kind: 'error', status: 503 });
    const answer = await a.query(LEARNER_QUERY, { employeeID: simulators.dataset.samples.learnerEmployeeID });
    expect(answer.errors?.some((e) => e.extensions?.provider === 'selfcommunity')).toBe(true);
    const keys = await listKeys(redisPrefix);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((key) => key.includes(':http:selfcommunity:'))).toEqual([]);
    const secrets = [simulators.env.ABSORB_PASSWORD, simulators.env.ABSORB_API_KEY, simulators.env.ABSORB_PRIVATE_KEY, simulators.env.SELFCOMMUNITY_TOKEN, simulators.env.RUANGKERJA_CLIENT_SECRET];
    for (const key of keys) for (const secret of secrets) expect(key.includes(secret!)).toBe(false);
  });
});

describe('whole responses', () => {
  it('are not cached anywhere: every GraphQL response says cache-control: no-store', async () => {
    const a = await replica({ REDIS_URL, REDIS_KEY_PREFIX: prefix('nostore') });
    const response = await fetch(a.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LEARNER_QUERY, variables: { employeeID: simulators.dataset.samples.learnerEmployeeID } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('startup', () => {
  it('a replica serves only once its Redis connection is ready, so its first query can share the Absorb token', async () => {
    const a = await replica({ REDIS_URL, REDIS_KEY_PREFIX: prefix('startup') });
    expect(a.application.upstreamSupport.redis?.state).toBe('ready');
    expect((await a.readyz()).body.checks.redis).toEqual({ ok: true });
  });

  it('a Redis that accepts but never answers holds startup back for the connect timeout at most, then the replica serves without it', async () => {
    const silent = await startSilentServer();
    try {
      const started = performance.now();
      // REDIS_TIMEOUT_MS 50: the connect timeout is max(500 ms, 10 × 50 ms).
      const a = await replica({ REDIS_URL: silent.url, REDIS_KEY_PREFIX: prefix('silent'), REDIS_TIMEOUT_MS: '50' });
      const waited = performance.now() - started;
      expect(waited).toBeGreaterThanOrEqual(450);
      expect(waited).toBeLessThan(500 + SILENT_STARTUP_SLACK_MS);
      expect(a.application.upstreamSupport.redis?.state).not.toBe('ready');
      const answer = await a.query(LEARNER_QUERY, { employeeID: simulators.dataset.samples.learnerEmployeeID });
      expect(answer.errors).toBeUndefined();
    } finally {
      await silent.close();
    }
  });
});

describe('Redis going away mid-run', () => {
  let proxy: TcpProxy;
  afterEach(() => proxy.stop());

  it('degrades to the in-process cache without failing a query, shows it in /readyz, and recovers', async () => {
    proxy = await startRedisProxy();
    const redisPrefix = prefix('away');
    // A generous time-box: Redis's answers pass through the proxy on this test's own event loop, and
    // on a loaded machine three late ones would pause Redis (and say so in /readyz) while it is up.
    // The outage below is seen as a dropped connection, not as time-outs.
    const a = await replica({ REDIS_URL: proxy.url, REDIS_KEY_PREFIX: redisPrefix, REDIS_TIMEOUT_MS: '250' });
    const [first, second, third] = simulators.dataset.samples.teamEmployeeIDs;
    expect(await eventually(() => a.application.upstreamSupport.redis?.state === 'ready')).toBe(true);
    expect((await a.query(LEARNER_QUERY, { employeeID: first })).errors).toBeUndefined();
    expect((await a.readyz()).body.checks.redis).toEqual({ ok: true });

    await proxy.stop();
    const started = Date.now();
    // Cached in-process before Redis went: still served; never cached: fetched upstream; both without error.
    const cached = await a.query(LEARNER_QUERY, { employeeID: first });
    const fresh = await a.query(LEARNER_QUERY, { employeeID: second });
    expect(cached.errors).toBeUndefined();
    expect(fresh.errors).toBeUndefined();
    expect(fresh.data?.user).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(3_000);
    const readyz = await a.readyz();
    expect(readyz.status).toBe(200);
    expect(readyz.body.checks.redis?.ok).toBe(true);
    expect(readyz.body.checks.redis?.detail).toMatch(/^degraded: redis/);
    expect(a.application.upstreamSupport.status().cache?.shared.errors).toBeGreaterThanOrEqual(0);

    // Back: the client reconnects in the background and the shared cache is written again.
    await proxy.start();
    expect(await eventually(() => a.application.upstreamSupport.redis?.state === 'ready', 8_000)).toBe(true);
    expect((await a.query(LEARNER_QUERY, { employeeID: third })).errors).toBeUndefined();
    expect((await listKeys(redisPrefix)).some((key) => key.includes(':http:'))).toBe(true);
    expect((await a.readyz()).body.checks.redis).toEqual({ ok: true });
  });

  it('a replica whose Redis is down from the start serves every query', async () => {
    proxy = await startRedisProxy();
    await proxy.stop();
    const started = performance.now();
    // REDIS_TIMEOUT_MS 800: a connect timeout of 8 s, which a refused connection must not wait out.
    const a = await replica({ REDIS_URL: proxy.url, REDIS_KEY_PREFIX: prefix('down'), REDIS_TIMEOUT_MS: '800' });
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(a.application.upstreamSupport.redis?.state).not.toBe('ready');
    const answer = await a.query(LEARNER_QUERY, { employeeID: simulators.dataset.samples.learnerEmployeeID });
    expect(answer.errors).toBeUndefined();
    expect(simulators.controls.log.count({ provider: 'absorb', endpoint: '/authenticate' })).toBeGreaterThanOrEqual(1);
    // The proxy object is stopped already; restart it so afterEach's stop has something to stop.
    await proxy.start();
  });
});
