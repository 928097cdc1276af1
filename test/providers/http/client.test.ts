import { Writable } from 'node:stream';
import { z } from 'zod';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { ProviderError } from '../../../src/providers/errors.js';
import { TokenBucket, upstreamHttpOptions, type HttpClient, type RequestEndEvent, type RequestStartEvent } from '../../../src/providers/http/index.js';
import { rejectionOf, sendJson, startServer, testClient, type TestServer } from './helpers.js';

const ok = z.object({ ok: z.literal(true) });

let server: TestServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function providerErrorOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('createHttpClient: requests', () => {
  it('fills the path template with encoded params and sends repeated search keys', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { ok: true }));
    client = testClient(server, { baseUrl: `${server.url}/api/`, headers: { 'X-Api-Key': 'key-123456', 'x-api-version': '2' } });
    await client.request({
      endpoint: '/users/:userId/enrollments/:courseId',
      params: { userId: 'a b/c', courseId: 7 },
      searchParams: { userIds: ['u1', 'u2'], active: true, _limit: 100, skipped: undefined },
      schema: ok,
    });
    const [request] = server.requests;
    expect(request?.url).toBe('/api/users/a%20b%2Fc/enrollments/7?userIds=u1&userIds=u2&active=true&_limit=100');
    expect(request?.headers['x-api-key']).toBe('key-123456');
    expect(request?.headers['x-api-version']).toBe('2');
    expect(request?.headers.accept).toBe('application/json');
  });

  it('refuses a dot-segment path parameter, which would address another resource', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { ok: true }));
    client = testClient(server);
    const error = await providerErrorOf(client.request({ endpoint: '/users/:userId', params: { userId: '..' }, schema: ok }));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(server.count()).toBe(0);
  });

  it('sends a JSON body and validates the answer with the schema, transforms included', async () => {
    server = await startServer((req, res) => sendJson(res, 201, { echoed: JSON.parse(req.body) as unknown }));
    client = testClient(server);
    const schema = z.object({ echoed: z.object({ n: z.number() }) }).transform((body) => body.echoed.n * 2);
    await expect(client.request({ method: 'POST', endpoint: '/things', json: { n: 21 }, schema })).resolves.toBe(42);
    expect(server.requests[0]?.headers['content-type']).toContain('application/json');
  });

  it('hands an empty body to the schema as undefined (a write answering no content)', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    client = testClient(server);
    await expect(client.request({ method: 'POST', endpoint: '/enrollments/unenroll', json: ['e1'], schema: z.undefined() })).resolves.toBeUndefined();
  });
});

