import { z } from 'zod';

/**
 * Validated configuration. `loadConfig` is given the environment by main.ts (the only reader of
 * process.env) and either returns a complete Config or throws a ConfigError whose message is one
 * line naming the variable and what it expects.
 */

export type RuangkerjaUserKey = 'employeeID' | 'serial';
export type AbsorbUserMatchField = 'employeeNumber' | 'externalId' | 'username';

export type RuangkerjaAuth =
  | { kind: 'token'; accessToken: string }
  | { kind: 'clientCredentials'; clientId: string; clientSecret: string };

export interface RuangkerjaConfig {
  baseUrl: string;
  auth: RuangkerjaAuth;
  userKey: RuangkerjaUserKey;
}

export interface AbsorbConfig {
  baseUrl: string;
  apiKey: string;
  username: string;
  password: string;
  privateKey: string;
  userMatchField: AbsorbUserMatchField;
}

export interface SelfCommunityConfig {
  baseUrl: string;
  token: string;
  courseIds: number[];
}

export interface UpstreamHttpConfig {
  /** Time allowed to open a TCP connection. */
  connectTimeoutMs: number;
  /** Time allowed for the upstream to start answering once the request is sent. */
  responseTimeoutMs: number;
  /** Time allowed for one whole attempt, body included. */
  requestTimeoutMs: number;
  /** Retries of an idempotent GET after a network error, 5xx or 429. */
  retries: number;
  /** Keep-alive sockets per provider. */
  maxSockets: number;
}

export interface DemoConfig {
  /** Seed and size of the simulators' dataset. */
  seed: number;
  employees: number;
  /** Latency every simulated upstream answer waits, to make demo timings honest. */
  latencyMs: number;
  jitterMs: number;
}

export interface Config {
  port: number;
  host: string;
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Demo mode: no upstream URL is set, so the embedded simulators stand in for all three. */
  demo: DemoConfig | null;
  ruangkerja: RuangkerjaConfig | null;
  absorb: AbsorbConfig | null;
  selfcommunity: SelfCommunityConfig | null;
  redisUrl: string | null;
  upstream: UpstreamHttpConfig;
  /** Whether introspection (and with it GraphiQL) is offered. */
  introspection: boolean;
  /** Longest time a graceful shutdown waits for in-flight requests. */
  shutdownTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    expected: string,
    received?: string,
  ) {
    super(`${variable} ${expected}${received === undefined ? '' : ` (got ${JSON.stringify(received)})`}`);
    this.name = 'ConfigError';
  }
}

export type Environment = Record<string, string | undefined>;

