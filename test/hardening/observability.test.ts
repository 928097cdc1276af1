/**
 * Observability over real HTTP: the request id (kept from x-request-id or generated) is echoed to
 * the client, written in the request's log line and sent to every upstream; /metrics exposes
 * operation timings, upstream requests, retries and refusals; no credential reaches a log line.
 */
import got from 'got';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';
import type { RunningServer } from '../../src/server.js';
import { contractQueries } from '../helpers/contract.js';
import { startTestServer, testConfig } from '../helpers/server.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { API_KEY, postJson } from './support.js';

/** A pass-through proxy in front of one simulator that records the headers each request carried. */
interface RecordingProxy {
  url: string;
  seen: IncomingHttpHeaders[];
  target: string;
  close(): Promise<void>;
}

async function startRecordingProxy(): Promise<RecordingProxy> {
  const proxy: RecordingProxy = { url: '', seen: [], target: '', close: async () => undefined };
  const server: Server = createServer((req, res) => {
    proxy.seen.push(req.headers);
    const upstream = httpRequest(new URL(req.url ?? '/', proxy.target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}

describe('request ids, logs and metrics', () => {
  let stack: Stack;
  let absorbProxy: RecordingProxy;
  const logLines: Record<string, unknown>[] = [];
  let learner: string;

  beforeAll(async () => {
    absorbProxy = await startRecordingProxy();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    stack = await startStack({ employees: 60, env: { ABSORB_BASE_URL: absorbProxy.url, API_KEYS: `dash:${API_KEY}` }, logger: createLogger('info', sink) });
    absorbProxy.target = stack.simulators.urls.absorb;
    learner = stack.simulators.dataset.samples.learnerEmployeeID;
  });
  afterAll(async () => {
    await stack.close();
    await absorbProxy.close();
  });

  const metrics = async (): Promise<string> => (await got(stack.server.url.replace('/graphql', '/metrics'))).body;
  const sample = (text: string, pattern: RegExp): number => Number(pattern.exec(text)?.[1] ?? 0);

  it('echoes a plain x-request-id, replaces an unsafe one, generates one when absent', async () => {
    const kept = await postJson(stack.server.url, { query: '{ service { name } }' }, { 'x-request-id': 'dash-42.a_b' });
    expect(kept.headers['x-request-id']).toBe('dash-42.a_b');
    const replaced = await postJson(stack.server.url, { query: '{ service { name } }' }, { 'x-request-id': 'evil\\nline injected' });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const generated = await postJson(stack.server.url, { query: '{ service { name } }' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends the request id to the upstream with every request the query makes', async () => {
    absorbProxy.seen.length = 0;
    const response = await postJson(stack.server.url, { query: contractQueries().LearnerDashboard, variables: { employeeID: learner } }, { 'x-request-id': 'trace-learner-1' });
    expect(response.json().errors).toBeUndefined();
    expect(absorbProxy.seen.length).toBeGreaterThan(0);
    expect(absorbProxy.seen.map((headers) => headers['x-request-id'])).toEqual(absorbProxy.seen.map(() => 'trace-learner-1'));
  });

  it('writes one JSON log line per request, with id, status, operation, and no credential', async () => {
    logLines.length = 0;
    await postJson(stack.server.url, { query: 'query Named { service { name } }' }, { 'x-request-id': 'log-line-1', 'x-api-key': API_KEY, authorization: `Bearer ${API_KEY}` });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const line = logLines.find((l) => l.requestId === 'log-line-1' && l.msg === 'request');
    expect(line).toMatchObject({ method: 'POST', path: '/graphql', status: 200, operation: 'Named', caller: 'apikey:dash' });
    expect(typeof line?.durationMs).toBe('number');
    expect(JSON.stringify(logLines)).not.toContain(API_KEY);
  });

  it('times operations by name and counts upstream requests by provider, endpoint and status', async () => {
    const before = await metrics();
    const pattern = /graphql_operation_duration_seconds_count\{operation="LearnerDashboard",outcome="ok"\} (\d+)/;
    await postJson(stack.server.url, { query: contractQueries().LearnerDashboard, variables: { employeeID: learner } });
    const after = await metrics();
    expect(sample(after, pattern)).toBe(sample(before, pattern) + 1);
    expect(after).toMatch(/upstream_requests_total\{provider="absorb",endpoint="GET \/[^"]+",status="200",outcome="ok"\} \d+/);
    expect(after).toMatch(/upstream_request_duration_seconds_bucket\{le="[^"]+",provider="ruangkerja",endpoint="GET [^"]+"\}/);
  });

  it('counts a retried upstream attempt', async () => {
    const pattern = /upstream_retries_total\{provider="absorb",endpoint="[^"]+",reason="status"\} (\d+)/g;
    const total = (text: string) => [...text.matchAll(pattern)].reduce((sum, match) => sum + Number(match[1]), 0);
    const before = total(await metrics());
    stack.simulators.controls.addFault({ provider: 'absorb', kind: 'error', status: 503, times: 1 });
    try {
      await postJson(stack.server.url, { query: 'query R($id: ID!) { user(employeeID: $id) { name } }', variables: { id: learner } });
    } finally {
      stack.simulators.controls.clearFaults();
    }
    expect(total(await metrics())).toBe(before + 1);
  });

  it('counts refusals by reason', async () => {
    const pattern = /graphql_requests_rejected_total\{reason="cost"\} (\d+)/;
    const before = sample(await metrics(), pattern);
    await postJson(stack.server.url, { query: '{ user(employeeID: "EMP00001") { enrollments(first: 1000000) { totalCount } } }' });
    expect(sample(await metrics(), pattern)).toBe(before + 1);
  });

  it('declares the cache, breaker and loader metrics their owners increment', async () => {
    const text = await metrics();
    for (const name of ['cache_lookups_total', 'circuit_breaker_state', 'circuit_breaker_transitions_total', 'dataloader_batch_size', 'auth_failures_total', 'process_cpu_seconds_total']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });
});

describe('METRICS_ENABLED=false', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ config: testConfig({ METRICS_ENABLED: 'false' }) });
  });
  afterAll(() => server.stop());

  it('serves no /metrics', async () => {
    const response = await got(server.url.replace('/graphql', '/metrics'), { throwHttpErrors: false });
    expect(response.statusCode).toBe(404);
  });
});