describe('createHttpClient: retries', () => {
  it('retries a 503 and succeeds on the next attempt', async () => {
    server = await startServer((_req, res) => (server?.count() === 1 ? sendJson(res, 503, { message: 'busy' }) : sendJson(res, 200, { ok: true })));
    client = testClient(server);
    await expect(client.request({ endpoint: '/users', schema: ok })).resolves.toEqual({ ok: true });
    expect(server.count()).toBe(2);
  });

  it('gives up on a permanent 503 after exactly retries + 1 attempts with UPSTREAM_UNAVAILABLE', async () => {
    server = await startServer((_req, res) => sendJson(res, 503, { message: 'down' }));
    client = testClient(server, { retries: 3 });
    const error = await providerErrorOf(client.request({ endpoint: '/users/:userId/enrollments', params: { userId: 'u-1' }, schema: ok }));
    expect(server.count()).toBe(4);
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.upstreamStatus).toBe(503);
    expect(error.message).toBe('absorb GET /users/:userId/enrollments answered 503 after 4 attempts');
    expect(error.toExtensions()).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'absorb', upstreamStatus: 503 });
  });

  it('sends a POST answered 503 exactly once', async () => {
    server = await startServer((_req, res) => sendJson(res, 503, {}));
    client = testClient(server, { retries: 3 });
    const error = await providerErrorOf(client.request({ method: 'POST', endpoint: '/users/:userId/enrollments', params: { userId: 'u' }, json: {}, schema: ok }));
    expect(server.count()).toBe(1);
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toBe('absorb POST /users/:userId/enrollments answered 503');
  });

  it('sends a POST answered 429 exactly once, but retries a POST marked idempotent', async () => {
    server = await startServer((_req, res) => sendJson(res, 429, {}, { 'retry-after': '0' }));
    client = testClient(server, { retries: 2 });
    const once = await providerErrorOf(client.request({ method: 'POST', endpoint: '/bulk', json: {}, schema: ok }));
    expect(once.upstreamStatus).toBe(429);
    expect(server.count()).toBe(1);
    await rejectionOf(client.request({ method: 'POST', endpoint: '/bulk', json: {}, schema: ok, idempotent: true }));
    expect(server.count()).toBe(4);
  });

  it('waits for Retry-After: 1 before retrying a 429, then succeeds', async () => {
    server = await startServer((_req, res) =>
      server?.count() === 1 ? sendJson(res, 429, { message: 'slow down' }, { 'retry-after': '1' }) : sendJson(res, 200, { ok: true }),
    );
    client = testClient(server);
    const started = Date.now();
    await expect(client.request({ endpoint: '/users', schema: ok })).resolves.toEqual({ ok: true });
    const elapsed = Date.now() - started;
    expect(server.count()).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(2_500);
  });

  it('backs off after a 429 without Retry-After and succeeds', async () => {
    server = await startServer((_req, res) => (server?.count() === 1 ? sendJson(res, 429, {}) : sendJson(res, 200, { ok: true })));
    client = testClient(server, { backoff: {} }); // the real defaults: base 100 ms, cap 2 s
    const started = Date.now();
    await expect(client.request({ endpoint: '/users', schema: ok })).resolves.toEqual({ ok: true });
    expect(server.count()).toBe(2);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('reports a 429 that outlasts the retries as UPSTREAM_UNAVAILABLE with status 429', async () => {
    server = await startServer((_req, res) => sendJson(res, 429, {}));
    client = testClient(server, { retries: 1 });
    const error = await providerErrorOf(client.request({ endpoint: '/users', schema: ok }));
    expect(error.toExtensions()).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'absorb', upstreamStatus: 429 });
    expect(server.count()).toBe(2);
  });

  it('retries a dropped connection and a truncated body', async () => {
    server = await startServer((_req, res, raw) => {
      const n = server?.count();
      if (n === 1) raw.socket.destroy(); // socket hang up
      else if (n === 2) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"ok":');
        setTimeout(() => raw.socket.destroy(), 10); // body cut short
      } else sendJson(res, 200, { ok: true });
    });
    const ends: RequestEndEvent[] = [];
    client = testClient(server, { retries: 2, onResponse: (event) => ends.push(event) });
    await expect(client.request({ endpoint: '/users', schema: ok })).resolves.toEqual({ ok: true });
    expect(server.count()).toBe(3);
    // Both faults are seen as transport failures (not as malformed JSON from a complete answer).
    expect(ends.map((e) => [e.outcome, e.reason])).toEqual([
      ['retry', 'network'],
      ['retry', 'network'],
      ['ok', undefined],
    ]);
  });

  it('reports a refused connection as UPSTREAM_UNAVAILABLE after the retries', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { ok: true }));
    const url = server.url;
    await server.close();
    server = undefined;
    client = testClient({ url, requests: [], count: () => 0, close: async () => undefined }, { retries: 1 });
    const error = await providerErrorOf(client.request({ endpoint: '/users', schema: ok }));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toBe('absorb GET /users failed: connection refused (ECONNREFUSED) after 2 attempts');
    expect(error.message).not.toContain('127.0.0.1');
  });
});

