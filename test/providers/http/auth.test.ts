import { z } from 'zod';
import { ProviderError } from '../../../src/providers/errors.js';
import {
  SingleFlightTokenAuth,
  StaticTokenAuth,
  bearer,
  rawToken,
  type HttpClient,
  type RequestEndEvent,
} from '../../../src/providers/http/index.js';
import { rejectionOf, sendJson, startServer, testClient, type RecordedRequest, type TestServer } from './helpers.js';

const ok = z.object({ ok: z.literal(true) });

/**
 * An Absorb-like upstream: POST /authenticate answers a bare JSON string token and invalidates the
 * previous one; every other path needs `Authorization: Bearer <current token>`.
 */
interface AuthUpstream {
  server: TestServer;
  logins(): number;
  /** Makes the current token invalid, as an expiry on the upstream's side would. */
  expireToken(): void;
}

async function startAuthUpstream(options: { loginDelayMs?: number; handle?: (req: RecordedRequest) => unknown } = {}): Promise<AuthUpstream> {
  let current: string | undefined;
  let logins = 0;
  const server = await startServer(async (req, res) => {
    if (req.pathname === '/authenticate') {
      logins += 1;
      if (options.loginDelayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.loginDelayMs));
      current = `token-${logins}-${'z'.repeat(8)}`;
      sendJson(res, 200, current);
      return;
    }
    if (current === undefined || req.headers.authorization !== `Bearer ${current}`) {
      sendJson(res, 401, { message: 'Unauthorized' });
      return;
    }
    sendJson(res, 200, options.handle?.(req) ?? { ok: true });
  });
  return { server, logins: () => logins, expireToken: () => (current = 'expired-for-everyone') };
}

function absorbLikeClient(upstream: AuthUpstream, extra: { onResponse?: (event: RequestEndEvent) => void } = {}): { client: HttpClient; auth: SingleFlightTokenAuth } {
  const auth = new SingleFlightTokenAuth({
    login: async () => ({
      token: await client.request({ method: 'POST', endpoint: '/authenticate', json: { username: 'u', password: 'p' }, schema: z.string(), auth: false }),
      expiresInMs: 4 * 3_600_000,
    }),
    header: bearer,
    refreshMarginMs: 60_000,
  });
  const client: HttpClient = testClient(upstream.server, { auth, maxSockets: 64, ...extra });
  return { client, auth };
}

let upstream: AuthUpstream | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  client?.close();
  await upstream?.server.close();
  client = undefined;
  upstream = undefined;
});

describe('SingleFlightTokenAuth through the client', () => {
  it('logs in lazily, once, for 50 concurrent first requests', async () => {
    upstream = await startAuthUpstream({ loginDelayMs: 50 });
    ({ client } = absorbLikeClient(upstream));
    expect(upstream.logins()).toBe(0);
    const results = await Promise.all(Array.from({ length: 50 }, () => client?.request({ endpoint: '/users', schema: ok })));
    expect(results).toHaveLength(50);
    expect(upstream.logins()).toBe(1);
    expect(upstream.server.count('/users')).toBe(50);
  });

  it('logs in exactly once more when 50 concurrent requests find the token expired', async () => {
    upstream = await startAuthUpstream({ loginDelayMs: 30 });
    const built = absorbLikeClient(upstream);
    client = built.client;
    await client.request({ endpoint: '/users', schema: ok });
    expect(upstream.logins()).toBe(1);
    upstream.expireToken();
    await Promise.all(Array.from({ length: 50 }, () => client?.request({ endpoint: '/users', schema: ok })));
    expect(upstream.logins()).toBe(2);
    expect(built.auth.loginCount).toBe(2);
    // 1 first call + 50 refused + 50 re-sent.
    expect(upstream.server.count('/users')).toBe(101);
  });

  it('refreshes a token proactively when it is within the margin of its expiry', async () => {
    let now = 1_000_000;
    let logins = 0;
    const auth = new SingleFlightTokenAuth({
      login: () => Promise.resolve({ token: `t${++logins}`, expiresInMs: 10_000 }),
      header: rawToken,
      refreshMarginMs: 2_000,
      now: () => now,
    });
    const headers: Record<string, string> = {};
    await expect(auth.apply(headers)).resolves.toBe('t1');
    expect(headers.authorization).toBe('t1');
    now += 7_000;
    await expect(auth.apply(headers)).resolves.toBe('t1');
    now += 1_500; // 1.5 s left, inside the 2 s margin
    await Promise.all(Array.from({ length: 50 }, () => auth.apply({})));
    expect(logins).toBe(2);
  });

  it('re-sends a POST answered 401 once, after refreshing the token', async () => {
    upstream = await startAuthUpstream();
    const ends: RequestEndEvent[] = [];
    ({ client } = absorbLikeClient(upstream, { onResponse: (event) => ends.push(event) }));
    await client.request({ endpoint: '/users', schema: ok });
    upstream.expireToken();
    ends.length = 0;
    await expect(client.request({ method: 'POST', endpoint: '/users/:userId/enrollments', params: { userId: 'u' }, json: {}, schema: ok })).resolves.toEqual({ ok: true });
    expect(upstream.server.requests.filter((r) => r.method === 'POST' && r.pathname === '/users/u/enrollments')).toHaveLength(2);
    expect(upstream.logins()).toBe(2);
    expect(ends.filter((e) => e.endpoint === '/users/:userId/enrollments').map((e) => [e.status, e.outcome, e.reason])).toEqual([
      [401, 'retry', 'auth'],
      [200, 'ok', undefined],
    ]);
  });

  it('gives UPSTREAM_AUTH when the new token is refused too, without a third attempt', async () => {
    let logins = 0;
    const server = await startServer((req, res) => {
      if (req.pathname === '/authenticate') sendJson(res, 200, `t${++logins}`);
      else sendJson(res, 401, { message: 'Unauthorized' });
    });
    upstream = { server, logins: () => logins, expireToken: () => undefined };
    ({ client } = absorbLikeClient(upstream));
    const error = await rejectionOf(client.request({ method: 'POST', endpoint: '/enroll/:courseId', params: { courseId: 'c' }, json: {}, schema: ok }));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).toExtensions()).toEqual({ code: 'UPSTREAM_AUTH', provider: 'absorb', upstreamStatus: 401 });
    expect((error as ProviderError).message).toBe('absorb POST /enroll/:courseId was refused (401) again after a new login');
    expect(server.count('/enroll/c')).toBe(2);
    expect(logins).toBe(2);
  });

  it('gives UPSTREAM_AUTH for a 403 at once, without a new login that would invalidate the token of every call in flight', async () => {
    let logins = 0;
    const server = await startServer((req, res) => {
      if (req.pathname === '/authenticate') sendJson(res, 200, `t${++logins}`);
      else if (req.pathname === '/users') sendJson(res, 403, { code: 403, term: 'Forbidden' });
      else sendJson(res, 200, { ok: true });
    });
    upstream = { server, logins: () => logins, expireToken: () => undefined };
    const refusing = absorbLikeClient(upstream).client;
    client = refusing;
    const refused = await Promise.all([1, 2, 3].map(() => rejectionOf(refusing.request({ method: 'GET', endpoint: '/users', schema: ok }))));
    for (const error of refused) {
      expect((error as ProviderError).toExtensions()).toEqual({ code: 'UPSTREAM_AUTH', provider: 'absorb', upstreamStatus: 403 });
      expect((error as ProviderError).message).toBe('absorb GET /users was refused (403): the account may not do this');
    }
    // One call each (a refusal is not retried), and the one login the first call needed.
    expect(server.count('/users')).toBe(3);
    expect(logins).toBe(1);
    await expect(refusing.request({ method: 'GET', endpoint: '/courses', schema: ok })).resolves.toEqual({ ok: true });
    expect(logins).toBe(1);
  });

  it('passes on the login\'s own failure (the login endpoint is down)', async () => {
    const server = await startServer((_req, res) => sendJson(res, 503, {}));
    upstream = { server, logins: () => server.count('/authenticate'), expireToken: () => undefined };
    ({ client } = absorbLikeClient(upstream));
    const error = await rejectionOf(client.request({ endpoint: '/users', schema: ok }));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('UPSTREAM_UNAVAILABLE');
    expect((error as ProviderError).endpoint).toBe('/authenticate');
    expect(server.count('/users')).toBe(0);
  });
});

