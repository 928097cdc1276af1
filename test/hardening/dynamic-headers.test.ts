/**
 * The request id upstream: the HTTP client bound to a GraphQL request (`forRequest`) sends the
 * request's id with every attempt (retries included), below the call's own headers; the client
 * itself, used outside any request, sends none.
 */
import { z } from 'zod';
import { sendJson, startServer, testClient, type TestServer } from '../providers/http/helpers.js';

describe('HttpClient.forRequest: the request id', () => {
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

  it('sends the request id with every attempt, and nothing outside a request', async () => {
    const client = testClient(server);
    failFirst = 1;
    await client.forRequest({ requestId: 'req-7' }).request({ endpoint: '/a', schema });
    await client.request({ endpoint: '/b', schema });
    expect(server.requests.map((r) => [r.pathname, r.headers['x-request-id']])).toEqual([
      ['/a', 'req-7'],
      ['/a', 'req-7'],
      ['/b', undefined],
    ]);
    client.close();
  });

  it('keeps the ids of concurrent requests apart', async () => {
    const client = testClient(server);
    const ids = ['req-1', 'req-2', 'req-3'];
    await Promise.all(ids.map((requestId) => client.forRequest({ requestId }).request({ endpoint: `/${requestId}`, schema })));
    expect(new Map(server.requests.map((r) => [r.pathname, r.headers['x-request-id']]))).toEqual(new Map(ids.map((id) => [`/${id}`, id])));
    client.close();
  });

  it("lets a call's own headers win", async () => {
    const client = testClient(server);
    await client.forRequest({ requestId: 'from-request' }).request({ endpoint: '/c', schema, headers: { 'X-Request-Id': 'from-call' } });
    expect(server.requests.map((r) => r.headers['x-request-id'])).toEqual(['from-call']);
    client.close();
  });
});
