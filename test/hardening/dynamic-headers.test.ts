/**
 * The HTTP client's `dynamicHeaders` hook, which carries the request id upstream: read for every
 * attempt (retries included), below the call's own headers, and harmless when it throws.
 */
import { z } from 'zod';
import { propagatedHeaders, runInRequestScope } from '../../src/observability/request-scope.js';
import { sendJson, startServer, testClient, type TestServer } from '../providers/http/helpers.js';

describe('HttpClientOptions.dynamicHeaders', () => {
  let server: TestServer;
  let failFirst = 0;
  beforeAll(async () => {
    server = await startServer((_request, response) => {
      if (failFirst > 0) {
        failFirst -= 1;
        sendJson(response, 503, { error: 'busy' });
        return;
      }
      sendJson(response, 200, { ok: true });
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  const schema = z.object({ ok: z.boolean() });

  it('sends the current request id with every attempt, and nothing outside a request', async () => {
    const client = testClient(server, { dynamicHeaders: propagatedHeaders });
    failFirst = 1;
    await runInRequestScope({ requestId: 'req-7' }, () => client.request({ endpoint: '/a', schema }));
    await client.request({ endpoint: '/b', schema });
    expect(server.requests.map((r) => [r.pathname, r.headers['x-request-id']])).toEqual([
      ['/a', 'req-7'],
      ['/a', 'req-7'],
      ['/b', undefined],
    ]);
    client.close();
  });

  it('lets a call\'s own headers win, and ignores a hook that throws', async () => {
    const client = testClient(server, { dynamicHeaders: () => ({ 'X-Request-Id': 'from-hook' }) });
    await client.request({ endpoint: '/c', schema, headers: { 'x-request-id': 'from-call' } });
    const broken = testClient(server, {
      dynamicHeaders: () => {
        throw new Error('broken hook');
      },
    });
    await expect(broken.request({ endpoint: '/d', schema })).resolves.toEqual({ ok: true });
    expect(server.requests.map((r) => r.headers['x-request-id'])).toEqual(['from-call', undefined]);
    client.close();
    broken.close();
  });
});
