/**
 * The environment of a server under test (bench/processes/server.ts), for every bench command:
 * the simulators' upstream settings plus the benchmark's own (production mode, warn-level logs,
 * auth off as in demo mode, HTTP cache off). Nothing is inherited but PATH and HOME, so a stray
 * REDIS_URL or the like in the caller's shell cannot change what is measured.
 */
export function serverEnv(simulators: Record<string, string>, extra: Record<string, string> = {}): { env: NodeJS.ProcessEnv; shown: Record<string, string> } {
  const shown = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    AUTH_REQUIRED: 'false',
    CACHE_ENABLED: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    ...extra,
  };
  return { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...simulators, ...shown }, shown };
}

/** BENCH_SERVER_ENV (JSON): settings to try on the server before changing a default. */
export function settingsFromEnvironment(): Record<string, string> {
  return JSON.parse(process.env.BENCH_SERVER_ENV ?? '{}') as Record<string, string>;
}
