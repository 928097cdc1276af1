/**
 * `npm run bench`: the contract queries against this server, over the simulators with a fixed
 * upstream latency, in one bounded run (about six minutes on 2 cores). See docs/performance.md,
 * "Benchmark", for what each phase measures and why.
 *
 * Processes: this one generates load (autocannon) and reports; the simulators run in a child; the
 * server under test runs in another child (started with --expose-gc; GC and memory readings go
 * over IPC only); the bare Apollo Server for the overhead ratio in a third, idle while the others
 * are measured.
 *
 * Knobs for a quicker look (the committed figures use the defaults): BENCH_SAMPLES (100),
 * BENCH_LOAD_SECONDS (20), BENCH_OVERHEAD_SECONDS (4), BENCH_WRITE=false (print only).
 * `npm run bench -- --report bench/results/<date>.json` draws the chart and tables of a saved run again.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildDataset } from '../src/simulators/index.js';
import { benchCases, countDifferences, total, type BenchCase } from './cases.js';
import { renderChart } from './chart.js';
import { median, postOnce, runLoad, summarize, type LoadResult } from './load.js';
import type { RequestCounts } from './minimum.js';
import { OVERHEAD_QUERY, overheadRounds } from './overhead-rounds.js';
import { forkChild, type Child } from './processes/ipc.js';
import { serverEnv } from './processes/server-env.js';
import type { MemoryAnswer, ServerReady } from './processes/server.js';
import type { LogAnswer, SimulatorOptions, SimulatorsReady } from './processes/simulators.js';
import { evaluateTargets, resultsMarkdown, TARGETS, writeIntoDocument } from './report.js';
import type { BenchResults, CaseResult, OverheadResult } from './results.js';

const intFromEnv = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};

const SETUP = {
  seed: 42,
  employees: 500,
  latencyMs: 50,
  jitterMs: 5,
  // 100: the p50 of 40 carries a sampling error of a few ms, and the p99 of 40 is their maximum.
  samples: intFromEnv('BENCH_SAMPLES', 100),
  loadConnections: 50,
  loadSeconds: intFromEnv('BENCH_LOAD_SECONDS', 20),
  overheadSeconds: intFromEnv('BENCH_OVERHEAD_SECONDS', 4),
  overheadRounds: 5,
  warmups: 3,
  burstSeconds: 2,
  /**
   * Idle time before each heap reading: longer than the server's request deadline (10 s), whose
   * per-request timer (AbortSignal.timeout) outlives a fast answer until it fires. Read sooner,
   * the last seconds' timers show as a few MiB of "growth" that is gone 10 s later.
   */
  settleSeconds: 12,
};
const WRITE = process.env.BENCH_WRITE !== 'false';
/** Logs in to Ruangkerja and Absorb (SelfCommunity takes a static token), as the contract tests do. */
const LOGIN_QUERY = '{ a: user(employeeID: "EMP00002") { name } b: batch(courseSerial: "NONE", batchSerial: "NONE") { id } }';

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

async function startServer(mode: 'graph' | 'bare', env: NodeJS.ProcessEnv): Promise<Child<ServerReady>> {
  return forkChild<ServerReady>('./server.ts', { args: [mode], env, nodeFlags: ['--expose-gc'] });
}

async function upstreamLog(simulators: Child<SimulatorsReady>, clear = true): Promise<LogAnswer> {
  return simulators.request<LogAnswer>({ type: 'log', clear });
}

async function memory(server: Child<ServerReady>, gc: boolean, resetPeak = false): Promise<MemoryAnswer> {
  return server.request<MemoryAnswer>({ type: 'memory', gc, resetPeak });
}

/** One answer, which must be data without errors (the benchmark measures working queries only). */
async function checkedPost(url: string, c: { name: string; body: string }): Promise<number> {
  const answer = await postOnce(url, c.body);
  if (answer.status !== 200 || answer.json.errors !== undefined || answer.json.data === undefined) {
    throw new Error(`${c.name} answered ${answer.status}: ${JSON.stringify(answer.json).slice(0, 500)}`);
  }
  return answer.ms;
}

async function countRequests(url: string, simulators: Child<SimulatorsReady>, c: BenchCase): Promise<{ counts: RequestCounts; ms: number }> {
  await upstreamLog(simulators);
  const ms = await checkedPost(url, c);
  return { counts: (await upstreamLog(simulators)).summary, ms };
}

function perProvider(summary: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(summary)) {
    const provider = key.split(' ')[0]!;
    out[provider] = (out[provider] ?? 0) + n;
  }
  return out;
}

