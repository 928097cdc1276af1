import got from 'got';
import { loadConfig, type Config, type Environment } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer, type ServerDependencies } from '../../src/server.js';

/** A config for tests: an ephemeral port on loopback, quiet logs, plus whatever the test sets. */
export function testConfig(env: Environment = {}): Config {
  return loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env });
}

export async function startTestServer(overrides: Partial<ServerDependencies> = {}): Promise<RunningServer> {
  const config = overrides.config ?? testConfig();
  return startServer({
    config,
    logger: createLogger(config.logLevel),
    app: { name: 'course-activity-graph', version: 'test', demoMode: config.demo !== null, configuredProviders: new Set() },
    providers: { ruangkerja: null, absorb: null, selfcommunity: null },
    readiness: [],
    closeables: [],
    ...overrides,
  });
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; body: GraphQLResponse<T> }> {
  const response = await got.post(url, { json: { query, variables }, headers, throwHttpErrors: false, retry: { limit: 0 } });
  return { status: response.statusCode, body: JSON.parse(response.body) as GraphQLResponse<T> };
}
