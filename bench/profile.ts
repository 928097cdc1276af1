/**
 * `npm run bench:profile -- <case> [requests]`: where the server's CPU goes for one contract query
 * (or `overhead` for `{ __typename }` under load), in the benchmark's setup (simulators in a child
 * with 50 ± 5 ms latency, the server in another, cache off).
 *
 * After the logins and a warm-up, the server's CPU profiler (V8's, over the benchmark's IPC channel)
 * records while it answers the requests: one after another, as in the latency phase, or for
 * `overhead` 5 s at concurrency 50. This prints the profiled CPU time per request, the time by area
 * (a package, a src/ folder, Node's internals, GC) and the functions with the most self time. The
 * profile itself is written to bench/profiles/ for Chrome's DevTools.
 *
 * `--timeline` instead sends the query once and prints when each of its upstream calls reached the
 * simulators and was answered: the waves of dependent calls, and the gaps between them.
 * `--heap` samples allocations instead of CPU; `--plain` only times the requests, profiler off. BENCH_NODE_FLAGS adds node flags to the server,
 * BENCH_SERVER_ENV (JSON) settings to its environment, to try one before changing a default.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildDataset } from '../src/simulators/index.js';
import { benchCases, CASE_NAMES, type CaseName } from './cases.js';
import { postOnce, runLoad, summarize } from './load.js';
import { forkChild, type Child } from './processes/ipc.js';
import { serverEnv, settingsFromEnvironment } from './processes/server-env.js';
import type { MemoryAnswer, ServerReady } from './processes/server.js';
import type { LogAnswer, SimulatorOptions, SimulatorsReady } from './processes/simulators.js';

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const LOGIN_QUERY = '{ a: user(employeeID: "EMP00002") { name } b: batch(courseSerial: "NONE", batchSerial: "NONE") { id } }';
const profileDir = fileURLToPath(new URL('./profiles/', import.meta.url));

/** Where a frame's code lives, coarsely: the package, the src/ folder, or Node itself. */
export function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const inModules = url.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const [scopeOrName, name] = url.slice(inModules + 14).split('/');
    return scopeOrName?.startsWith('@') ? `${scopeOrName}/${name}` : (scopeOrName ?? url);
  }
  const inSource = url.match(/\/(src|bench)\/(.*)$/);
  if (inSource) {
    const parts = inSource[2]!.split('/');
    return `${inSource[1]}/${parts.length > 1 ? parts.slice(0, -1).join('/') : parts[0]}`;
  }
  return url;
}

