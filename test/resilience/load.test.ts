/**
 * Bounded fault load: 2,000 valid dashboard queries, 50 at a time, against one server (production
 * wiring: cache with Redis, breakers, deadline) whose three upstreams answer 10% of requests with
 * a 503 and leave 5% hanging. Pinned:
 * - the server never crashes (no uncaught exception or unhandled rejection; /healthz answers after);
 * - no valid query gets a 5xx (every HTTP status is 200);
 * - every answer is complete, or partial with errors that all carry a contract code;
 * - memory is stable: the heap after the second half of the load is not above the first half's
 *   by more than a bound that leaves room for the bounded caches (no growth per request).
 * A summary (counts, error mix, heap) is written to test/artifacts/load-summary.json.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { RunningSimulators } from '../../src/simulators/index.js';
import type { Replica } from './helpers.js';

/**
 * The server under load runs as deployed, with NODE_ENV=production. graphql-js reads NODE_ENV
 * once, when it is loaded, and outside production it checks every `instanceof` of the execution
 * for duplicate graphql copies: that was a third of a query's CPU here. So NODE_ENV is set before
 * anything loads graphql: the project's modules are imported dynamically in beforeAll (jest loads
 * a CommonJS dependency of a static import before this file's body runs). It is restored after.
 */
const previousNodeEnv = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
let helpers: typeof import('./helpers.js');

// About 8-25 s on an idle 2-core machine, by its speed; the bound leaves room for a machine shared with other test runs.
jest.setTimeout(90_000);

const TOTAL = 2_000;
/** Employees in the dataset; queries cycle over all of them. */
const POOL = 120;
const CONCURRENCY = 50;
const CODES = new Set(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'UPSTREAM_AUTH', 'UPSTREAM_BAD_RESPONSE', 'NOT_FOUND', 'BAD_USER_INPUT']);

// A full collection before each heap reading, so the readings compare live memory, not garbage.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

interface Tally {
  requests: number;
  httpStatus: Record<string, number>;
  complete: number;
  partial: number;
  /** Errors in answers, by extensions.code (uncoded ones under "uncoded"). */
  errorCodes: Record<string, number>;
  bad: string[];
  /** Error messages with ids and numbers blanked, for the summary. */
  messages: Record<string, number>;
}

let queries: Record<string, string>;
let simulators: RunningSimulators;
let replica: Replica;
let prefix: string;
const crashes: unknown[] = [];
const onCrash = (error: unknown): void => {
  crashes.push(error);
};

beforeAll(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  helpers = await import('./helpers.js');
  const { startSimulators } = await import('../../src/simulators/index.js');
  queries = (await import('../helpers/contract.js')).contractQueries();
  prefix = helpers.runPrefix('load');
  simulators = await startSimulators({ employees: POOL });
  replica = await helpers.startReplica(simulators, {
    REDIS_URL: helpers.REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    NODE_ENV: 'production',
    UPSTREAM_RETRIES: '1',
    // Absorb's client holds one of `maxSockets` slots per call, cache hits and waits included
    // (src/providers/absorb/transport.ts): room for 50 concurrent queries and their hanging calls.
    UPSTREAM_MAX_SOCKETS: '256',
    UPSTREAM_RESPONSE_TIMEOUT_MS: '300',
    UPSTREAM_REQUEST_TIMEOUT_MS: '600',
    REQUEST_DEADLINE_MS: '2500',
    // Short TTL and a small LRU: entries expire and get evicted during the run, so faults keep being met.
    CACHE_TTL_SECONDS: '8',
    CACHE_MAX_BYTES: String(4 * 1024 * 1024),
  });
});

