/**
 * `npm run bench:overhead -- [--rounds 5] [--seconds 4]`: the benchmark's overhead phase alone
 * (`{ __typename }` at concurrency 50 against a bare Apollo Server on the same stack and a fresh
 * process of this server, warmed alike, in alternating rounds; the median of each), in about a
 * minute. It is how a low ratio in a full run is checked against the machine: run it a few times,
 * and on another commit beside it. docs/performance.md quotes what it gave.
 */
import { median } from './load.js';
import { overheadRounds } from './overhead-rounds.js';
import { forkChild, type Child } from './processes/ipc.js';
import { serverEnv } from './processes/server-env.js';
import type { ServerReady } from './processes/server.js';
import type { SimulatorOptions, SimulatorsReady } from './processes/simulators.js';

const CONNECTIONS = 50;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} takes a positive integer`);
  return value;
}

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
    const results = await overheadRounds(['server', 'bare'] as const, { server: graph.ready.url, bare: bare.ready.url }, {
      warm: ['server', 'bare'],
      rounds,
      secondsPerRound: seconds,
      connections: CONNECTIONS,
    });
    const server = results.map((round) => round.server.requestsPerSecond);
    const bareServer = results.map((round) => round.bare.requestsPerSecond);
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