/** Waits until the server has stopped calling upstreams (work left over from a run), at most `maxMs`. */
async function waitForQuiet(simulators: Child<SimulatorsReady>, maxMs = 15_000): Promise<void> {
  const until = performance.now() + maxMs;
  await upstreamLog(simulators);
  while (performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    if ((await upstreamLog(simulators)).total === 0) return;
  }
  log(`the server was still calling upstreams ${maxMs / 1000} s after the run`);
}

/**
 * Waits until no circuit breaker of the server is open (its /readyz says "circuit" while one is),
 * sending the login query now and then as the probe a half-open breaker needs. A load run can
 * open one (see docs/performance.md); the next run must not start on a breaker that fails fast.
 */
async function waitForClosedBreakers(url: string, maxMs = 40_000): Promise<void> {
  const readyz = url.replace(/\/graphql$/, '/readyz');
  const until = performance.now() + maxMs;
  let reported = false;
  while (performance.now() < until) {
    const text = await (await fetch(readyz)).text();
    if (!text.includes('circuit')) return;
    if (!reported) log(`waiting for the server's circuit breakers to close: ${text.slice(0, 200)}`);
    reported = true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await postOnce(url, JSON.stringify({ query: LOGIN_QUERY })).catch(() => undefined);
  }
  throw new Error(`a circuit breaker of the server stayed open for ${maxMs / 1000} s`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes the run's JSON, chart and tables (unless BENCH_WRITE=false), prints the tables, sets the exit code. */
function publish(finished: BenchResults, writeJson = true): void {
  const { date, setup } = finished;
  const chart = renderChart(
    finished.cases.map((c) => ({
      name: c.name,
      lowerBoundMs: c.criticalPath.lowerBoundMs,
      p50Ms: c.sequential.latencyMs.p50,
      serverRequests: c.requests.serverTotal,
      minimumRequests: c.requests.minimumTotal,
      naiveRequests: c.requests.naiveTotal,
    })),
    { title: `npm run bench, ${finished.startedAt}: upstream ${setup.latencyMs} ± ${setup.jitterMs} ms, HTTP cache off`, latencyTarget: TARGETS.latencyRatio },
  );
  const chartFile = `bench/results/${date}.svg`;
  const markdown = resultsMarkdown(finished, `../${chartFile}`);
  if (WRITE) {
    mkdirSync(root('bench/results'), { recursive: true });
    if (writeJson) writeFileSync(root(`bench/results/${date}.json`), `${JSON.stringify(finished, null, 2)}\n`);
    writeFileSync(root(chartFile), chart);
    writeIntoDocument(root('docs/performance.md'), markdown);
    log(`wrote bench/results/${date}.json, ${chartFile} and the tables in docs/performance.md`);
  }
  process.stdout.write(`\n${markdown.replace(`![`, `Chart: ${chartFile}\n\n![`)}\n`);
  const missed = finished.targets.filter((t) => !t.met);
  process.stdout.write(missed.length === 0 ? '\nEvery target met.\n' : `\n${missed.length} target(s) missed: ${missed.map((t) => t.name).join('; ')}\n`);
  process.exitCode = missed.length === 0 ? 0 : 1;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const t0 = performance.now();
  const loadAtStart = os.loadavg()[0]!;
  if (loadAtStart > 1) log(`warning: the machine is busy (load average ${loadAtStart.toFixed(2)}); timings will be worse than on a quiet machine`);
  log(`setup: ${SETUP.employees} employees, upstream latency ${SETUP.latencyMs} ± ${SETUP.jitterMs} ms, ${SETUP.samples} samples at concurrency 1, ${SETUP.loadSeconds} s at concurrency ${SETUP.loadConnections} per query`);

  const simOptions: SimulatorOptions = { seed: SETUP.seed, employees: SETUP.employees, fixedMs: SETUP.latencyMs, jitterMs: SETUP.jitterMs };
  const simulators = await forkChild<SimulatorsReady>('./simulators.ts', {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, BENCH_SIMULATORS: JSON.stringify(simOptions) },
  });
  const children: Child<ServerReady | SimulatorsReady>[] = [simulators];
  try {
    // The same seed builds the same dataset here: the minimum and the critical paths are computed from it.
    const dataset = buildDataset({ seed: SETUP.seed, employees: SETUP.employees });
    const cases = benchCases(dataset, simulators.ready.urls.absorb!);
    const results = new Map<string, CaseResult>();
    for (const c of cases) {
      results.set(c.name, {
        name: c.name,
        label: c.label,
        requests: { server: {}, serverTotal: 0, naive: null, naiveTotal: null, minimum: c.minimum, minimumTotal: total(c.minimum), differences: [] },
        criticalPath: { ...c.criticalPath, lowerBoundMs: c.criticalPath.roundTrips * SETUP.latencyMs },
        sequential: { samples: 0, latencyMs: summarize([]), errors: 0, naiveSingleRunMs: null },
        load: null,
      });
    }

    // ---- This server: DataLoader on, cache off -------------------------------------------------
    const batched = serverEnv(simulators.ready.env, { DATALOADER_BATCHING: 'true' });
    const server = await startServer('graph', batched.env);
    children.push(server);
    const url = server.ready.url;
    log(`server under test at ${url}`);
    await checkedPost(url, { name: 'login', body: JSON.stringify({ query: LOGIN_QUERY }) });
    for (let i = 0; i < SETUP.warmups; i++) for (const c of cases) await checkedPost(url, c);

    for (const c of cases) {
      const { counts } = await countRequests(url, simulators, c);
      const r = results.get(c.name)!;
      r.requests.server = counts;
      r.requests.serverTotal = total(counts);
      r.requests.differences = countDifferences(counts, c.minimum);
      log(`requests ${c.name}: ${r.requests.serverTotal} (minimum ${r.requests.minimumTotal})${r.requests.differences.length ? ` DIFFERS: ${r.requests.differences.join('; ')}` : ''}`);
    }

    // A short burst at the load's concurrency per query, so connection pools, JIT and lazily built
    // structures exist before the baseline: what grows after it is what the run itself kept.
    for (const c of cases) await runLoad({ url, body: c.body, connections: SETUP.loadConnections, durationSeconds: SETUP.burstSeconds });
    await waitForQuiet(simulators);
    await waitForClosedBreakers(url);
    await upstreamLog(simulators);
    await sleep(SETUP.settleSeconds * 1000);
    const before = await memory(server, true, true);
    log(`heap after GC, warmed up: ${(before.heapUsed / 1024 ** 2).toFixed(1)} MiB`);

    for (const c of cases) {
      const run = await runLoad({ url, body: c.body, connections: 1, amount: SETUP.samples });
      const r = results.get(c.name)!;
      r.sequential = { samples: run.requests, latencyMs: run.latencyMs, errors: run.errors, naiveSingleRunMs: null };
      log(`concurrency 1 ${c.name}: p50 ${run.latencyMs.p50.toFixed(0)} ms (bound ${r.criticalPath.lowerBoundMs} ms), p95 ${run.latencyMs.p95.toFixed(0)}, p99 ${run.latencyMs.p99.toFixed(0)}${run.errors ? `, ${run.errors} errors: ${run.errorSample}` : ''}`);
    }
    await upstreamLog(simulators);

    for (const c of cases) {
      const cpuBefore = await memory(server, false);
      const run = await runLoad({ url, body: c.body, connections: SETUP.loadConnections, durationSeconds: SETUP.loadSeconds });
      const cpuAfter = await memory(server, false);
      const upstream = await upstreamLog(simulators, false);
      const cpuSeconds = (cpuAfter.cpuUser + cpuAfter.cpuSystem - cpuBefore.cpuUser - cpuBefore.cpuSystem) / 1e6;
      const providers = perProvider(upstream.summary);
      results.get(c.name)!.load = {
        connections: SETUP.loadConnections,
        seconds: SETUP.loadSeconds,
        requests: run.requests,
        requestsPerSecond: run.requestsPerSecond,
        latencyMs: run.latencyMs,
        errors: run.errors,
        errorSample: run.errorSample,
        upstreamRequestsPerSecond: upstream.total / run.elapsedSeconds,
        upstreamPerProvider: Object.fromEntries(Object.entries(providers).map(([p, n]) => [p, n / run.elapsedSeconds])),
        serverCpuCores: cpuSeconds / run.elapsedSeconds,
      };
      log(`concurrency ${SETUP.loadConnections} ${c.name}: ${run.requestsPerSecond.toFixed(1)} req/s, p50 ${run.latencyMs.p50.toFixed(0)} ms, p99 ${run.latencyMs.p99.toFixed(0)} ms, ${(upstream.total / run.elapsedSeconds).toFixed(0)} upstream req/s, ${run.errors} errors${run.errorSample ? ` (${run.errorSample})` : ''}`);
      // Work the server still has from this run (answers nobody waits for) must not slow the next one.
      await waitForQuiet(simulators);
      await waitForClosedBreakers(url);
      await upstreamLog(simulators);
    }

    // ---- Overhead: { __typename } here and on a bare Apollo Server ------------------------------
    // Both stacks are compared as fresh processes, started and warmed alike: after the load phase
    // the process under test runs the trivial query 5–25% slower (its heap and JIT have
    // seen a hundred seconds of every contract query), which is its state, not its stack's cost.
    // That process is measured in the same rounds too, and reported beside.
    const bare = await startServer('bare', { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' });
    children.push(bare);
    const fresh = await startServer('graph', batched.env);
    children.push(fresh);
    const rounds = await overheadRounds(['bare', 'server', 'loaded'] as const, { bare: bare.ready.url, server: fresh.ready.url, loaded: url }, {
      warm: ['server', 'bare', 'loaded'],
      rounds: SETUP.overheadRounds,
      secondsPerRound: SETUP.overheadSeconds,
      connections: SETUP.loadConnections,
      onRound: (i, { bare: b, server: s, loaded: l }) =>
        log(`overhead round ${i + 1}: bare ${b.requestsPerSecond.toFixed(0)} req/s, this server ${s.requestsPerSecond.toFixed(0)} req/s (after the load phase: ${l.requestsPerSecond.toFixed(0)})`),
    });
    await fresh.stop();
    const side = (pick: (r: (typeof rounds)[number]) => LoadResult) => {
      const runs = rounds.map(pick);
      const rps = runs.map((r) => r.requestsPerSecond);
      const middle = runs[rps.indexOf(median(rps))]!;
      return { requestsPerSecond: rps, median: median(rps), p50Ms: middle.latencyMs.p50, p99Ms: middle.latencyMs.p99 };
    };
    const overhead: OverheadResult = {
      query: OVERHEAD_QUERY,
      connections: SETUP.loadConnections,
      secondsPerRound: SETUP.overheadSeconds,
      rounds: SETUP.overheadRounds,
      bare: side((r) => r.bare),
      server: side((r) => r.server),
      ratio: 0,
    };
    overhead.ratio = overhead.server.median / overhead.bare.median;
    const loaded = side((r) => r.loaded);
    overhead.afterLoad = { ...loaded, ratio: loaded.median / overhead.bare.median };
    await bare.stop();

    await sleep(SETUP.settleSeconds * 1000);
    const after = await memory(server, true);
    log(`heap after GC, end of run: ${(after.heapUsed / 1024 ** 2).toFixed(1)} MiB (peak RSS ${(after.maxRss / 1024 ** 2).toFixed(0)} MiB)`);
    await server.stop();

    // ---- The naive build: DataLoader off, same schema ----------------------------------------
    const naive = await startServer('graph', serverEnv(simulators.ready.env, { DATALOADER_BATCHING: 'false' }).env);
    children.push(naive);
    await checkedPost(naive.ready.url, { name: 'login', body: JSON.stringify({ query: LOGIN_QUERY }) });
    for (const c of cases) {
      const { counts, ms } = await countRequests(naive.ready.url, simulators, c);
      const r = results.get(c.name)!;
      r.requests.naive = counts;
      r.requests.naiveTotal = total(counts);
      r.sequential.naiveSingleRunMs = ms;
      log(`naive ${c.name}: ${r.requests.naiveTotal} upstream requests, ${ms.toFixed(0)} ms`);
    }
    await naive.stop();

    // ---- Results ----------------------------------------------------------------------------
    const date = startedAt.toISOString().slice(0, 10);
    const partial: Omit<BenchResults, 'targets'> = {
      date,
      startedAt: startedAt.toISOString().replace(/\.\d+Z$/, 'Z'),
      durationSeconds: (performance.now() - t0) / 1000,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
        memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
        node: process.versions.node,
        platform: `${os.platform()} ${os.release()}`,
        loadAverage: { start: loadAtStart, end: os.loadavg()[0]! },
      },
      setup: {
        seed: SETUP.seed,
        employees: SETUP.employees,
        latencyMs: SETUP.latencyMs,
        jitterMs: SETUP.jitterMs,
        samples: SETUP.samples,
        loadConnections: SETUP.loadConnections,
        loadSeconds: SETUP.loadSeconds,
        serverEnv: batched.shown,
      },
      cases: cases.map((c) => results.get(c.name)!),
      overhead,
      memory: {
        peakRssBytes: after.maxRss,
        peakHeapUsedBytes: after.peakHeapUsed,
        heapAfterGcBeforeBytes: before.heapUsed,
        heapAfterGcAfterBytes: after.heapUsed,
        growth: (after.heapUsed - before.heapUsed) / before.heapUsed,
      },
    };
    const finished: BenchResults = { ...partial, targets: evaluateTargets(partial) };

    publish(finished);
  } finally {
    for (const child of children.reverse()) await child.stop().catch(() => undefined);
  }
}

/** `npm run bench -- --report bench/results/<date>.json`: the chart and tables again from a saved run, without measuring. */
const reportIndex = process.argv.indexOf('--report');
const run =
  reportIndex > 0
    ? async () => publish(JSON.parse(readFileSync(process.argv[reportIndex + 1] ?? '', 'utf8')) as BenchResults, false)
    : main;

run().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(2);
});
