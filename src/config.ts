import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseTtlOverrides } from './cache/ttl.js';

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

/** One accepted API key: only its SHA-256 digest is kept, compared in constant time. */
export interface ApiKeyConfig {
  /** Shown in logs and metrics as the caller's subject; never the key. */
  name: string;
  /** Hex SHA-256 of the key. */
  sha256: string;
}

export interface JwtConfig {
  /** Asymmetric keys (RS*, PS*, ES*, EdDSA) fetched and cached from this JWKS. */
  jwksUrl: string | null;
  /** Shared secret for HS256 tokens. */
  secret: string | null;
  /** Required `aud` and `iss` values (both required with a JWKS: an identity provider signs tokens for many audiences). */
  audience: string | null;
  issuer: string | null;
  /** Leeway for `exp` and `nbf`. */
  clockToleranceSeconds: number;
}

export interface AuthConfig {
  /** Whether a request without a valid credential is refused (401). Default false in demo mode, true otherwise. */
  required: boolean;
  apiKeys: ApiKeyConfig[];
  jwt: JwtConfig | null;
}

/** Limits checked before execution (see src/graphql/limits.ts). */
export interface LimitsConfig {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  /** Largest request body accepted on /graphql. */
  bodyBytes: number;
  /** Most GraphQL requests answered at once; more are refused with 503 (src/http/capacity.ts). */
  maxInFlight: number;
}

/** The upstream response cache (src/cache/). */
export interface CacheConfig {
  enabled: boolean;
  /** TTL of every endpoint not in the catalogue list or the overrides. */
  defaultTtlSeconds: number;
  /** TTL of catalogue endpoints (courses, batches, sessions). */
  catalogueTtlSeconds: number;
  /** `"<provider> <endpoint template>"` → seconds (0: not cached). */
  ttlOverrides: Map<string, number>;
  /** Memory bound of the in-process LRU. */
  maxBytes: number;
  /** Longest wait for one Redis command before the cache carries on without it. */
  redisTimeoutMs: number;
  /** Prefix of every Redis key this server writes (cache entries, shared tokens, locks). */
  redisKeyPrefix: string;
}

