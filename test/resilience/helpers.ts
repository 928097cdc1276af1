/**
 * Helpers for the cache and resilience tests: server "replicas" assembled exactly as main.ts
 * assembles them (assembleApplication + startServer) over shared simulators, a per-run Redis key
 * prefix on the machine's real Redis, and a TCP proxy in front of Redis that a test can close to
 * make Redis go away for real (the client sees its connection dropped and refused, not a mock).
 */
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { createClient } from '@keyv/redis';
import { assembleApplication, type Application } from '../../src/application.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import type { RunningSimulators } from '../../src/simulators/index.js';
import { postGraphQL, type GraphQLResponse } from '../helpers/server.js';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** A key prefix no other test run shares, so runs on one Redis (CI, parallel workers) never collide. */
export function runPrefix(label: string): string {
  return `cag-test:${label}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

export interface Replica {
  server: RunningServer;
  application: Application;
  config: Config;
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Full HTTP answer: status and body. */
  post<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: GraphQLResponse<T> }>;
  readyz(): Promise<{ status: number; body: { status: string; checks: Record<string, { ok: boolean; detail?: string }> } }>;
  close(): Promise<void>;
}

/** A server over the given simulators, with the production wiring (cache, Redis, breakers, deadline). */
export async function startReplica(simulators: RunningSimulators, env: Record<string, string> = {}): Promise<Replica> {
  const config = loadConfig({
    ...simulators.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    AUTH_REQUIRED: 'false',
    ...env,
  });
  const logger = createLogger(config.logLevel);
  const application = await assembleApplication(config, logger);
  const server = await startServer({ config, logger, ...application });
  const base = server.url.replace(/\/graphql$/, '');
  return {
    server,
    application,
    config,
    query: async <T,>(query: string, variables: Record<string, unknown> = {}) => (await postGraphQL<T>(server.url, query, variables)).body,
    post: <T,>(query: string, variables: Record<string, unknown> = {}) => postGraphQL<T>(server.url, query, variables),
    readyz: async () => {
      const response = await fetch(`${base}/readyz`);
      return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, { ok: boolean; detail?: string }> } };
    },
    close: () => server.stop(),
  };
}

/** Deletes every key of a run (SCAN, never KEYS). */
export async function deleteKeys(prefix: string): Promise<number> {
  const client = createClient({ url: REDIS_URL });
  client.on('error', () => undefined);
  await client.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const reply = await client.scan(cursor, { MATCH: `${prefix}*`, COUNT: 1000 });
      cursor = String(reply.cursor);
      if (reply.keys.length > 0) deleted += await client.del(reply.keys);
    } while (cursor !== '0');
  } finally {
    client.destroy();
  }
  return deleted;
}

/** Keys of a run, for assertions. */
export async function listKeys(prefix: string): Promise<string[]> {
  const client = createClient({ url: REDIS_URL });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const reply = await client.scan(cursor, { MATCH: `${prefix}*`, COUNT: 1000 });
      cursor = String(reply.cursor);
      keys.push(...reply.keys);
    } while (cursor !== '0');
    return keys;
  } finally {
    client.destroy();
  }
}

export interface TcpProxy {
  url: string;
  port: number;
  /** Cuts every connection and stops accepting: Redis is gone for whoever uses this address. */
  stop(): Promise<void>;
  /** Accepts connections again on the same port. */
  start(): Promise<void>;
}

/** A TCP proxy on an ephemeral port in front of Redis. */
export async function startRedisProxy(target = { host: '127.0.0.1', port: 6379 }): Promise<TcpProxy> {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;

  const listen = async (): Promise<void> => {
    const created = createServer((client) => {
      const upstream = connect(target.port, target.host);
      sockets.add(client);
      sockets.add(upstream);
      const drop = (): void => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      created.once('error', reject);
      created.listen(port, '127.0.0.1', () => resolve());
    });
    port = (created.address() as { port: number }).port;
    server = created;
  };

  await listen();
  return {
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      const current = server;
      server = undefined;
      if (current !== undefined) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    start: listen,
  };
}

/** Polls until `check` holds or `timeoutMs` passes; answers whether it held. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000, stepMs = 25): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/** Requests per `provider METHOD endpoint`, from the simulators' log. */
export function upstreamCounts(simulators: RunningSimulators): Record<string, number> {
  return simulators.controls.log.summary();
}

export function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

export const LEARNER_QUERY = `query Learner($employeeID: ID!) {
  user(employeeID: $employeeID) {
    employeeID
    name
    summary { total completed }
    enrollments(first: 100) { totalCount nodes { id provider status course { id name } } }
  }
}`;
