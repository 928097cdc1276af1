import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAbsorbSimulator, type AbsorbSimulatorOptions } from './absorb/index.js';
import { buildDataset } from './dataset/build.js';
import type { Dataset } from './dataset/types.js';
import { TurnQueue } from '../event-loop/turn-queue.js';
import { arrivingThrough, SimulatorControls, type LatencySettings, type ProviderName, type SimulatorRouter } from './harness.js';
import { createRuangkerjaSimulator, type RuangkerjaSimulatorOptions } from './ruangkerja/index.js';
import { createSelfCommunitySimulator } from './selfcommunity/index.js';

export { buildDataset } from './dataset/build.js';
export type { Dataset, DatasetOptions, DatasetSamples } from './dataset/types.js';
export { SimulatorControls } from './harness.js';
export type { FaultRule, FaultKind, LatencySettings, ProviderName, RequestLogEntry } from './harness.js';
export { createRuangkerjaSimulator } from './ruangkerja/index.js';
export type { RuangkerjaSimulatorOptions } from './ruangkerja/index.js';
export { createSelfCommunitySimulator } from './selfcommunity/index.js';
export { createAbsorbSimulator } from './absorb/index.js';
export type { AbsorbSimulatorOptions } from './absorb/index.js';

/** Demo defaults, the same as the server's DEMO_SEED / DEMO_EMPLOYEES defaults. */
export const DEFAULT_SEED = 42;
export const DEFAULT_EMPLOYEES = 500;

export interface StartSimulatorsOptions {
  /** A prebuilt dataset; otherwise one is built from `seed` and `employees`. */
  dataset?: Dataset;
  seed?: number;
  employees?: number;
  latency?: LatencySettings;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** 0 (the default) takes an ephemeral port. */
  ports?: Partial<Record<ProviderName, number>>;
  /** Ruangkerja settings; the object is kept, so mutating it later changes live behaviour. */
  ruangkerja?: RuangkerjaSimulatorOptions;
  /** Absorb settings (token lifetime, rate limit, clock), passed to createAbsorbSimulator. */
  absorb?: AbsorbSimulatorOptions;
}

export interface RunningSimulators {
  dataset: Dataset;
  controls: SimulatorControls;
  urls: Record<ProviderName, string>;
  /** The environment a server needs to use these simulators as its upstreams. */
  env: Record<string, string>;
  /** The live Ruangkerja settings (envelope shapes, user key), changeable while running. */
  ruangkerjaOptions: RuangkerjaSimulatorOptions;
  close(): Promise<void>;
}

interface Started {
  server: Server;
  router: SimulatorRouter;
  url: string;
}

function listen(router: SimulatorRouter, arrivals: TurnQueue, host: string, port: number): Promise<Started> {
  return new Promise((resolve, reject) => {
    const server = createServer(arrivingThrough(arrivals, router.app));
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      // A wildcard bind is reachable on loopback; URLs must name a host a client can dial.
      const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      resolve({ server, router, url: `http://${urlHost}:${address.port}` });
    });
  });
}

/** Stops promptly: hanging (fault-injected) answers are cut and keep-alive sockets closed. */
async function stop({ server, router }: Started): Promise<void> {
  router.releaseHanging();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

/**
 * Starts the three simulators on their own HTTP servers, sharing one dataset and one
 * SimulatorControls (request log, latency, faults).
 */
export async function startSimulators(options: StartSimulatorsOptions = {}): Promise<RunningSimulators> {
  const dataset = options.dataset ?? buildDataset({ seed: options.seed ?? DEFAULT_SEED, employees: options.employees ?? DEFAULT_EMPLOYEES });
  const controls = new SimulatorControls();
  if (options.latency) controls.setLatency(options.latency.fixedMs, options.latency.jitterMs);
  const host = options.host ?? '127.0.0.1';
  const ruangkerjaOptions = options.ruangkerja ?? {};

  const started: Started[] = [];
  try {
    const routers: [ProviderName, SimulatorRouter][] = [
      ['ruangkerja', createRuangkerjaSimulator(dataset, controls, ruangkerjaOptions)],
      ['absorb', createAbsorbSimulator(dataset, controls, options.absorb)],
      ['selfcommunity', createSelfCommunitySimulator(dataset, controls)],
    ];
    // One queue for the three: they share this process's event loop.
    const arrivals = new TurnQueue();
    for (const [provider, router] of routers) started.push(await listen(router, arrivals, host, options.ports?.[provider] ?? 0));
  } catch (error) {
    await Promise.all(started.map(stop));
    throw error;
  }
  const [ruangkerja, absorb, selfcommunity] = started as [Started, Started, Started];

  const rkClient = dataset.ruangkerja.clients[0];
  const absorbLogin = dataset.absorb.logins[0];
  const env: Record<string, string> = {
    RUANGKERJA_BASE_URL: ruangkerja.url,
    RUANGKERJA_CLIENT_ID: rkClient?.clientID ?? '',
    RUANGKERJA_CLIENT_SECRET: rkClient?.clientSecret ?? '',
    ABSORB_BASE_URL: absorb.url,
    ABSORB_API_KEY: dataset.absorb.apiKeys[0] ?? '',
    ABSORB_USERNAME: absorbLogin?.username ?? '',
    ABSORB_PASSWORD: absorbLogin?.password ?? '',
    ABSORB_PRIVATE_KEY: absorbLogin?.privateKey ?? '',
    SELFCOMMUNITY_BASE_URL: selfcommunity.url,
    SELFCOMMUNITY_TOKEN: dataset.selfcommunity.managerTokens[0] ?? '',
    SELFCOMMUNITY_COURSE_IDS: dataset.selfcommunity.courses.map((c) => c.id).join(','),
  };

  let closing: Promise<void> | null = null;
  return {
    dataset,
    controls,
    urls: { ruangkerja: ruangkerja.url, absorb: absorb.url, selfcommunity: selfcommunity.url },
    env,
    ruangkerjaOptions,
    close() {
      closing ??= Promise.all(started.map(stop)).then(() => undefined);
      return closing;
    },
  };
}