describe('auth failures recognised by their envelope', () => {
  const ruangkerjaDenied = (_status: number, body: unknown): boolean =>
    typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string' && /PermissionDenied/.test(body.message);

  it('treats Ruangkerja\'s "Token is not valid" answered with 200 as an auth failure and logs in again', async () => {
    let token = 'first-token';
    let logins = 0;
    const server = await startServer((req, res) => {
      if (req.pathname === '/oauth/token') {
        logins += 1;
        sendJson(res, 200, { data: { accessToken: token, expiresIn: '43199', tokenType: 'Bearer' } });
      } else if (req.headers.authorization === token) sendJson(res, 200, { status: 'success', data: [] });
      else sendJson(res, 200, { errorCode: 'x', message: 'rpc error: code = PermissionDenied desc = Token is not valid', detail: '' });
    });
    upstream = { server, logins: () => logins, expireToken: () => undefined };
    const loginSchema = z.object({ data: z.object({ accessToken: z.string(), expiresIn: z.coerce.number() }) });
    const auth = new SingleFlightTokenAuth({
      login: async () => {
        const answer = await client?.request({ method: 'POST', endpoint: '/oauth/token', json: { clientID: 'id', clientSecret: 's3cret-value', grantType: 'client_credentials' }, schema: loginSchema, auth: false });
        if (answer === undefined) throw new Error('no client');
        return { token: answer.data.accessToken, expiresInMs: answer.data.expiresIn * 1000 };
      },
      header: rawToken,
      isAuthFailure: ruangkerjaDenied,
    });
    client = testClient(server, { provider: 'ruangkerja', auth });
    const envelope = z.object({ status: z.literal('success'), data: z.array(z.unknown()) });
    await client.request({ endpoint: '/ruangkerja/dashboard/users/:employeeID/courses/online', params: { employeeID: 'E1' }, schema: envelope });
    token = 'second-token'; // the upstream now only accepts a newer token
    await expect(
      client.request({ endpoint: '/ruangkerja/dashboard/users/:employeeID/courses/online', params: { employeeID: 'E1' }, schema: envelope }),
    ).resolves.toEqual({ status: 'success', data: [] });
    expect(logins).toBe(2);
  });

  it('reports a static token\'s refusal as UPSTREAM_AUTH after one attempt', async () => {
    const server = await startServer((_req, res) => sendJson(res, 401, { detail: 'Invalid token.' }));
    upstream = { server, logins: () => 0, expireToken: () => undefined };
    client = testClient(server, { provider: 'selfcommunity', auth: new StaticTokenAuth({ token: 'static-token-value', header: bearer }) });
    const error = await rejectionOf(client.request({ endpoint: '/api/v2/course/:id/users/', params: { id: 4 }, schema: ok }));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).toExtensions()).toEqual({ code: 'UPSTREAM_AUTH', provider: 'selfcommunity', upstreamStatus: 401 });
    expect((error as ProviderError).message).toBe('selfcommunity GET /api/v2/course/:id/users/ was refused (401) and its token could not be renewed');
    expect(server.count()).toBe(1);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer static-token-value');
  });
});