/** Circuit breakers and the per-request deadline (src/resilience/). */
export interface ResilienceConfig {
  /** Budget of one whole GraphQL request: no upstream call it makes outlives it. */
  requestDeadlineMs: number;
  breaker: {
    enabled: boolean;
    volumeThreshold: number;
    errorThresholdPercent: number;
    windowMs: number;
    resetTimeoutMs: number;
  };
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
  /** False only for the benchmark's N+1 baseline: DataLoader batching and per-request caching off, and with them reading ahead. */
  dataloaderBatching: boolean;
  cache: CacheConfig;
  resilience: ResilienceConfig;
  /** Caller authentication (src/auth/). */
  auth: AuthConfig;
  limits: LimitsConfig;
  /** Accept only the operations of the safelist (src/graphql/safelist/). */
  operationSafelist: boolean;
  /** Serve Prometheus metrics on GET /metrics. */
  metricsEnabled: boolean;
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

const API_KEY_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const MIN_API_KEY_LENGTH = 16;
const MIN_JWT_SECRET_LENGTH = 32;
/**
 * Keep-alive sockets, and so concurrent calls, per provider. A roster page of 100 participants
 * reads two Ruangkerja lists each (no bulk form): 200 lets that page go out in one wave instead of
 * two round trips (docs/performance.md). Absorb stays under its own in-flight cap and rate limit.
 */
const DEFAULT_MAX_SOCKETS = 200;

/**
 * `API_KEYS`: a comma list of `name:key` (or a bare `key`, named `key1`, `key2`, … by position);
 * a key may be given as `sha256:<64 hex>` so the deployment never holds it in clear. Messages
 * never echo a key.
 */
export function parseApiKeys(raw: string | undefined): ApiKeyConfig[] {
  if (raw === undefined) return [];
  const entries = raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  return entries.map((entry, index) => {
    const colon = entry.indexOf(':');
    const named = colon > 0 && !entry.startsWith('sha256:');
    const name = named ? entry.slice(0, colon) : `key${index + 1}`;
    const key = named ? entry.slice(colon + 1) : entry;
    if (!API_KEY_NAME.test(name)) throw new ConfigError('API_KEYS', `entry ${index + 1} must be name:key with a name of letters, digits, ".", "_" or "-"`);
    const digest = /^sha256:([0-9a-fA-F]{64})$/.exec(key);
    if (digest?.[1] !== undefined) return { name, sha256: digest[1].toLowerCase() };
    if (key.length < MIN_API_KEY_LENGTH) throw new ConfigError('API_KEYS', `entry ${index + 1} (${name}) must be a key of at least ${MIN_API_KEY_LENGTH} characters or sha256:<64 hex>`);
    return { name, sha256: createHash('sha256').update(key, 'utf8').digest('hex') };
  });
}

function jwtConfig(env: Environment): JwtConfig | null {
  const jwksUrl = baseUrl(env, 'AUTH_JWKS_URL') ?? null;
  const secret = read(env, 'AUTH_JWT_SECRET') ?? null;
  if (jwksUrl === null && secret === null) return null;
  // A short HMAC secret can be brute-forced from one token; never echo it.
  if (secret !== null && secret.length < MIN_JWT_SECRET_LENGTH) throw new ConfigError('AUTH_JWT_SECRET', `must be at least ${MIN_JWT_SECRET_LENGTH} characters`);
  const audience = read(env, 'AUTH_AUDIENCE') ?? null;
  const issuer = read(env, 'AUTH_ISSUER') ?? null;
  if (jwksUrl !== null) {
    if (audience === null) throw new ConfigError('AUTH_AUDIENCE', 'is required when AUTH_JWKS_URL is set');
    if (issuer === null) throw new ConfigError('AUTH_ISSUER', 'is required when AUTH_JWKS_URL is set');
  }
  return {
    jwksUrl,
    secret,
    audience,
    issuer,
    clockToleranceSeconds: parseWith(env, 'AUTH_CLOCK_TOLERANCE_SECONDS', integer(0, 300), 'must be an integer number of seconds between 0 and 300', 30),
  };
}

function authConfig(env: Environment, isDemo: boolean): AuthConfig {
  return {
    required: parseWith(env, 'AUTH_REQUIRED', boolean, 'must be true or false', !isDemo),
    apiKeys: parseApiKeys(read(env, 'API_KEYS')),
    jwt: jwtConfig(env),
  };
}

/**
 * Stops a start where callers must authenticate but nothing could authenticate them. Checked when
 * the server starts rather than in loadConfig, because loadConfig also reads partial environments
 * (the simulators' printed one in demo mode).
 */
export function assertAuthConfigured(auth: AuthConfig): void {
  if (auth.required && auth.apiKeys.length === 0 && auth.jwt === null) {
    throw new ConfigError(
      'AUTH_REQUIRED',
      'is true (the default outside demo mode) but no API_KEYS, AUTH_JWKS_URL or AUTH_JWT_SECRET is set: configure one, or set AUTH_REQUIRED=false',
    );
  }
}

function limitsConfig(env: Environment): LimitsConfig {
  const limit = (name: string, min: number, max: number, fallback: number) =>
    parseWith(env, name, integer(min, max), `must be an integer between ${min} and ${max}`, fallback);
  return {
    maxDepth: limit('LIMIT_MAX_DEPTH', 2, 100, 12),
    maxCost: limit('LIMIT_MAX_COST', 100, 100_000_000, 250_000),
    maxAliases: limit('LIMIT_MAX_ALIASES', 0, 1_000, 30),
    maxTokens: limit('LIMIT_MAX_TOKENS', 100, 100_000, 1_000),
    maxDirectives: limit('LIMIT_MAX_DIRECTIVES', 0, 1_000, 10),
    bodyBytes: limit('LIMIT_BODY_BYTES', 1_024, 50 * 1024 * 1024, 256 * 1024),
    maxInFlight: limit('LIMIT_MAX_IN_FLIGHT', 1, 100_000, 100),
  };
}

function cacheConfig(env: Environment): CacheConfig {
  const seconds = (name: string, fallback: number) => parseWith(env, name, integer(0, 86_400), 'must be an integer number of seconds between 0 and 86400', fallback);
  const rawOverrides = read(env, 'CACHE_TTL_OVERRIDES');
  const ttlOverrides = rawOverrides === undefined ? new Map<string, number>() : parseTtlOverrides(rawOverrides);
  if (ttlOverrides === null) {
    throw new ConfigError('CACHE_TTL_OVERRIDES', 'must be a comma list of "<provider> <endpoint template>=<seconds>", e.g. "absorb /courses=600"', rawOverrides);
  }
  return {
    enabled: parseWith(env, 'CACHE_ENABLED', boolean, 'must be true or false', true),
    defaultTtlSeconds: seconds('CACHE_TTL_SECONDS', 30),
    catalogueTtlSeconds: seconds('CACHE_CATALOGUE_TTL_SECONDS', 300),
    ttlOverrides,
    maxBytes: parseWith(env, 'CACHE_MAX_BYTES', integer(0, 16 * 1024 ** 3), 'must be an integer number of bytes (0 to 17179869184)', 64 * 1024 ** 2),
    redisTimeoutMs: parseWith(env, 'REDIS_TIMEOUT_MS', integer(5, 5_000), 'must be an integer number of milliseconds between 5 and 5000', 75),
    redisKeyPrefix: parseWith(env, 'REDIS_KEY_PREFIX', z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/), 'must be 1-64 letters, digits or ":_.-"', 'cag:'),
  };
}