/** Reads one variable; empty strings count as unset, as in most deployment tools. */
function read(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function parseWith<T>(env: Environment, name: string, schema: z.ZodType<T>, expected: string, fallback: T): T {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const result = schema.safeParse(raw);
  if (!result.success) throw new ConfigError(name, expected, raw);
  return result.data;
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const httpUrl = z.url({ protocol: /^https?$/ });
const boolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

function requireVar(env: Environment, name: string, because: string): string {
  const value = read(env, name);
  if (value === undefined) throw new ConfigError(name, `is required ${because}`);
  return value;
}

function baseUrl(env: Environment, name: string): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  if (!httpUrl.safeParse(raw).success) throw new ConfigError(name, 'must be an http(s) URL', raw);
  return raw.replace(/\/+$/, '');
}

function ruangkerjaConfig(env: Environment): RuangkerjaConfig | null {
  const url = baseUrl(env, 'RUANGKERJA_BASE_URL');
  if (url === undefined) return null;
  const userKey = parseWith(env, 'RUANGKERJA_USER_KEY', z.enum(['employeeID', 'serial']), 'must be employeeID or serial', 'employeeID');
  const accessToken = read(env, 'RUANGKERJA_ACCESS_TOKEN');
  if (accessToken !== undefined) return { baseUrl: url, userKey, auth: { kind: 'token', accessToken } };
  const because = 'when RUANGKERJA_BASE_URL is set and RUANGKERJA_ACCESS_TOKEN is not';
  return {
    baseUrl: url,
    userKey,
    auth: {
      kind: 'clientCredentials',
      clientId: requireVar(env, 'RUANGKERJA_CLIENT_ID', because),
      clientSecret: requireVar(env, 'RUANGKERJA_CLIENT_SECRET', because),
    },
  };
}

function absorbConfig(env: Environment): AbsorbConfig | null {
  const url = baseUrl(env, 'ABSORB_BASE_URL');
  if (url === undefined) return null;
  const because = 'when ABSORB_BASE_URL is set';
  return {
    baseUrl: url,
    apiKey: requireVar(env, 'ABSORB_API_KEY', because),
    username: requireVar(env, 'ABSORB_USERNAME', because),
    password: requireVar(env, 'ABSORB_PASSWORD', because),
    privateKey: requireVar(env, 'ABSORB_PRIVATE_KEY', because),
    userMatchField: parseWith(
      env,
      'ABSORB_USER_MATCH_FIELD',
      z.enum(['employeeNumber', 'externalId', 'username']),
      'must be employeeNumber, externalId or username',
      'employeeNumber',
    ),
  };
}

export function parseCourseIds(raw: string | undefined): number[] | null {
  if (raw === undefined) return [];
  const parts = raw.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (!parts.every((part) => /^[1-9]\d{0,9}$/.test(part))) return null;
  return [...new Set(parts.map(Number))];
}

function selfCommunityConfig(env: Environment): SelfCommunityConfig | null {
  const url = baseUrl(env, 'SELFCOMMUNITY_BASE_URL');
  if (url === undefined) return null;
  const raw = read(env, 'SELFCOMMUNITY_COURSE_IDS');
  const courseIds = parseCourseIds(raw);
  if (courseIds === null) throw new ConfigError('SELFCOMMUNITY_COURSE_IDS', 'must be a comma list of positive integer course ids', raw);
  return {
    baseUrl: url,
    token: requireVar(env, 'SELFCOMMUNITY_TOKEN', 'when SELFCOMMUNITY_BASE_URL is set'),
    courseIds,
  };
}

export function loadConfig(env: Environment): Config {
  const nodeEnv = parseWith(env, 'NODE_ENV', z.enum(['development', 'production', 'test']), 'must be development, production or test', 'development');
  const ruangkerja = ruangkerjaConfig(env);
  const absorb = absorbConfig(env);
  const selfcommunity = selfCommunityConfig(env);
  const isDemo = ruangkerja === null && absorb === null && selfcommunity === null;

  const redisUrl = read(env, 'REDIS_URL') ?? null;
  if (redisUrl !== null && !z.url({ protocol: /^rediss?$/ }).safeParse(redisUrl).success) {
    // The value may hold a password: name the variable, never echo it.
    throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL');
  }

  return {
    port: parseWith(env, 'PORT', integer(0, 65535), 'must be an integer port between 0 and 65535', 4000),
    host: read(env, 'HOST') ?? '0.0.0.0',
    nodeEnv,
    logLevel: parseWith(
      env,
      'LOG_LEVEL',
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
      'must be one of fatal, error, warn, info, debug, trace, silent',
      'info',
    ),
    demo: isDemo
      ? {
          seed: parseWith(env, 'DEMO_SEED', integer(0, 2 ** 31 - 1), 'must be a non-negative integer', 42),
          employees: parseWith(env, 'DEMO_EMPLOYEES', integer(10, 100_000), 'must be an integer between 10 and 100000', 500),
          latencyMs: parseWith(env, 'DEMO_LATENCY_MS', integer(0, 60_000), 'must be an integer number of milliseconds', 0),
          jitterMs: parseWith(env, 'DEMO_JITTER_MS', integer(0, 60_000), 'must be an integer number of milliseconds', 0),
        }
      : null,
    ruangkerja,
    absorb,
    selfcommunity,
    redisUrl,
    upstream: {
      connectTimeoutMs: parseWith(env, 'UPSTREAM_CONNECT_TIMEOUT_MS', integer(1, 600_000), 'must be a positive integer number of milliseconds', 2_000),
      responseTimeoutMs: parseWith(env, 'UPSTREAM_RESPONSE_TIMEOUT_MS', integer(1, 600_000), 'must be a positive integer number of milliseconds', 5_000),
      requestTimeoutMs: parseWith(env, 'UPSTREAM_REQUEST_TIMEOUT_MS', integer(1, 600_000), 'must be a positive integer number of milliseconds', 8_000),
      retries: parseWith(env, 'UPSTREAM_RETRIES', integer(0, 10), 'must be an integer between 0 and 10', 2),
      maxSockets: parseWith(env, 'UPSTREAM_MAX_SOCKETS', integer(1, 1024), 'must be an integer between 1 and 1024', 32),
    },
    introspection: parseWith(env, 'INTROSPECTION', boolean, 'must be true or false', nodeEnv !== 'production'),
    shutdownTimeoutMs: parseWith(env, 'SHUTDOWN_TIMEOUT_MS', integer(100, 60_000), 'must be an integer number of milliseconds', 9_000),
  };
}

/** Every variable loadConfig reads: the README's table and docker-compose.yml are checked against it. */
export const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'NODE_ENV',
  'LOG_LEVEL',
  'RUANGKERJA_BASE_URL',
  'RUANGKERJA_ACCESS_TOKEN',
  'RUANGKERJA_CLIENT_ID',
  'RUANGKERJA_CLIENT_SECRET',
  'RUANGKERJA_USER_KEY',
  'ABSORB_BASE_URL',
  'ABSORB_API_KEY',
  'ABSORB_USERNAME',
  'ABSORB_PASSWORD',
  'ABSORB_PRIVATE_KEY',
  'ABSORB_USER_MATCH_FIELD',
  'SELFCOMMUNITY_BASE_URL',
  'SELFCOMMUNITY_TOKEN',
  'SELFCOMMUNITY_COURSE_IDS',
  'REDIS_URL',
  'UPSTREAM_CONNECT_TIMEOUT_MS',
  'UPSTREAM_RESPONSE_TIMEOUT_MS',
  'UPSTREAM_REQUEST_TIMEOUT_MS',
  'UPSTREAM_RETRIES',
  'UPSTREAM_MAX_SOCKETS',
  'INTROSPECTION',
  'SHUTDOWN_TIMEOUT_MS',
  'DEMO_SEED',
  'DEMO_EMPLOYEES',
  'DEMO_LATENCY_MS',
  'DEMO_JITTER_MS',
] as const;
