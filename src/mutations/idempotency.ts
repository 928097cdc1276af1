/**
 * Idempotency keys: a client that retries a mutation with the same `idempotencyKey` and the same
 * input gets the first run's payload back, and the write is not sent again.
 *
 * - A record is kept per (caller subject, mutation, key) for 24 hours, with the fingerprint of the
 *   input it was first used with: the same key with another input is refused
 *   (IDEMPOTENCY_KEY_REUSED) rather than answered with a payload that belongs to other input.
 * - A first run claims the key before it writes, so concurrent retries never both write: the
 *   others wait for its payload (in this process, on its promise; across replicas, polling Redis).
 * - Only payloads are remembered, user errors included (they are the first run's answer). A run
 *   that ended in an error (an outage, a timeout) releases the key: nothing is known to have been
 *   done, and a retry runs again. The server itself never retries a write.
 *
 * Payloads are stored as JSON: the mutations' payloads are plain data (domain objects, ids).
 */
import { createHash, randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { RedisConnection } from '../cache/redis.js';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** Most keys the in-process store holds; the least recently used is forgotten first. */
export const MEMORY_MAX_KEYS = 10_000;

export type Claim =
  /** Nobody ran this key yet: run, then `complete` with the payload, or `abandon` on an error. */
  | { kind: 'first'; complete(payload: unknown): Promise<void>; abandon(): Promise<void> }
  /** A run with the same input finished: its payload. */
  | { kind: 'replay'; payload: unknown }
  /** The key was used with another input. */
  | { kind: 'reused' }
  /** Another run with the same input is still going after the longest wait. */
  | { kind: 'busy' };

export interface IdempotencyStore {
  claim(key: string, fingerprint: string): Promise<Claim>;
}

/** Key parts are hashed: a client's key and the caller's subject are never spelled out in Redis. */
export function idempotencyKeyOf(subject: string, mutation: string, clientKey: string): string {
  return createHash('sha256').update(JSON.stringify([subject, mutation, clientKey]), 'utf8').digest('hex');
}

/** JSON with object keys sorted, so the same input always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The fingerprint of a mutation's (validated, normalized) input. */
export function fingerprintOf(input: unknown): string {
  return createHash('sha256').update(canonical(input), 'utf8').digest('hex');
}

/** A copy no caller can alter under another (the in-process store keeps objects, not text). */
const copy = (payload: unknown): unknown => (payload === undefined ? undefined : (JSON.parse(JSON.stringify(payload)) as unknown));

interface Done {
  fingerprint: string;
  payload: unknown;
}

interface Running {
  fingerprint: string;
  settled: Promise<void>;
}

/** One process's keys: done runs in a bounded LRU with the TTL, running ones beside it. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly done: LRUCache<string, Done>;
  private readonly running = new Map<string, Running>();

  constructor(options: { maxKeys?: number; ttlMs?: number } = {}) {
    this.done = new LRUCache<string, Done>({ max: options.maxKeys ?? MEMORY_MAX_KEYS, ttl: options.ttlMs ?? IDEMPOTENCY_TTL_MS });
  }

  async claim(key: string, fingerprint: string): Promise<Claim> {
    for (;;) {
      const done = this.done.get(key);
      if (done !== undefined) return done.fingerprint === fingerprint ? { kind: 'replay', payload: copy(done.payload) } : { kind: 'reused' };
      const running = this.running.get(key);
      if (running === undefined) return this.start(key, fingerprint);
      if (running.fingerprint !== fingerprint) return { kind: 'reused' };
      // Same input in flight: wait for it, then look again (its payload, or the key released).
      await running.settled;
    }
  }

  /** Remembers a payload a shared store could not take (Redis away), so this process still replays it. */
  remember(key: string, fingerprint: string, payload: unknown): void {
    this.done.set(key, { fingerprint, payload: copy(payload) });
  }

  private start(key: string, fingerprint: string): Claim {
    let settle = (): void => undefined;
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    this.running.set(key, { fingerprint, settled });
    const finish = (): void => {
      this.running.delete(key);
      settle();
    };
    return {
      kind: 'first',
      complete: async (payload) => {
        this.remember(key, fingerprint, payload);
        finish();
      },
      abandon: async () => finish(),
    };
  }
}

export interface RedisIdempotencyStoreOptions {
  connection: RedisConnection;
  /** Prefix of every key, e.g. the cache's `cag:` (a test run uses its own). */
  keyPrefix: string;
  ttlMs?: number;
  /** How long a running claim holds the key if its replica dies before finishing. Default 60 s. */
  runningTtlMs?: number;
  /** Longest wait for another replica's run before answering `busy`. Default 10 s. */
  waitMs?: number;
  /** Pause between looks at a running claim. Default 100 ms. */
  pollMs?: number;
  /** Used while Redis cannot be (each replica then de-duplicates only its own retries). */
  fallback?: MemoryIdempotencyStore;
  logger?: { warn(fields: object, message: string): void };
}

