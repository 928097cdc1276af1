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
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildDataset } from '../src/simulators/index.js';
import { benchCases, CASE_NAMES, type CaseName } from './cases.js';
import { postOnce, runLoad } from './load.js';
import { forkChild } from './processes/ipc.js';
import type { ServerReady } from './processes/server.js';
import type { SimulatorOptions, SimulatorsReady } from './processes/simulators.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
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

export function summarizeProfile(profile: CpuProfile, requests: number, top = 30): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = selfTimes(profile);
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    busy += us;
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|src|bench)\//, '$1/')}:${lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const rows = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  return `busy ${(busy / 1000).toFixed(0)} ms, ${(busy / 1000 / Math.max(requests, 1)).toFixed(2)} ms per request\n\nby area:\n${rows(areas)}\n\nby function (self time):\n${rows(functions)}\n`;
}

interface HeapProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapProfileNode[];
}
interface HeapProfile {
  head: HeapProfileNode;
}

/** Bytes allocated (sampled), by area and by allocating function. */
export function summarizeHeapProfile(profile: HeapProfile, requests: number, top = 30): string {
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  const visit = (node: HeapProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    if (node.selfSize > 0) {
      total += node.selfSize;
      const area = areaOf(url, functionName);
      areas.set(area, (areas.get(area) ?? 0) + node.selfSize);
      const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|src|bench)\//, '$1/')}:${lineNumber + 1}`;
      functions.set(key, (functions.get(key) ?? 0) + node.selfSize);
    }
    for (const child of node.children) visit(child);
  };
  visit(profile.head);
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const rows = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, bytes]) => `${mib(bytes).padStart(8)} MiB ${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  return `allocated ${mib(total)} MiB, ${(total / 1024 / Math.max(requests, 1)).toFixed(0)} KiB per request\n\nby area:\n${rows(areas)}\n\nby function:\n${rows(functions)}\n`;
}

async function main(): Promise<void> {
  const heap = process.argv.includes('--heap');
  const [which = 'TeamDashboard', countText = '50'] = process.argv.slice(2).filter((a) => a !== '--heap');
  const count = Number(countText);
  if (which !== 'overhead' && !CASE_NAMES.includes(which as CaseName)) throw new Error(`unknown case ${which}: one of ${CASE_NAMES.join(', ')}, overhead`);
  mkdirSync(profileDir, { recursive: true });
  const file = `${profileDir}${which}-${new Date().toISOString().replace(/[:.]/g, '-')}.${heap ? 'heapprofile' : 'cpuprofile'}`;

  const simOptions: SimulatorOptions = { seed: 42, employees: 500, fixedMs: 50, jitterMs: 5 };
  const simulators = await forkChild<SimulatorsReady>('./simulators.ts', { env: { PATH: process.env.PATH, HOME: process.env.HOME, BENCH_SIMULATORS: JSON.stringify(simOptions) } });
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...simulators.ready.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', AUTH_REQUIRED: 'false', CACHE_ENABLED: 'false', PORT: '0', HOST: '127.0.0.1' };
  const server = await forkChild<ServerReady>('./server.ts', { args: ['graph'], env, nodeFlags: ['--expose-gc', ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)] });
  let requests = count;
  try {
    const url = server.ready.url;
    await postOnce(url, JSON.stringify({ query: LOGIN_QUERY }));
    const cases = benchCases(buildDataset({ seed: 42, employees: 500 }), simulators.ready.urls.absorb!);
    const chosen = cases.find((c) => c.name === which);
    for (let i = 0; i < 5; i++) for (const c of cases) await postOnce(url, c.body);
    await server.request({ type: 'profile', action: 'start', heap });
    const started = performance.now();
    if (chosen === undefined) {
      const load = await runLoad({ url, body: JSON.stringify({ query: '{ __typename }' }), connections: 50, durationSeconds: 5 });
      requests = load.requests;
      process.stdout.write(`overhead: ${load.requests} requests, ${load.requestsPerSecond.toFixed(0)} req/s\n`);
    } else {
      for (let i = 0; i < count; i++) {
        const answer = await postOnce(url, chosen.body);
        if (answer.json.errors !== undefined) throw new Error(`${which} answered with errors: ${JSON.stringify(answer.json.errors).slice(0, 300)}`);
      }
      process.stdout.write(`${which}: ${count} requests, ${((performance.now() - started) / count).toFixed(1)} ms each on average\n`);
    }
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