describe('createHttpClient: time limits', () => {
  it('ends a hanging call with UPSTREAM_TIMEOUT within the configured request timeout', async () => {
    server = await startServer(() => undefined); // never answers
    client = testClient(server, { retries: 0, timeouts: { connectMs: 1_000, responseMs: 5_000, requestMs: 300 } });
    const started = Date.now();
    const error = await providerErrorOf(client.request({ endpoint: '/users/:userId', params: { userId: 'x' }, schema: ok }));
    const elapsed = Date.now() - started;
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(error.message).toBe('absorb GET /users/:userId timed out (not complete within 300 ms)');
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('retries a timed-out GET and keeps the whole call within totalTimeoutMs', async () => {
    server = await startServer(() => undefined);
    client = testClient(server, { retries: 10, totalTimeoutMs: 700, timeouts: { connectMs: 1_000, responseMs: 200, requestMs: 200 } });
    const started = Date.now();
    const error = await providerErrorOf(client.request({ endpoint: '/users', schema: ok }));
    const elapsed = Date.now() - started;
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(server.count()).toBeGreaterThanOrEqual(2);
    expect(server.count()).toBeLessThan(11);
    expect(elapsed).toBeLessThan(1_500);
  });

  it('rejects with the caller\'s abort reason and stops a backoff wait', async () => {
    server = await startServer((_req, res) => sendJson(res, 503, {}, { 'retry-after': '5' }));
    client = testClient(server, { retries: 3 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('caller went away')), 200);
    const started = Date.now();
    const error = await rejectionOf(client.request({ endpoint: '/users', schema: ok, signal: controller.signal }));
    expect((error as Error).message).toBe('caller went away');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.count()).toBe(1);
  });

  it('aborts a request in flight when the caller aborts', async () => {
    server = await startServer(() => undefined);
    client = testClient(server);
    const started = Date.now();
    const error = await rejectionOf(client.request({ endpoint: '/users', schema: ok, signal: AbortSignal.timeout(100) }));
    expect((error as Error).name).toBe('TimeoutError'); // the signal's own reason, not a ProviderError
    expect(error).not.toBeInstanceOf(ProviderError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.count()).toBe(1);
  });

  it('takes one rate-limiter token per attempt', async () => {
    server = await startServer((_req, res) => (server?.count() === 1 ? sendJson(res, 500, {}) : sendJson(res, 200, { ok: true })));
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 2 });
    client = testClient(server, { rateLimiter: bucket });
    await client.request({ endpoint: '/users', schema: ok });
    const started = Date.now();
    await client.request({ endpoint: '/users', schema: ok }); // the bucket is empty: waits ~1 s for a token
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    expect(server.count()).toBe(3);
  });
});

describe('createHttpClient: answers', () => {
  it('reports malformed JSON as UPSTREAM_BAD_RESPONSE naming provider and endpoint, after retrying it', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"users": [1, 2');
    });
    client = testClient(server, { provider: 'ruangkerja', retries: 1 });
    const error = await providerErrorOf(client.request({ endpoint: '/ruangkerja/users', schema: ok }));
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(error.provider).toBe('ruangkerja');
    expect(error.message).toBe('ruangkerja GET /ruangkerja/users answered malformed JSON (200) after 2 attempts');
    expect(server.count()).toBe(2);
  });

  it('reports a schema mismatch with the first issue path, not the value, and does not retry it', async () => {
    server = await startServer((_req, res) =>
      sendJson(res, 200, { users: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 12345678 }] }),
    );
    client = testClient(server);
    const schema = z.object({ users: z.array(z.object({ id: z.string() })) });
    const error = await providerErrorOf(client.request({ endpoint: '/users', schema }));
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(error.message).toBe('absorb GET /users answered a body that does not match its schema: users[3].id: expected string');
    expect(error.message).not.toContain('12345678');
    expect(server.count()).toBe(1);
  });

  it('maps 404 to NOT_FOUND, or to null when asked', async () => {
    server = await startServer((_req, res) => sendJson(res, 404, { message: 'no such user' }));
    client = testClient(server);
    const error = await providerErrorOf(client.request({ endpoint: '/users/:userId', params: { userId: 'nobody' }, schema: ok }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.upstreamStatus).toBe(404);
    expect(error.message).not.toContain('nobody');
    const value: { ok: true } | null = await client.request({ endpoint: '/users/:userId', params: { userId: 'nobody' }, schema: ok, notFound: 'null' });
    expect(value).toBeNull();
    expect(server.count()).toBe(2);
  });

  it('maps 400 and 422 to BAD_USER_INPUT with the upstream validations', async () => {
    server = await startServer((req, res) =>
      req.pathname === '/unenroll'
        ? sendJson(res, 400, { validations: ['At least one enrollment id is required'], code: 'Validation', message: 'Invalid request', term: null })
        : sendJson(res, 422, { validations: [{ propertyName: 'courseId', message: 'Course is not active' }] }),
    );
    client = testClient(server);
    const first = await providerErrorOf(client.request({ method: 'POST', endpoint: '/unenroll', json: [], schema: ok }));
    expect(first.code).toBe('BAD_USER_INPUT');
    expect(first.validations).toEqual(['At least one enrollment id is required', 'Invalid request']);
    expect(first.message).toBe('absorb POST /unenroll rejected the request (400): At least one enrollment id is required; Invalid request');
    const second = await providerErrorOf(client.request({ method: 'POST', endpoint: '/enroll', json: {}, schema: ok }));
    expect(second.validations).toEqual(['courseId: Course is not active']);
    expect(second.upstreamStatus).toBe(422);
  });

  it('does not follow a redirect (it could take the credentials to another host)', async () => {
    server = await startServer((req, res) => {
      if (req.pathname === '/moved') {
        res.writeHead(302, { location: '/elsewhere' });
        res.end();
      } else sendJson(res, 200, { ok: true });
    });
    client = testClient(server);
    const error = await providerErrorOf(client.request({ endpoint: '/moved', schema: ok }));
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(server.count()).toBe(1);
  });

  it('refuses a body larger than maxResponseBytes', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { ok: true, padding: 'x'.repeat(10_000) }));
    client = testClient(server, { maxResponseBytes: 1_000 });
    const error = await providerErrorOf(client.request({ endpoint: '/users', schema: ok }));
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(error.message).toBe('absorb GET /users answered a body larger than 1000 bytes');
  });

  it('fails calls made after close()', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { ok: true }));
    client = testClient(server);
    await client.request({ endpoint: '/users', schema: ok });
    client.close();
    const error = await providerErrorOf(client.request({ endpoint: '/users', schema: ok }));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
  });
});

