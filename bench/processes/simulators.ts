/**
 * Child process: the three upstream simulators, with the benchmark's dataset and latency, in a
 * process of their own so their work is not charged to the server under test. Answers:
 * - `log` `{ clear? }`: requests per `provider METHOD endpoint` since the last clear, and the total;
 * - `latency` `{ fixedMs, jitterMs }`: changes the simulated latency.
 */
import { startSimulators } from '../../src/simulators/index.js';
import { exitWithParent, serveRequests } from './ipc.js';

export interface SimulatorOptions {
  seed: number;
  employees: number;
  fixedMs: number;
  jitterMs: number;
}

export interface SimulatorsReady {
  type: 'ready';
  env: Record<string, string>;
  urls: Record<string, string>;
  [key: string]: unknown;
}

export interface LogAnswer {
  type: 'log';
  summary: Record<string, number>;
  total: number;
  [key: string]: unknown;
}

const options = JSON.parse(process.env.BENCH_SIMULATORS ?? '{}') as SimulatorOptions;

try {
  const simulators = await startSimulators({
    seed: options.seed,
    employees: options.employees,
    latency: { fixedMs: options.fixedMs, jitterMs: options.jitterMs },
    host: '127.0.0.1',
  });
  const { log } = simulators.controls;
  serveRequests((message) => {
    switch (message.type) {
      case 'log': {
        const answer = {
          summary: log.summary(),
          total: log.entries.length,
          /** CPU the simulators' process has used so far (microseconds), to tell their share of a wait from the server's. */
          cpuUs: (({ user, system }) => user + system)(process.cpuUsage()),
          minorPageFaults: process.resourceUsage().minorPageFault,
          // For a timeline (bench/profile.ts --timeline): when each request came and was answered.
          ...(message.entries === true ? { entries: log.entries.map(({ provider, endpoint, at, answeredAt, dueAt }) => ({ provider, endpoint, at, answeredAt, dueAt })) } : {}),
        };
        if (message.clear === true) log.clear();
        return answer;
      }
      case 'latency':
        simulators.controls.setLatency(Number(message.fixedMs), Number(message.jitterMs));
        return {};
      default:
        throw new Error(`unknown request ${message.type}`);
    }
  });
  exitWithParent(() => simulators.close());
  process.send?.({ type: 'ready', env: simulators.env, urls: simulators.urls });
} catch (error) {
  process.send?.({ type: 'failed', error: error instanceof Error ? error.stack : String(error) });
  process.exit(1);
}
