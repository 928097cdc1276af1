/**
 * The per-request deadline: a query against a hanging upstream answers within it, with coded
 * errors for what could not be fetched, and the upstream requests it made do not outlive it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { z } from 'zod';
import { ResponseCache } from '../../src/cache/response-cache.js';
import { TtlTable } from '../../src/cache/ttl.js';
import { ProviderError } from '../../src/providers/errors.js';
import type { HttpClient } from '../../src/providers/http/index.js';
import { createRequestDeadline } from '../../src/resilience/deadline.js';
import { startSimulators, type RunningSimulators } from '../../src/simulators/index.js';
import { rejectionOf, startServer, testClient, type TestServer } from '../providers/http/helpers.js';
import { LEARNER_QUERY, eventually, startReplica, type Replica } from './helpers.js';

jest.setTimeout(30_000);

describe('in the HTTP client', () => {
  let upstream: TestServer;
  let openRequests = 0;
  const clients: HttpClient[] = [];

  beforeAll(async () => {
    // Never answers; counts requests whose connection is still open.
    upstream = await startServer((_req, _res, raw) => {
      openRequests += 1;
      raw.socket.once('close', () => (openRequests -= 1));
    });
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(() => upstream.close());

  const slowClient = (withCache: boolean): HttpClient => {
    const cache = new ResponseCache({ ttl: new TtlTable({ defaultSeconds: 30, catalogueSeconds: 300, overrides: new Map() }), maxBytes: 1 << 20, keyPrefix: 'unused:' });
    // The client's own timeouts are far longer than the deadline: only the deadline can stop it.
    const client = testClient(upstream, {
      timeouts: { connectMs: 5_000, responseMs: 20_000, requestMs: 20_000 },
      ...(withCache ? { resilience: { cache, credentialScope: 's' } } : {}),
    });
    clients.push(client);
    return client;
  };

  it.each([
    ['without a cache', false],
    ['through the cache (a shared load)', true],
  ])('%s: a call made during a request ends at the request deadline with UPSTREAM_TIMEOUT, and its upstream request is cut', async (_name, withCache) => {
    const client = slowClient(withCache);
    const started = performance.now();
    const error = await rejectionOf(client.forRequest({ deadline: createRequestDeadline(300) }).request({ endpoint: '/slow', schema: z.unknown() }));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('UPSTREAM_TIMEOUT');
    expect((error as ProviderError).message).toMatch(/request's 300 ms deadline/);
    expect(await eventually(() => openRequests === 0, 2_000)).toBe(true);
  });

  it('a call started after the deadline passed is not sent at all', async () => {
    const client = slowClient(false);
    const deadline = createRequestDeadline(100);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const before = upstream.count();
    const error = await rejectionOf(client.forRequest({ deadline }).request({ endpoint: '/slow', schema: z.unknown() }));
    expect((error as ProviderError).code).toBe('UPSTREAM_TIMEOUT');
    expect(upstream.count()).toBe(before);
  });
});

describe('in the server: an upstream hangs', () => {
  let simulators: RunningSimulators;
  let replica: Replica;
  beforeAll(async () => {
    simulators = await startSimulators({ employees: 60 });
    replica = await startReplica(simulators, {
      REQUEST_DEADLINE_MS: '1000',
      // Per-attempt timeouts longer than the deadline: the deadline is what bounds the query.
      UPSTREAM_RESPONSE_TIMEOUT_MS: '20000',
      UPSTREAM_REQUEST_TIMEOUT_MS: '20000',
      CACHE_ENABLED: 'false',
    });
  });
  afterEach(() => simulators.controls.reset());
  afterAll(async () => {
    await replica.close();
    await simulators.close();
  });

  type Answer = { user: { name: string | null; enrollments: { nodes: { provider: string }[] } } | null };
  const ask = async () => {
    const started = Date.now();
    const answer = await replica.post<Answer>(LEARNER_QUERY, { employeeID: simulators.dataset.samples.learnerEmployeeID });
    return { ...answer, elapsed: Date.now() - started };
  };

  it('Ruangkerja hangs: the query answers at its deadline with the other providers\' data and UPSTREAM_TIMEOUT for ruangkerja', async () => {
    simulators.controls.addFault({ provider: 'ruangkerja', kind: 'hang' });
    const answer = await ask();
    expect(answer.elapsed).toBeGreaterThanOrEqual(900);
    expect(answer.elapsed).toBeLessThan(2_500);
    expect(answer.status).toBe(200);
    expect(new Set(answer.body.data?.user?.enrollments.nodes.map((n) => n.provider))).toEqual(new Set(['ABSORB', 'SELFCOMMUNITY']));
    expect(answer.body.errors?.length).toBeGreaterThan(0);
    for (const error of answer.body.errors ?? []) {
      expect(error.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', provider: 'ruangkerja' });
      expect(error.message).toMatch(/request's 1000 ms deadline/);
    }
  });

  it('Absorb hangs (identity is resolved through it first): the whole answer still comes at the deadline, every error coded', async () => {
    simulators.controls.addFault({ provider: 'absorb', kind: 'hang' });
    const answer = await ask();
    expect(answer.elapsed).toBeGreaterThanOrEqual(900);
    expect(answer.elapsed).toBeLessThan(2_500);
    expect(answer.status).toBe(200);
    expect(answer.body.errors?.length).toBeGreaterThan(0);
    for (const error of answer.body.errors ?? []) expect(error.extensions?.code).toBe('UPSTREAM_TIMEOUT');
    expect(answer.body.errors?.some((e) => e.extensions?.provider === 'absorb')).toBe(true);
  });
});
