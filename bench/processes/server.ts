/**
 * Child process: a server under test, started with --expose-gc.
 *
 * - `graph` (default): this project's server, assembled exactly as src/main.ts does (configuration
 *   from the environment, every plugin: limits, metrics, logging, auth middleware), with the
 *   upstream URLs of the simulators' child process.
 * - `bare`: the same HTTP stack (express 5, @as-integrations/express5, Apollo Server 5) with a
 *   schema of `type Query { ok: Boolean }` and no plugins: the reference for the overhead ratio.
 *
 * The benchmark reads memory and CPU, and forces a GC, over the IPC channel only (`memory`
 * `{ gc?, resetPeak? }`): no HTTP route for it exists, in this process or in production.
 */
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { assembleApplication } from '../../src/application.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer } from '../../src/server.js';
import { exitWithParent, serveRequests } from './ipc.js';

export interface ServerReady {
  type: 'ready';
  url: string;
  [key: string]: unknown;
}

export interface MemoryAnswer {
  type: 'memory';
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** Highest RSS and heap seen by the 50 ms sampler since the last reset. */
  peakRss: number;
  peakHeapUsed: number;
  /** The kernel's high-water mark of RSS over the process's life (bytes). */
  maxRss: number;
  /** Page faults served without I/O so far: first touches of fresh memory, which cost ~20 µs each on some VMs. */
  minorPageFaults: number;
  /** CPU time used by the process so far (microseconds). */
  cpuUser: number;
  cpuSystem: number;
  [key: string]: unknown;
}

const mode = process.argv[2] ?? 'graph';

async function startGraph(): Promise<{ url: string; stop: () => Promise<void> }> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const application = await assembleApplication(config, logger);
  const server = await startServer({ config, logger, ...application });
  return { url: server.url, stop: () => server.stop() };
}

async function startBare(): Promise<{ url: string; stop: () => Promise<void> }> {
  const apollo = new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } });
  await apollo.start();
  const app = express();
  app.use('/graphql', express.json(), expressMiddleware(apollo));
  const httpServer = createServer(app);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stop: async () => {
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await apollo.stop();
    },
  };
}

let peakRss = 0;
let peakHeapUsed = 0;
const sample = () => {
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeapUsed = Math.max(peakHeapUsed, usage.heapUsed);
};

async function memory(gc: boolean, resetPeak: boolean): Promise<Omit<MemoryAnswer, 'type'>> {
  if (gc) {
    const collect = (globalThis as { gc?: () => void }).gc;
    if (collect === undefined) throw new Error('start the server process with --expose-gc');
    // Twice, a turn apart: the first pass lets finalizers and weak callbacks run, the second frees what they released.
    collect();
    await nextTurn();
    collect();
  }
  sample();
  const usage = process.memoryUsage();
  const cpu = process.cpuUsage();
  const resources = process.resourceUsage();
  const answer = {
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    peakRss,
    peakHeapUsed,
    maxRss: resources.maxRSS * 1024,
    minorPageFaults: resources.minorPageFault,
    cpuUser: cpu.user,
    cpuSystem: cpu.system,
  };
  if (resetPeak) {
    peakRss = usage.rss;
    peakHeapUsed = usage.heapUsed;
  }
  return answer;
}

/** CPU profiling of a stretch of the run (bench/profile.ts): started and stopped over IPC. */
let profiler: Session | null = null;
async function profile(action: 'start' | 'stop', heap: boolean, file: string | undefined): Promise<Record<string, unknown>> {
  if (action === 'start') {
    profiler ??= new Session();
    profiler.connect();
    if (heap) {
      // Every 16 KiB allocated, garbage included: where what the collector spends its time on comes from.
      // (V8 knows the two include flags; @types/node 20 does not list them yet.)
      const sampling = { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
      await profiler.post('HeapProfiler.startSampling', sampling);
    } else {
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
      await profiler.post('Profiler.start');
    }
    return {};
  }
  if (profiler === null || file === undefined) throw new Error('profile stop needs a started profile and a file');
  const { profile: taken } = heap ? await profiler.post('HeapProfiler.stopSampling') : await profiler.post('Profiler.stop');
  profiler.disconnect();
  profiler = null;
  writeFileSync(file, JSON.stringify(taken));
  return { file };
}

try {
  const server = mode === 'bare' ? await startBare() : await startGraph();
  const sampler = setInterval(sample, 50);
  sampler.unref();
  serveRequests(async (message) => {
    if (message.type === 'memory') return memory(message.gc === true, message.resetPeak === true);
    if (message.type === 'profile') return profile(message.action === 'start' ? 'start' : 'stop', message.heap === true, typeof message.file === 'string' ? message.file : undefined);
    throw new Error(`unknown request ${message.type}`);
  });
  exitWithParent(async () => {
    clearInterval(sampler);
    await server.stop();
  });
  process.send?.({ type: 'ready', url: server.url });
} catch (error) {
  process.send?.({ type: 'failed', error: error instanceof Error ? error.stack : String(error) });
  process.exit(1);
}