/** Self time per node id, in microseconds. */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const times = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    times.set(id, (times.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  return times;
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

/** Amounts (CPU time or bytes) added up by area and by function, and their top rows. */
class Tally {
  readonly areas = new Map<string, number>();
  readonly functions = new Map<string, number>();
  total = 0;

  add({ functionName, url, lineNumber }: CallFrame, amount: number): void {
    this.total += amount;
    const area = areaOf(url, functionName);
    this.areas.set(area, (this.areas.get(area) ?? 0) + amount);
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|src|bench)\//, '$1/')}:${lineNumber + 1}`;
    this.functions.set(key, (this.functions.get(key) ?? 0) + amount);
  }

  rows(map: Map<string, number>, top: number, show: (amount: number) => string): string {
    return [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, amount]) => `${show(amount)} ${((100 * amount) / this.total).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  }
}

export function summarizeProfile(profile: CpuProfile, requests: number, top = 30): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const tally = new Tally();
  for (const [id, us] of selfTimes(profile)) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName !== '(idle)' && frame.functionName !== '(program)') tally.add(frame, us);
  }
  const ms = (us: number) => `${(us / 1000).toFixed(1).padStart(9)} ms`;
  const busy = tally.total / 1000;
  return `busy ${busy.toFixed(0)} ms, ${(busy / Math.max(requests, 1)).toFixed(2)} ms per request\n\nby area:\n${tally.rows(tally.areas, top, ms)}\n\nby function (self time):\n${tally.rows(tally.functions, top, ms)}\n`;
}

interface HeapProfileNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapProfileNode[];
}
interface HeapProfile {
  head: HeapProfileNode;
}

/** Bytes allocated (sampled), by area and by allocating function. */
export function summarizeHeapProfile(profile: HeapProfile, requests: number, top = 30): string {
  const tally = new Tally();
  const visit = (node: HeapProfileNode) => {
    if (node.selfSize > 0) tally.add(node.callFrame, node.selfSize);
    for (const child of node.children) visit(child);
  };
  visit(profile.head);
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const show = (bytes: number) => `${mib(bytes).padStart(8)} MiB`;
  return `allocated ${mib(tally.total)} MiB, ${(tally.total / 1024 / Math.max(requests, 1)).toFixed(0)} KiB per request\n\nby area:\n${tally.rows(tally.areas, top, show)}\n\nby function:\n${tally.rows(tally.functions, top, show)}\n`;
}

interface TimelineEntry {
  provider: string;
  endpoint: string;
  at: number;
  answeredAt: number;
  dueAt: number;
}

/** How late the simulators sent answers, past the time their simulated latency made them due. */
export function lateness(entries: readonly TimelineEntry[]): string {
  const late = entries.filter((e) => e.dueAt > 0 && e.answeredAt > 0).map((e) => Math.max(0, e.answeredAt - e.dueAt));
  if (late.length === 0) return 'simulators: no simulated latency';
  const { p50, p95, max } = summarize(late);
  return `simulators sent answers after they were due by: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${max.toFixed(1)} ms (${late.length} answers)`;
}

/**
 * One request's upstream calls against time (ms from the moment it was sent): in each 10 ms slot,
 * how many calls reached the simulators and how many were answered. Waves of calls that depend on
 * an earlier answer show as separate groups; a wave spread over many slots is CPU, not latency.
 */
export function renderTimeline(name: string, sentAt: number, answeredAt: number, entries: TimelineEntry[]): string {
  const slot = 10;
  const slots = Math.ceil((answeredAt - sentAt) / slot) + 1;
  const arrived = new Array<number>(slots).fill(0);
  const answered = new Array<number>(slots).fill(0);
  for (const e of entries) {
    arrived[Math.min(slots - 1, Math.floor((e.at - sentAt) / slot))]! += 1;
    if (e.answeredAt > 0) answered[Math.min(slots - 1, Math.floor((e.answeredAt - sentAt) / slot))]! += 1;
  }
  const lines = [`${name}: answered after ${answeredAt - sentAt} ms, ${entries.length} upstream calls`, '    ms  arrived  answered'];
  for (let i = 0; i < slots; i++) {
    if (arrived[i] === 0 && answered[i] === 0) continue;
    lines.push(`${String(i * slot).padStart(6)}  ${String(arrived[i]).padStart(7)}  ${String(answered[i]).padStart(8)}  ${'#'.repeat(arrived[i]!)}`);
  }
  const byEndpoint = new Map<string, { first: number; last: number; lastAnswer: number; count: number }>();
  for (const e of entries) {
    const key = `${e.provider} ${e.endpoint}`;
    const seen = byEndpoint.get(key) ?? { first: Infinity, last: -Infinity, lastAnswer: -Infinity, count: 0 };
    byEndpoint.set(key, {
      first: Math.min(seen.first, e.at - sentAt),
      last: Math.max(seen.last, e.at - sentAt),
      lastAnswer: Math.max(seen.lastAnswer, e.answeredAt - sentAt),
      count: seen.count + 1,
    });
  }
  lines.push('', lateness(entries));
  lines.push('', 'by endpoint: arrived first–last ms, last answered ms');
  for (const [key, v] of [...byEndpoint].sort((a, b) => a[1].first - b[1].first)) lines.push(`  ${String(v.count).padStart(4)} × ${key}: ${v.first}–${v.last}, answered by ${v.lastAnswer}`);
  return `${lines.join('\n')}\n`;
}

/** CPU used so far by the server and the simulators' processes; `since` gives ms per request from an earlier reading. */
async function cpuOf(server: Child<ServerReady>, simulators: Child<SimulatorsReady>) {
  const memory = await server.request<MemoryAnswer>({ type: 'memory' });
  const log = await simulators.request<LogAnswer & { cpuUs: number; minorPageFaults: number }>({ type: 'log', clear: false });
  const reading = { serverUs: memory.cpuUser + memory.cpuSystem, simulatorsUs: log.cpuUs, serverFaults: memory.minorPageFaults, simulatorsFaults: log.minorPageFaults };
  const perRequest = (cpuUs: number, faults: number, requests: number) => `${(cpuUs / 1000 / requests).toFixed(1)} ms (${(faults / requests).toFixed(0)} page faults)`;
  return {
    ...reading,
    since: (before: typeof reading, requests: number) => ({
      server: perRequest(reading.serverUs - before.serverUs, reading.serverFaults - before.serverFaults, requests),
      simulators: perRequest(reading.simulatorsUs - before.simulatorsUs, reading.simulatorsFaults - before.simulatorsFaults, requests),
    }),
  };
}

async function main(): Promise<void> {
  const heap = process.argv.includes('--heap');
  const timeline = process.argv.includes('--timeline');
  const plain = process.argv.includes('--plain');
  const [which = 'TeamDashboard', countText = '50'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const count = Number(countText);
  if (which !== 'overhead' && !CASE_NAMES.includes(which as CaseName)) throw new Error(`unknown case ${which}: one of ${CASE_NAMES.join(', ')}, overhead`);
  mkdirSync(profileDir, { recursive: true });
  const file = `${profileDir}${which}-${new Date().toISOString().replace(/[:.]/g, '-')}.${heap ? 'heapprofile' : 'cpuprofile'}`;

  const simOptions: SimulatorOptions = { seed: 42, employees: 500, fixedMs: 50, jitterMs: 5 };
  const simulators = await forkChild<SimulatorsReady>('./simulators.ts', { env: { PATH: process.env.PATH, HOME: process.env.HOME, BENCH_SIMULATORS: JSON.stringify(simOptions) }, nodeFlags: (process.env.BENCH_SIMULATOR_FLAGS ?? '').split(' ').filter(Boolean) });
  const { env } = serverEnv(simulators.ready.env, settingsFromEnvironment());
  const server = await forkChild<ServerReady>('./server.ts', { args: ['graph'], env, nodeFlags: ['--expose-gc', ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)] });
  let requests = count;
  try {
    const url = server.ready.url;
    await postOnce(url, JSON.stringify({ query: LOGIN_QUERY }));
    const cases = benchCases(buildDataset({ seed: 42, employees: 500 }), simulators.ready.urls.absorb!);
    const chosen = cases.find((c) => c.name === which);
    for (let i = 0; i < 5; i++) for (const c of cases) await postOnce(url, c.body);
    if (timeline && chosen !== undefined) {
      const before = await simulators.request<LogAnswer & { cpuUs: number }>({ type: 'log', clear: true });
      const serverBefore = await server.request<MemoryAnswer>({ type: 'memory' });
      const sentAt = Date.now();
      await postOnce(url, chosen.body);
      const answeredAt = Date.now();
      const log = await simulators.request<LogAnswer & { entries: TimelineEntry[]; cpuUs: number }>({ type: 'log', clear: true, entries: true });
      const serverAfter = await server.request<MemoryAnswer>({ type: 'memory' });
      process.stdout.write(renderTimeline(which, sentAt, answeredAt, log.entries));
      const serverCpuMs = (serverAfter.cpuUser + serverAfter.cpuSystem - serverBefore.cpuUser - serverBefore.cpuSystem) / 1000;
      process.stdout.write(`\nCPU during the request: server ${serverCpuMs.toFixed(0)} ms, simulators ${((log.cpuUs - before.cpuUs) / 1000).toFixed(0)} ms\n`);
      return;
    }
    // BENCH_PRELOAD=<seconds>: every case at concurrency 50 first, as the benchmark's load phase does.
    const preloadSeconds = Number(process.env.BENCH_PRELOAD ?? 0);
    for (const c of preloadSeconds > 0 ? cases : []) await runLoad({ url, body: c.body, connections: 50, durationSeconds: preloadSeconds });
    if (preloadSeconds > 0) await new Promise((resolve) => setTimeout(resolve, 12_000)); // leftover work drains (10 s deadline)
    if (process.env.BENCH_PRELOAD_GC === '1') await server.request({ type: 'memory', gc: true });
    if (!plain) await server.request({ type: 'profile', action: 'start', heap });
    await simulators.request({ type: 'log', clear: true });
    const cpuBefore = await cpuOf(server, simulators);
    const started = performance.now();
    if (chosen === undefined) {
      const load = await runLoad({ url, body: JSON.stringify({ query: '{ __typename }' }), connections: 50, durationSeconds: 5 });
      requests = load.requests;
      process.stdout.write(`overhead: ${load.requests} requests, ${load.requestsPerSecond.toFixed(0)} req/s\n`);
    } else {
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        const answer = await postOnce(url, chosen.body);
        if (answer.json.errors !== undefined) throw new Error(`${which} answered with errors: ${JSON.stringify(answer.json.errors).slice(0, 300)}`);
        times.push(answer.ms);
      }
      const cpu = (await cpuOf(server, simulators)).since(cpuBefore, count);
      times.sort((a, b) => a - b);
      const p50 = times[Math.floor(times.length / 2)]!;
      const bytes = JSON.stringify((await postOnce(url, chosen.body)).json).length;
      const { entries } = await simulators.request<LogAnswer & { entries: TimelineEntry[] }>({ type: 'log', entries: true });
      process.stdout.write(`${lateness(entries)}\n`);
      process.stdout.write(`${which}: ${count} requests, ${((performance.now() - started) / count).toFixed(1)} ms each on average, p50 ${p50.toFixed(0)} ms${plain ? '' : ' (profiler on)'}; answers of ${(bytes / 1024).toFixed(0)} KiB; CPU per request: server ${cpu.server}, simulators ${cpu.simulators}\n`);
    }
    if (plain) return;
    await server.request({ type: 'profile', action: 'stop', heap, file });
  } finally {
    await server.stop();
    await simulators.stop();
  }
  process.stdout.write(`profile: ${file.slice(file.indexOf('bench/'))}\n`);
  const taken: unknown = JSON.parse(readFileSync(file, 'utf8'));
  process.stdout.write(heap ? summarizeHeapProfile(taken as HeapProfile, requests) : summarizeProfile(taken as CpuProfile, requests));
}

await main();
