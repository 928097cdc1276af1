import got from 'got';
import type { RunningServer } from '../../src/server.js';
import { postGraphQL, startTestServer } from '../helpers/server.js';

describe('HTTP server', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer({
      readiness: [{ name: 'absorb', check: async () => ({ ok: false, detail: 'absorb unreachable (ECONNREFUSED)' }) }],
    });
  });
  afterAll(() => server.stop());

  it('answers { __typename } over POST /graphql', async () => {
    const { status, body } = await postGraphQL(server.url, '{ __typename }');
    expect(status).toBe(200);
    expect(body).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers GET /graphql queries that carry a preflight header', async () => {
    const response = await got(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    }).json();
    expect(response).toEqual({ data: { __typename: 'Query' } });
  });

  it('keeps CSRF prevention on: a simple GET without a preflight header is refused', async () => {
    const response = await got(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, { throwHttpErrors: false });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/CSRF/i);
  });

  it('reports liveness on /healthz', async () => {
    const response = await got(server.url.replace('/graphql', '/healthz')).json();
    expect(response).toEqual({ status: 'ok' });
  });

  it('reports an unreachable dependency on /readyz with 503 and says which', async () => {
    const response = await got(server.url.replace('/graphql', '/readyz'), { throwHttpErrors: false });
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body)).toEqual({
      status: 'not_ready',
      checks: { config: { ok: true }, absorb: { ok: false, detail: 'absorb unreachable (ECONNREFUSED)' } },
    });
  });

  it('answers a malformed query with a GraphQL syntax error and no stack trace', async () => {
    const { status, body } = await postGraphQL(server.url, '{ service { ');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|at .*\.js:\d+/);
  });

  it('answers a malformed JSON body with 400', async () => {
    const response = await got.post(server.url, { body: '{"query": ', headers: { 'content-type': 'application/json' }, throwHttpErrors: false });
    expect(response.statusCode).toBe(400);
  });
});

describe('readiness', () => {
  it('is ready when every check passes', async () => {
    const server = await startTestServer({ readiness: [{ name: 'redis', check: async () => ({ ok: true }) }] });
    try {
      const response = await got(server.url.replace('/graphql', '/readyz')).json();
      expect(response).toEqual({ status: 'ready', checks: { config: { ok: true }, redis: { ok: true } } });
    } finally {
      await server.stop();
    }
  });
});