function resilienceConfig(env: Environment): ResilienceConfig {
  const ms = (name: string, min: number, max: number, fallback: number) =>
    parseWith(env, name, integer(min, max), `must be an integer number of milliseconds between ${min} and ${max}`, fallback);
  return {
    requestDeadlineMs: ms('REQUEST_DEADLINE_MS', 100, 600_000, 10_000),
    breaker: {
      enabled: parseWith(env, 'BREAKER_ENABLED', boolean, 'must be true or false', true),
      volumeThreshold: parseWith(env, 'BREAKER_VOLUME_THRESHOLD', integer(1, 100_000), 'must be an integer between 1 and 100000', 20),
      errorThresholdPercent: parseWith(env, 'BREAKER_ERROR_PERCENT', integer(1, 100), 'must be an integer percentage between 1 and 100', 50),
      windowMs: ms('BREAKER_WINDOW_MS', 100, 3_600_000, 10_000),
      resetTimeoutMs: ms('BREAKER_RESET_MS', 100, 3_600_000, 10_000),
    },
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
      maxSockets: parseWith(env, 'UPSTREAM_MAX_SOCKETS', integer(1, 1024), 'must be an integer between 1 and 1024', DEFAULT_MAX_SOCKETS),
    },
    introspection: parseWith(env, 'INTROSPECTION', boolean, 'must be true or false', nodeEnv !== 'production'),
    dataloaderBatching: parseWith(env, 'DATALOADER_BATCHING', boolean, 'must be true or false', true),
    shutdownTimeoutMs: parseWith(env, 'SHUTDOWN_TIMEOUT_MS', integer(100, 60_000), 'must be an integer number of milliseconds', 9_000),
    cache: cacheConfig(env),
    resilience: resilienceConfig(env),
    auth: authConfig(env, isDemo),
    limits: limitsConfig(env),
    operationSafelist: parseWith(env, 'OPERATION_SAFELIST', boolean, 'must be true or false', false),
    metricsEnabled: parseWith(env, 'METRICS_ENABLED', boolean, 'must be true or false', true),
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
  'DATALOADER_BATCHING',
  'DEMO_SEED',
  'DEMO_EMPLOYEES',
  'DEMO_LATENCY_MS',
  'DEMO_JITTER_MS',
  'CACHE_ENABLED',
  'CACHE_TTL_SECONDS',
  'CACHE_CATALOGUE_TTL_SECONDS',
  'CACHE_TTL_OVERRIDES',
  'CACHE_MAX_BYTES',
  'REDIS_TIMEOUT_MS',
  'REDIS_KEY_PREFIX',
  'REQUEST_DEADLINE_MS',
  'BREAKER_ENABLED',
  'BREAKER_VOLUME_THRESHOLD',
  'BREAKER_ERROR_PERCENT',
  'BREAKER_WINDOW_MS',
  'BREAKER_RESET_MS',
  'AUTH_REQUIRED',
  'API_KEYS',
  'AUTH_JWKS_URL',
  'AUTH_JWT_SECRET',
  'AUTH_AUDIENCE',
  'AUTH_ISSUER',
  'AUTH_CLOCK_TOLERANCE_SECONDS',
  'OPERATION_SAFELIST',
  'METRICS_ENABLED',
  'LIMIT_MAX_DEPTH',
  'LIMIT_MAX_COST',
  'LIMIT_MAX_ALIASES',
  'LIMIT_MAX_TOKENS',
  'LIMIT_MAX_DIRECTIVES',
  'LIMIT_BODY_BYTES',
  'LIMIT_MAX_IN_FLIGHT',
] as const;