describe('createHttpClient: observers', () => {
  it('report every attempt with the endpoint template only', async () => {
    server = await startServer((_req, res) => (server?.count() === 1 ? sendJson(res, 502, {}) : sendJson(res, 200, { ok: true })));
    const starts: RequestStartEvent[] = [];
    const ends: RequestEndEvent[] = [];
    client = testClient(server, { onRequest: (event) => starts.push(event), onResponse: (event) => ends.push(event) });
    await client.request({
      endpoint: '/users/:userId/enrollments/:courseId',
      params: { userId: 'secret-user-42', courseId: 'course-9' },
      searchParams: { _filter: "username eq 'jdoe'" },
      schema: ok,
    });
    expect(starts.map((e) => e.attempt)).toEqual([1, 2]);
    expect(ends.map((e) => [e.attempt, e.status, e.outcome])).toEqual([
      [1, 502, 'retry'],
      [2, 200, 'ok'],
    ]);
    for (const event of [...starts, ...ends]) {
      expect(event.endpoint).toBe('/users/:userId/enrollments/:courseId');
      expect(event.provider).toBe('absorb');
      expect(event.method).toBe('GET');
    }
    const serialized = JSON.stringify([starts, ends]);
    expect(serialized).not.toMatch(/secret-user-42|course-9|jdoe|127\.0\.0\.1/);
    expect(ends.every((e) => typeof e.durationMs === 'number' && e.durationMs >= 0)).toBe(true);
  });

  it('report the final failure with its code', async () => {
    server = await startServer((_req, res) => sendJson(res, 404, {}));
    const ends: RequestEndEvent[] = [];
    client = testClient(server, { onResponse: (event) => ends.push(event) });
    await rejectionOf(client.request({ endpoint: '/courses/:courseId', params: { courseId: 'c' }, schema: ok }));
    expect(ends).toEqual([expect.objectContaining({ outcome: 'error', status: 404, errorCode: 'NOT_FOUND', endpoint: '/courses/:courseId' })]);
  });
});

describe('createHttpClient: logging', () => {
  it('logs retries and failures through the project\'s pino logger, by template only', async () => {
    server = await startServer((_req, res) => sendJson(res, 503, {}));
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger('debug', destination);
    client = testClient(server, { retries: 1, logger, headers: { 'x-api-key': 'api-key-never-logged' } });
    await rejectionOf(client.request({ endpoint: '/users/:userId', params: { userId: 'person-77' }, schema: ok }));
    const output = lines.join('');
    expect(output).toContain('retrying upstream call');
    expect(output).toContain('upstream call failed');
    expect(output).toContain('/users/:userId');
    expect(output).not.toMatch(/person-77|api-key-never-logged|127\.0\.0\.1/);
  });

  it('takes its timeouts, retries and socket limit from the configuration', () => {
    expect(upstreamHttpOptions(loadConfig({}).upstream)).toEqual({ timeouts: { connectMs: 2_000, responseMs: 5_000, requestMs: 8_000 }, retries: 2, maxSockets: 200 });
  });
});
