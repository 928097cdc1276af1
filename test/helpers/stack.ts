/**
 * The whole product for integration tests: the three simulators and the server, talking real
 * HTTP to each other exactly as in demo mode, with the simulators' controls exposed.
 */
import { loadConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createProviders } from '../../src/providers/index.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { startSimulators, type RunningSimulators, type StartSimulatorsOptions } from '../../src/simulators/index.js';
import { postGraphQL, type GraphQLResponse } from './server.js';

export interface Stack {
  server: RunningServer;
  simulators: RunningSimulators;
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Requests per `provider METHOD endpoint` since the last reset. */
  requests(): Record<string, number>;
  resetLog(): void;
  close(): Promise<void>;
}

export async function startStack(options: StartSimulatorsOptions & { env?: Record<string, string>; logger?: Logger } = {}): Promise<Stack> {
  const simulators = await startSimulators({ employees: 500, ...options });
  // Upstream URLs are set, so this is not demo mode and auth would be required: tests opt in via env.
  const config = loadConfig({ ...simulators.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', NODE_ENV: 'test', AUTH_REQUIRED: 'false', ...options.env });
  const logger = options.logger ?? createLogger(config.logLevel);
  const { providers, close: closeProviders } = createProviders(config, logger);
  const server = await startServer({
    config,
    logger,
    providers,
    app: { name: 'course-activity-graph', version: 'test', demoMode: false, configuredProviders: new Set(['ruangkerja', 'absorb', 'selfcommunity']) },
    readiness: [],
    closeables: [closeProviders],
  });
  return {
    server,
    simulators,
    query: async <T,>(query: string, variables: Record<string, unknown> = {}) => (await postGraphQL<T>(server.url, query, variables)).body,
    requests: () => simulators.controls.log.summary(),
    resetLog: () => simulators.controls.log.clear(),
    close: async () => {
      await server.stop();
      await simulators.close();
    },
  };
}
