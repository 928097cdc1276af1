/**
 * `npm run bench:overhead -- [--rounds 5] [--seconds 4]`: the benchmark's overhead phase alone
 * (`{ __typename }` at concurrency 50 against a bare Apollo Server on the same stack and a fresh
 * process of this server, warmed alike, in alternating rounds; the median of each), in about a
 * minute. It is how a low ratio in a full run is checked against the machine: run it a few times,
 * and on another commit beside it. docs/performance.md quotes what it gave.
 */
import { runLoad } from './load.js';
import { forkChild, type Child } from './processes/ipc.js';
import { serverEnv } from './processes/server-env.js';
import type { ServerReady } from './processes/server.js';
import type { SimulatorOptions, SimulatorsReady } from './processes/simulators.js';

const OVERHEAD_QUERY = JSON.stringify({ query: '{ __typename }' });
const CONNECTIONS = 50;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} takes a positive integer`);
  return value;
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const rounds = option('rounds', 5);
  const seconds = option('seconds', 4);
  // The server needs upstream URLs to start; `{ __typename }` never calls them.
  const simOptions: SimulatorOptions = { seed: 42, employees: 500, fixedMs: 50, jitterMs: 5 };
  const children: Child<ServerReady | SimulatorsReady>[] = [];
  try {
    const simulators = await forkChild<SimulatorsReady>('./simulators.ts', { env: { PATH: process.env.PATH, HOME: process.env.HOME, BENCH_SIMULATORS: JSON.stringify(simOptions) } });
    children.push(simulators);
    const bare = await forkChild<ServerReady>('./server.ts', { args: ['bare'], env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' }, nodeFlags: ['--expose-gc'] });
    children.push(bare);
    const graph = await forkChild<ServerReady>('./server.ts', { args: ['graph'], env: serverEnv(simulators.ready.env, { DATALOADER_BATCHING: 'true' }).env, nodeFlags: ['--expose-gc'] });
    children.push(graph);
    const load = async (url: string, durationSeconds: number) => (await runLoad({ url, body: OVERHEAD_QUERY, connections: CONNECTIONS, durationSeconds })).requestsPerSecond;
    for (const url of [graph.ready.url, bare.ready.url]) await load(url, 2);
    const server: number[] = [];
    const bareServer: number[] = [];
    for (let i = 0; i < rounds; i++) {
      server.push(await load(graph.ready.url, seconds));
      bareServer.push(await load(bare.ready.url, seconds));
    }
    const round = (values: number[]) => values.map((value) => Math.round(value).toLocaleString('en-US')).join(', ');
    process.stdout.write(`bare Apollo Server: ${Math.round(median(bareServer)).toLocaleString('en-US')} requests/s (rounds ${round(bareServer)})\n`);
    process.stdout.write(`this server:        ${Math.round(median(server)).toLocaleString('en-US')} requests/s (rounds ${round(server)})\n`);
    process.stdout.write(`ratio: ${(median(server) / median(bareServer)).toFixed(2)}\n`);
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
