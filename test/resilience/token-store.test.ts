/**
 * The shared login token (Absorb: a new login invalidates the previous token) through the real
 * SingleFlightTokenAuth and HTTP client, several "replicas" each with its own Redis connection.
 */
import { afterAll, afterEach, describe, expect, it, jest } from '@jest/globals';
import { z } from 'zod';
import { tokenKey } from '../../src/cache/key.js';
import { RedisConnection } from '../../src/cache/redis.js';
import { RedisTokenStore } from '../../src/cache/token-store.js';
import { SingleFlightTokenAuth, bearer, type HttpClient } from '../../src/providers/http/index.js';
import { sendJson, startServer, testClient, type TestServer } from '../providers/http/helpers.js';
import { REDIS_URL, deleteKeys, eventually, runPrefix, startRedisProxy, type TcpProxy } from './helpers.js';

jest.setTimeout(20_000);

const ok = z.object({ ok: z.literal(true) });

/** An Absorb-like upstream: each login issues a new token and invalidates the previous one. */
async function authUpstream(loginDelayMs = 80): Promise<{ server: TestServer; logins(): number; refused(): number; expire(): void }> {
  let current: string | undefined;
  let logins = 0;
  let refused = 0;
  const server = await startServer(async (req, res) => {
    if (req.pathname === '/authenticate') {
      logins += 1;
      await new Promise((resolve) => setTimeout(resolve, loginDelayMs));
      current = `token-${logins}-abcdefgh`;
      sendJson(res, 200, current);
      return;
    }
    if (current === undefined || req.headers.authorization !== `Bearer ${current}`) {
      refused += 1;
      sendJson(res, 401, { message: 'Unauthorized' });
      return;
    }
    sendJson(res, 200, { ok: true });
  });
  return { server, logins: () => logins, refused: () => refused, expire: () => (current = 'expired') };
}

const prefix = runPrefix('tokens');
const connections: RedisConnection[] = [];
const clients: HttpClient[] = [];
let upstream: Awaited<ReturnType<typeof authUpstream>> | undefined;
let proxy: TcpProxy | undefined;
/** Each test shares tokens under its own key. */
let keySuffix = 0;

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(connections.splice(0).map((c) => c.close()));
  await upstream?.server.close();
  await proxy?.stop();
  upstream = undefined;
  proxy = undefined;
});

afterAll(() => deleteKeys(prefix));

async function replica(url = REDIS_URL, key = tokenKey(prefix, 'absorb', 'http://absorb.test', `user-${keySuffix}`)): Promise<{ client: HttpClient; auth: SingleFlightTokenAuth; store: RedisTokenStore }> {
  if (upstream === undefined) throw new Error('start the upstream first');
  const connection = new RedisConnection({ url, timeoutMs: 200 });
  connection.start();
  connections.push(connection);
  await eventually(() => connection.state === 'ready', 2_000);
  const store = new RedisTokenStore({ connection, key, pollMs: 20 });
  const auth = new SingleFlightTokenAuth({
    login: async () => ({ token: await client.request({ method: 'POST', endpoint: '/authenticate', json: { username: 'u' }, schema: z.string(), auth: false }), expiresInMs: 4 * 3_600_000 }),
    header: bearer,
    tokenStore: store,
  });
  const client: HttpClient = testClient(upstream.server, { auth, maxSockets: 32 });
  clients.push(client);
  return { client, auth, store };
}

describe('a login token shared through Redis', () => {
  it('five replicas needing a token at once cause one login, and none of their requests is refused', async () => {
    keySuffix += 1;
    upstream = await authUpstream();
    const replicas = await Promise.all(Array.from({ length: 5 }, () => replica()));
    await Promise.all(replicas.flatMap(({ client }) => Array.from({ length: 10 }, () => client.request({ endpoint: '/data', schema: ok }))));
    expect(upstream.logins()).toBe(1);
    expect(upstream.refused()).toBe(0);
    expect(replicas.map((r) => r.auth.loginCount).reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('after the token is rejected, one replica logs in again and the others pick its token up', async () => {
    keySuffix += 1;
    upstream = await authUpstream(20);
    const replicas = await Promise.all(Array.from({ length: 3 }, () => replica()));
    for (const { client } of replicas) await client.request({ endpoint: '/data', schema: ok });
    expect(upstream.logins()).toBe(1);
    upstream.expire();
    await Promise.all(replicas.map(({ client }) => client.request({ endpoint: '/data', schema: ok })));
    expect(upstream.logins()).toBe(2);
  });

  it('a replica that finds Redis gone logs in alone rather than failing', async () => {
    keySuffix += 1;
    upstream = await authUpstream(5);
    proxy = await startRedisProxy();
    const { client, store } = await replica(proxy.url);
    await proxy.stop();
    await client.request({ endpoint: '/data', schema: ok });
    expect(upstream.logins()).toBe(1);
    expect(store.counts.fallbacks).toBe(1);
  });

  it('without a store (no Redis), each replica logs in for itself: what the store prevents', async () => {
    const server = (upstream = await authUpstream(5)).server;
    const bare = Array.from({ length: 3 }, () => {
      const auth = new SingleFlightTokenAuth({
        login: async () => ({ token: await http.request({ method: 'POST', endpoint: '/authenticate', json: {}, schema: z.string(), auth: false }) }),
        header: bearer,
      });
      const http: HttpClient = testClient(server, { auth });
      clients.push(http);
      return http;
    });
    for (const http of bare) await http.request({ endpoint: '/data', schema: ok });
    expect(upstream.logins()).toBe(3);
  });
});