afterAll(async () => {
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  await replica.close();
  await simulators.close();
  await helpers.deleteKeys(prefix);
  if (previousNodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = previousNodeEnv;
});

/** 80% LearnerDashboard, 20% TeamDashboard of 5, over every employee of the dataset. */
function pickQuery(index: number): { query: string; variables: Record<string, unknown> } {
  const employeeID = (n: number) => `EMP${String((n % POOL) + 1).padStart(5, '0')}`;
  const learner = queries.LearnerDashboard;
  const team = queries.TeamDashboard;
  if (learner === undefined || team === undefined) throw new Error('dashboard queries missing from the fixtures');
  if (index % 5 !== 0) return { query: learner, variables: { employeeID: employeeID(index * 7) } };
  const start = (index * 13) % (POOL - 5);
  return { query: team, variables: { employeeIDs: Array.from({ length: 5 }, (_, i) => employeeID(start + i)) } };
}

async function run(from: number, to: number, tally: Tally): Promise<void> {
  let next = from;
  const worker = async (): Promise<void> => {
    while (next < to) {
      const index = next++;
      const { query, variables } = pickQuery(index);
      const { status, body } = await replica.post(query, variables);
      tally.requests += 1;
      tally.httpStatus[status] = (tally.httpStatus[status] ?? 0) + 1;
      const errors = body.errors ?? [];
      if (errors.length === 0) tally.complete += 1;
      else tally.partial += 1;
      for (const error of errors) {
        const code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'uncoded';
        tally.errorCodes[code] = (tally.errorCodes[code] ?? 0) + 1;
        const shape = `${code} ${error.message.replace(/[0-9a-f-]{36}|EMP\d+|\d+/g, '#').slice(0, 110)}`;
        tally.messages[shape] = (tally.messages[shape] ?? 0) + 1;
        if (!CODES.has(code) && tally.bad.length < 5) tally.bad.push(`${code}: ${error.message}`);
      }
      if (errors.length > 0 && (body.data === null || body.data === undefined) && tally.bad.length < 5) tally.bad.push(`no data: ${errors[0]?.message}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

describe('2,000 queries, concurrency 50, upstreams failing 10% (503) and hanging 5%', () => {
  it('no crash, no 5xx, every answer complete or partial with coded errors, stable memory', async () => {
    const tally: Tally = { requests: 0, httpStatus: {}, complete: 0, partial: 0, errorCodes: {}, bad: [], messages: {} };
    // Warm-up without faults: code paths compiled, pools and caches filled, so heap readings compare steady states.
    await run(0, 200, { requests: 0, httpStatus: {}, complete: 0, partial: 0, errorCodes: {}, bad: [], messages: {} });
    for (const provider of ['ruangkerja', 'absorb', 'selfcommunity'] as const) {
      simulators.controls.addFault({ provider, kind: 'error', status: 503, rate: 0.1 });
      // Applied to the 90% the 503 rule left: 0.05 / 0.9 of those, so 5% of all requests hang.
      simulators.controls.addFault({ provider, kind: 'hang', rate: 0.05 / 0.9 });
    }
    // The faulted run starts cold: on a fast machine it can take less than the cache's TTL, and
    // answers the warm-up left in the cache would keep it from meeting any fault at all.
    const cache = replica.application.upstreamSupport.cache;
    for (const provider of ['ruangkerja', 'absorb', 'selfcommunity'] as const) await cache?.invalidate(provider, '/');
    simulators.controls.log.clear();
    const heapBefore = heapMb();
    const started = Date.now();
    await run(0, TOTAL / 2, tally);
    const heapMiddle = heapMb();
    await run(TOTAL / 2, TOTAL, tally);
    const heapAfter = heapMb();
    const seconds = (Date.now() - started) / 1000;

    const upstream = simulators.controls.log.entries;
    const upstreamMix = {
      requests: upstream.length,
      status503: upstream.filter((e) => e.status === 503).length,
      hung: upstream.filter((e) => e.status === 0).length,
    };
    const summary = {
      requests: tally.requests,
      concurrency: CONCURRENCY,
      seconds,
      httpStatus: tally.httpStatus,
      complete: tally.complete,
      partial: tally.partial,
      errorCodes: tally.errorCodes,
      topErrors: Object.fromEntries(Object.entries(tally.messages).sort(([, a], [, b]) => b - a).slice(0, 8)),
      upstream: { ...upstreamMix, share503: +(upstreamMix.status503 / upstreamMix.requests).toFixed(3), shareHung: +(upstreamMix.hung / upstreamMix.requests).toFixed(3) },
      heapMb: { before: +heapBefore.toFixed(1), middle: +heapMiddle.toFixed(1), after: +heapAfter.toFixed(1) },
      cache: replica.application.upstreamSupport.status().cache,
      breakers: replica.application.upstreamSupport.status().breakers,
    };
    mkdirSync(new URL('../artifacts/', import.meta.url), { recursive: true });
    writeFileSync(new URL('../artifacts/load-summary.json', import.meta.url), `${JSON.stringify(summary, null, 2)}\n`);

    expect(crashes).toEqual([]);
    expect(tally.requests).toBe(TOTAL);
    expect(tally.httpStatus).toEqual({ 200: TOTAL });
    expect(tally.bad).toEqual([]);
    expect(tally.complete + tally.partial).toBe(TOTAL);
    // The faults were really met: upstream requests failed and hung at about the rates asked.
    expect(upstreamMix.status503).toBeGreaterThan(0);
    expect(upstreamMix.hung).toBeGreaterThan(0);
    // Bounded: the LRU holds at most 4 MiB; anything growing per request would show as tens of MB here.
    expect(heapAfter - heapMiddle).toBeLessThan(15);
    expect(heapAfter - heapBefore).toBeLessThan(25);
    expect((await fetch(replica.server.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
  });
});
