/**
 * `npm run bench:capacity -- [case] [--heap-mb 96,128,192] [--concurrency 50] [--seconds 20]`:
 * how much heap a replica needs for the queries it has in flight, and what LIMIT_MAX_IN_FLIGHT
 * does when that heap is short.
 *
 * In the benchmark's setup (simulators in a child with 50 ± 5 ms latency, the server in another,
 * cache off), the server is started once per heap size with `--max-old-space-size=<MiB>` and loaded
 * with one contract query (TeamDashboard unless named) at the given concurrency. Per heap size this
 * prints the answers per second, the 503 refusals (SERVER_BUSY), other errors, the p99 of the
 * answers, the peak heap used, and whether the process was still alive at the end. Settings for the
 * server, such as `{"LIMIT_MAX_IN_FLIGHT":"20"}`, go in BENCH_SERVER_ENV (JSON). docs/operations.md
 * ("Capacity") quotes its figures.
 */
import { buildDataset } from '../src/simulators/index.js';
import { benchCases, CASE_NAMES, type CaseName } from './cases.js';
import { postOnce, runLoad } from './load.js';
import { forkChild } from './processes/ipc.js';
import { serverEnv, settingsFromEnvironment } from './processes/server-env.js';
import type { MemoryAnswer, ServerReady } from './processes/server.js';
import type { SimulatorOptions, SimulatorsReady } from './processes/simulators.js';

const MiB = 1024 * 1024;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1]! : fallback;
}

function positiveIntegers(name: string, text: string): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((value) => !Number.isInteger(value) || value <= 0)) throw new Error(`--${name} takes positive integers (got ${text})`);
  return values;
}

async function main(): Promise<void> {
  // Every option takes a value, so a positional argument is one that neither is nor follows an option.
  const positional = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && !(all[i - 1]?.startsWith('--') ?? false));
  const which = positional[0] ?? 'TeamDashboard';
  if (!CASE_NAMES.includes(which as CaseName)) throw new Error(`unknown case ${which}: one of ${CASE_NAMES.join(', ')}`);
  const heapSizes = positiveIntegers('heap-mb', option('heap-mb', '96,128,192'));
  const connections = positiveIntegers('concurrency', option('concurrency', '50'))[0]!;
  const seconds = positiveIntegers('seconds', option('seconds', '20'))[0]!;
  const serverSettings = settingsFromEnvironment();

  const simOptions: SimulatorOptions = { seed: 42, employees: 500, fixedMs: 50, jitterMs: 5 };
  const simulators = await forkChild<SimulatorsReady>('./simulators.ts', { env: { PATH: process.env.PATH, HOME: process.env.HOME, BENCH_SIMULATORS: JSON.stringify(simOptions) } });
  const chosen = benchCases(buildDataset({ seed: 42, employees: 500 }), simulators.ready.urls.absorb!).find((c) => c.name === which)!;
  const { env } = serverEnv(simulators.ready.env, serverSettings);
  process.stdout.write(`${which} at concurrency ${connections} for ${seconds} s per heap size; server settings ${JSON.stringify(serverSettings)}\n\n`);
  process.stdout.write('| --max-old-space-size | answers/s | refused (503) | other errors | p99 | peak heap used | process at the end |\n| --: | --: | --: | --: | --: | --: | --- |\n');
  try {
    for (const heapMb of heapSizes) {
      const server = await forkChild<ServerReady>('./server.ts', { args: ['graph'], env, nodeFlags: ['--expose-gc', `--max-old-space-size=${heapMb}`] });
      try {
        const url = server.ready.url;
        // Logins and a warm-up, one request at a time.
        for (let i = 0; i < 3; i++) await postOnce(url, chosen.body);
        await server.request({ type: 'memory', gc: true, resetPeak: true });
        const load = await runLoad({ url, body: chosen.body, connections, durationSeconds: seconds, timeoutSeconds: 15 });
        const alive = server.process.exitCode === null && server.process.signalCode === null;
        const peak = alive ? `${((await server.request<MemoryAnswer>({ type: 'memory' })).peakHeapUsed / MiB).toFixed(0)} MiB` : '–';
        const end = alive ? 'alive' : `exited (${server.process.signalCode ?? `code ${server.process.exitCode}`})`;
        process.stdout.write(
          `| ${heapMb} MiB | ${load.requestsPerSecond.toFixed(1)} | ${load.refusedBusy} | ${load.errors - load.refusedBusy} | ${Number.isNaN(load.latencyMs.p99) ? '–' : `${load.latencyMs.p99.toFixed(0)} ms`} | ${peak} | ${end} |\n`,
        );
      } finally {
        await server.stop();
      }
    }
  } finally {
    await simulators.stop();
  }
}

await main();