type Stored = { state: 'running'; fingerprint: string; owner: string } | { state: 'done'; fingerprint: string; payload: unknown };

function parseStored(raw: string | null): Stored | undefined {
  if (raw === null) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<Stored> | null;
    if (value === null || typeof value !== 'object' || typeof value.fingerprint !== 'string') return undefined;
    if (value.state === 'running' && typeof value.owner === 'string') return { state: 'running', fingerprint: value.fingerprint, owner: value.owner };
    if (value.state === 'done') return { state: 'done', fingerprint: value.fingerprint, payload: value.payload };
    return undefined;
  } catch {
    return undefined;
  }
}

/** Replaces the running claim with the result, only if it is still this run's claim. */
const COMPLETE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0";
/** Releases the running claim, only if it is still this run's claim. */
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/**
 * Keys shared by every replica through the process's Redis connection (cache/redis.ts): a run
 * claims its key with `SET NX PX` holding a random owner, and replaces it with the result when
 * done. Redis being away degrades to the in-process store, with a warning.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly ttlMs: number;
  private readonly runningTtlMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;
  private readonly fallback: MemoryIdempotencyStore;

  constructor(private readonly options: RedisIdempotencyStoreOptions) {
    this.ttlMs = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
    this.runningTtlMs = options.runningTtlMs ?? 60_000;
    this.waitMs = options.waitMs ?? 10_000;
    this.pollMs = options.pollMs ?? 100;
    this.fallback = options.fallback ?? new MemoryIdempotencyStore({ ttlMs: this.ttlMs });
  }

  async claim(key: string, fingerprint: string): Promise<Claim> {
    const redisKey = `${this.options.keyPrefix}idempotency:${key}`;
    // The owner makes this run's claim unlike any other's, so only this run completes or releases it.
    const running = JSON.stringify({ state: 'running', fingerprint, owner: randomUUID() });
    const giveUpAt = Date.now() + this.waitMs;
    try {
      for (;;) {
        const reply = await this.options.connection.run((client) => client.set(redisKey, running, { NX: true, PX: this.runningTtlMs }));
        if (reply === 'OK') return this.first(key, redisKey, fingerprint, running);
        const stored = parseStored(await this.options.connection.run((client) => client.get(redisKey)));
        if (stored !== undefined) {
          if (stored.fingerprint !== fingerprint) return { kind: 'reused' };
          if (stored.state === 'done') return { kind: 'replay', payload: stored.payload };
        }
        // Running elsewhere (or just released): wait and claim again.
        if (Date.now() >= giveUpAt) return { kind: 'busy' };
        await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      }
    } catch (error) {
      this.options.logger?.warn({ reason: reasonOf(error) }, 'idempotency keys: Redis unavailable; de-duplicating retries in this process only');
      return this.fallback.claim(key, fingerprint);
    }
  }

  /** `running` is the exact claim written: the scripts act only while it is still there. */
  private first(key: string, redisKey: string, fingerprint: string, running: string): Claim {
    const { connection } = this.options;
    return {
      kind: 'first',
      complete: async (payload) => {
        // Kept in this process too, so a retry here replays it even if Redis goes away meanwhile.
        this.fallback.remember(key, fingerprint, payload);
        const done = JSON.stringify({ state: 'done', fingerprint, payload });
        await connection
          .run((client) => client.eval(COMPLETE_SCRIPT, { keys: [redisKey], arguments: [running, done, String(this.ttlMs)] }))
          .catch((error: unknown) => this.options.logger?.warn({ reason: reasonOf(error) }, 'idempotency keys: could not store a result in Redis'));
      },
      abandon: async () => {
        await connection.run((client) => client.eval(RELEASE_SCRIPT, { keys: [redisKey], arguments: [running] })).catch(() => undefined);
      },
    };
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 120) : 'unknown';
}

export type IdempotentRun<T> = { kind: 'ran' | 'replayed'; payload: T } | { kind: 'reused' } | { kind: 'busy' };

/**
 * Runs `execute` at most once per key and fingerprint. `T` is the one mutation's payload type:
 * the key names the mutation, so a replayed payload is one this same code produced.
 */
export async function runIdempotent<T>(store: IdempotencyStore, key: string, fingerprint: string, execute: () => Promise<T>): Promise<IdempotentRun<T>> {
  const claim = await store.claim(key, fingerprint);
  switch (claim.kind) {
    case 'replay':
      return { kind: 'replayed', payload: claim.payload as T };
    case 'reused':
    case 'busy':
      return { kind: claim.kind };
    case 'first':
      break;
  }
  let payload: T;
  try {
    payload = await execute();
  } catch (error) {
    await claim.abandon();
    throw error;
  }
  await claim.complete(payload);
  return { kind: 'ran', payload };
}
