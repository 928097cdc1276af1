import { readFileSync } from 'node:fs';
import { loadConfig, type Config } from './config.js';
import type { AppInfo } from './context.js';
import { tcpReachable, type ReadinessCheck } from './health.js';
import type { Logger } from './logger.js';
import type { Providers } from './providers/api.js';
import type { DatasetSamples } from './simulators/dataset/types.js';
import { createProviders } from './providers/index.js';
import { createIdempotencyStore, useIdempotencyStore } from './mutations/registry.js';
import { UpstreamSupport } from './resilience/upstream-support.js';

/** Everything the HTTP server needs besides config and logger, assembled once per process. */
export interface Application {
  app: AppInfo;
  providers: Providers;
  /** Demo mode: the simulators' well-known values, which GraphiQL's sample variables use. */
  samples: DatasetSamples | null;
  readiness: ReadinessCheck[];
  closeables: (() => Promise<void>)[];
  /** Cache, Redis, breakers: their state for operators and tests. */
  upstreamSupport: UpstreamSupport;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/**
 * In demo mode the embedded simulators are started first and the upstream configuration is read
 * from the environment they print, so the server talks to them over real HTTP exactly as it would
 * to the real APIs.
 */
async function upstreamConfig(config: Config, closeables: (() => Promise<void>)[]): Promise<{ upstreams: Config; samples: DatasetSamples | null }> {
  if (!config.demo) return { upstreams: config, samples: null };
  const { startSimulators } = await import('./simulators/index.js');
  const simulators = await startSimulators({
    seed: config.demo.seed,
    employees: config.demo.employees,
    latency: { fixedMs: config.demo.latencyMs, jitterMs: config.demo.jitterMs },
    host: '127.0.0.1',
  });
  closeables.push(() => simulators.close());
  const simulated = loadConfig(simulators.env);
  return {
    upstreams: { ...config, ruangkerja: simulated.ruangkerja, absorb: simulated.absorb, selfcommunity: simulated.selfcommunity },
    samples: simulators.dataset.samples,
  };
}

export async function assembleApplication(config: Config, logger: Logger): Promise<Application> {
  // Resources are released in reverse order of creation: upstream clients before the simulators.
  const lateCloseables: (() => Promise<void>)[] = [];
  const { upstreams, samples } = await upstreamConfig(config, lateCloseables);
  // Redis (when REDIS_URL is set) starts connecting in the background; see the wait below.
  const upstreamSupport = new UpstreamSupport(config, logger);
  const { providers, close: closeProviders } = createProviders(upstreams, logger, upstreamSupport);

  const readiness: ReadinessCheck[] = [];
  const configured = new Set<'ruangkerja' | 'absorb' | 'selfcommunity'>();
  for (const provider of ['ruangkerja', 'absorb', 'selfcommunity'] as const) {
    const providerConfig = upstreams[provider];
    if (providerConfig === null) continue;
    configured.add(provider);
    readiness.push(tcpReachable(provider, providerConfig.baseUrl));
  }
  // Redis and the circuit breakers: reported, degraded rather than failing (see upstream-support.ts).
  readiness.push(...upstreamSupport.readiness());

  const app: AppInfo = { name: 'course-activity-graph', version: packageVersion(), demoMode: config.demo !== null, configuredProviders: configured };
  // Mutations' idempotency keys live in Redis when there is one, so every replica sees a retry.
  useIdempotencyStore(app, createIdempotencyStore({ redis: upstreamSupport.redis, keyPrefix: config.cache.redisKeyPrefix, logger }));

  // Serve only once Redis's first connection attempt has an outcome (at most its connect timeout),
  // so the first queries share the Absorb token instead of each logging in; the server starts
  // without Redis if that attempt failed (RedisConnection.firstAttempt).
  await upstreamSupport.redis?.firstAttempt();

  return {
    app,
    providers,
    samples,
    readiness,
    closeables: [closeProviders, () => upstreamSupport.close(), ...lateCloseables.reverse()],
    upstreamSupport,
  };
}
