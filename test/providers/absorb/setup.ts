/**
 * Shared by the Absorb client tests: the simulators over real HTTP, a client configured from their
 * environment, and readers of the simulator's request log.
 */
import type { AbsorbConfig, UpstreamHttpConfig } from '../../../src/config.js';
import { createAbsorbClient, type AbsorbClient, type AbsorbClientOptions } from '../../../src/providers/absorb/client.js';
import { startSimulators, type RunningSimulators } from '../../../src/simulators/index.js';

export const HTTP: UpstreamHttpConfig = {
  connectTimeoutMs: 1_000,
  responseTimeoutMs: 5_000,
  requestTimeoutMs: 5_000,
  retries: 2,
  maxSockets: 32,
};

export function startAbsorbSimulators(employees = 500): Promise<RunningSimulators> {
  return startSimulators({ seed: 42, employees });
}

export function absorbConfig(sims: RunningSimulators, overrides: Partial<AbsorbConfig> = {}): AbsorbConfig {
  const env = sims.env;
  return {
    baseUrl: sims.urls.absorb,
    apiKey: env.ABSORB_API_KEY ?? '',
    username: env.ABSORB_USERNAME ?? '',
    password: env.ABSORB_PASSWORD ?? '',
    privateKey: env.ABSORB_PRIVATE_KEY ?? '',
    userMatchField: 'employeeNumber',
    ...overrides,
  };
}

export function newClient(sims: RunningSimulators, options: AbsorbClientOptions = {}, http: Partial<UpstreamHttpConfig> = {}, config: Partial<AbsorbConfig> = {}): AbsorbClient {
  return createAbsorbClient(absorbConfig(sims, config), { ...HTTP, ...http }, options);
}

/** Requests the simulator received for an endpoint template (all methods unless given). */
export function count(sims: RunningSimulators, endpoint: string, method = 'GET'): number {
  return sims.controls.log.count({ provider: 'absorb', endpoint, method });
}

export function logins(sims: RunningSimulators): number {
  return count(sims, '/authenticate', 'POST');
}

/** The full URLs the simulator received for an endpoint (base included, as the client sent them). */
export function urls(sims: RunningSimulators, endpoint: string): string[] {
  return sims.controls.log.matching({ provider: 'absorb', endpoint }).map((entry) => sims.urls.absorb + entry.url);
}

export const UNKNOWN_GUID = '11111111-2222-4333-8444-555555555555';
