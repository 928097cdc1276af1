/**
 * The upstream response cache: successful GET answers, by provider + path + query + credential
 * scope (cache/key.ts), for their endpoint's TTL (cache/ttl.ts).
 *
 * Two levels:
 * - an in-process LRU bounded by memory (`maxBytes`: each entry counts its JSON text, an estimate
 *   of its parsed form at twice the text, and its key);
 * - optionally Redis, shared by every replica (cache/shared-store.ts). A miss in the LRU asks
 *   Redis; a Redis hit is copied into the LRU with the time it has left. Redis being slow or away
 *   only means more upstream requests: it never fails a lookup.
 *
 * What is stored is the upstream's JSON body as it passed its schema, as text. Text read from
 * Redis (or written by another schema) is parsed and validated with the caller's schema before
 * use, so an entry an older release wrote that no longer fits is dropped and refetched rather
 * than breaking a query, and nothing unvalidated reaches a resolver. The validated value is then
 * kept beside the text, per schema, and deep-frozen: later hits in this process reuse it instead
 * of parsing again (that parse was half the CPU of a fully cached query), and no caller can alter
 * what another will read.
 *
 * Stored: 2xx answers, and a 404 that the caller reads as "none" (`notFound: 'null'`), which is an
 * answer like any other and goes stale no faster. Never stored: errors (a 404 read as NOT_FOUND
 * included), writes, and an empty 2xx body.
 *
 * Misses are single-flight per key (cache/single-flight.ts). Writes invalidate by path prefix with
 * `invalidate(provider, pathPrefix)`; a load that was already running when an invalidation came
 * is served to its waiters but not stored, so it cannot put pre-write data back, and a read that
 * starts after the invalidation does not join it. Across replicas the same holds through a count
 * of the provider's invalidations kept in Redis: a load stores its answer in Redis only if the
 * count is what it was when the load began, checked before the write and again after it (an
 * invalidation in between takes the entry back out).
 */
import { LRUCache } from 'lru-cache';
import type { z } from 'zod';
import { recordCacheLookup } from '../observability/metrics.js';
import type { CacheableCall, UpstreamCache } from '../providers/http/index.js';
import type { ProviderName } from '../providers/errors.js';
import { cacheKey, pathPrefixKey } from './key.js';
import { RedisUnavailableError } from './redis.js';
import type { SharedStore } from './shared-store.js';
import { SingleFlight } from './single-flight.js';
import type { TtlTable } from './ttl.js';

export interface ResponseCacheLogger {
  warn(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

export interface ResponseCacheOptions {
  ttl: TtlTable;
  /** Memory bound of the in-process LRU. */
  maxBytes: number;
  /** Prefix of every key, e.g. `cag:` (a test run uses its own). */
  keyPrefix: string;
  shared?: SharedStore;
  logger?: ResponseCacheLogger;
}

export interface ResponseCacheStats {
  memory: { entries: number; bytes: number; maxBytes: number; hits: number; misses: number };
  /** `skipped`: not asked because Redis was away or paused; `errors`: asked and failed or too slow. */
  shared: { enabled: boolean; hits: number; misses: number; errors: number; skipped: number };
  /** Upstream loads started by misses (one per key however many callers missed together). */
  loads: number;
  inFlight: number;
}

/** Validated values of one entry, by the schema that validated them. */
class ParsedValues {
  private readonly bySchema = new WeakMap<object, { value: unknown }>();

  get<T>(schema: z.ZodType<T>): { value: T } | undefined {
    // Only `set` below writes, under the schema that produced the value: the cast restates that.
    return this.bySchema.get(schema) as { value: T } | undefined;
  }

  set<T>(schema: z.ZodType<T>, value: T): void {
    this.bySchema.set(schema, { value: deepFreeze(value) });
  }
}

/** One cached answer: the body's JSON text, or null for a 404 read as "none". */
interface Entry {
  body: string | null;
  parsed: ParsedValues;
}

type FlightResult = { kind: 'entry'; entry: Entry } | { kind: 'unshareable' };

/** Per-entry overhead beyond its text: the map node, bookkeeping. */
const ENTRY_OVERHEAD_BYTES = 128;
/** A parsed JSON value takes roughly twice its text in V8 objects. */
const PARSED_FACTOR = 2;

export class ResponseCache implements UpstreamCache {
  private readonly lru: LRUCache<string, Entry>;
  private readonly flights = new SingleFlight<FlightResult>();
  /** Bumped by every invalidation; a load started under an older generation is not stored. */
  private generation = 0;
  private readonly counts = { memoryHits: 0, memoryMisses: 0, sharedHits: 0, sharedMisses: 0, sharedErrors: 0, sharedSkipped: 0 };

  constructor(private readonly options: ResponseCacheOptions) {
    this.lru = new LRUCache<string, Entry>({
      maxSize: Math.max(1, options.maxBytes),
      sizeCalculation: (entry, key) => (entry.body === null ? 0 : Buffer.byteLength(entry.body) * (1 + PARSED_FACTOR)) + key.length + ENTRY_OVERHEAD_BYTES,
      // Every entry is set with its own TTL; this is only the fallback.
      ttl: 30_000,
    });
  }

  async get<T>(call: CacheableCall<T>): Promise<T | null> {
    const ttlMs = this.options.ttl.ttlMs(call.provider, call.endpoint);
    if (call.method !== 'GET' || ttlMs <= 0) return (await call.load()).value;
    const key = cacheKey(this.options.keyPrefix, call);

    const local = this.lru.get(key);
    this.countMemory(local !== undefined);
    if (local !== undefined) {
      const hit = this.use(local, call);
      if (hit !== undefined) return hit.value;
      // A 404 marker for a caller that wants NOT_FOUND: ask upstream, which raises it.
      if (local.body === null) return (await call.load()).value;
      await this.forget(key, call);
    }

    let own: { value: T | null } | undefined;
    const generation = this.generation;
    const result = await this.flights.join(
      // The generation is part of the flight: a read that starts after an invalidation loads anew.
      `${key}|${call.notFound}|${generation}`,
      { signal: call.waitSignal, abortError: () => call.waitTimeoutError(), abandonedError: () => call.abandonedError() },
      async (signal): Promise<FlightResult> => {
        const [shared, invalidations] = await Promise.all([this.readShared(key), this.readInvalidations(call.provider)]);
        if (shared !== undefined) {
          const entry: Entry = { body: shared.body, parsed: new ParsedValues() };
          // Read before an invalidation that came meanwhile: for this flight's callers only.
          if (generation === this.generation) this.lru.set(key, entry, { ttl: Math.max(1, shared.expiresAt - Date.now()) });
          return { kind: 'entry', entry };
        }
        const loaded = await call.load(signal);
        own = { value: loaded.value };
        if (loaded.body === undefined && loaded.value !== null) return { kind: 'unshareable' };
        const entry: Entry = { body: loaded.body ?? null, parsed: new ParsedValues() };
        if (loaded.value !== null) entry.parsed.set(call.schema, loaded.value);
        if (generation === this.generation) await this.store(key, entry, ttlMs, call.provider, invalidations);
        return { kind: 'entry', entry };
      },
    );
    // The caller whose load ran has its value; the others use the entry.
    if (own !== undefined) return own.value;
    if (result.kind === 'unshareable') return (await call.load()).value;
    const hit = this.use(result.entry, call);
    if (hit !== undefined) return hit.value;
    if (result.entry.body !== null) await this.forget(key, call);
    return (await call.load()).value;
  }

  /**
   * Drops every cached answer of `provider` whose path starts with `pathPrefix`, here and in Redis
   * (every credential scope and query). For writes: `invalidate('absorb', '/users/<id>/enrollments')`.
   */
  async invalidate(provider: ProviderName, pathPrefix: string): Promise<void> {
    this.generation += 1;
    const prefix = pathPrefixKey(this.options.keyPrefix, provider, pathPrefix);
    for (const key of [...this.lru.keys()]) if (key.startsWith(prefix)) this.lru.delete(key);
    if (this.options.shared === undefined) return;
    try {
      // The count first, then the entries: a load begun before stores nothing after the count
      // has moved, and what one stored before that is deleted next.
      await this.options.shared.increment(this.invalidationsKey(provider));
      await this.options.shared.deletePrefix(prefix);
    } catch (error) {
      this.countSharedFailure(error);
      this.options.logger?.warn({ provider, reason: reasonOf(error) }, 'could not invalidate the shared cache; its entries expire with their TTL');
    }
  }

  stats(): ResponseCacheStats {
    return {
      memory: { entries: this.lru.size, bytes: this.lru.calculatedSize, maxBytes: this.options.maxBytes, hits: this.counts.memoryHits, misses: this.counts.memoryMisses },
      shared: {
        enabled: this.options.shared !== undefined,
        hits: this.counts.sharedHits,
        misses: this.counts.sharedMisses,
        errors: this.counts.sharedErrors,
        skipped: this.counts.sharedSkipped,
      },
      loads: this.flights.loads,
      inFlight: this.flights.inFlight,
    };
  }

  /** Empties the in-process level (tests; a process going away). */
  clearMemory(): void {
    this.lru.clear();
  }

  /** The entry's value for this caller: validated once per schema, then reused. */
  private use<T>(entry: Entry, call: CacheableCall<T>): { value: T | null } | undefined {
    if (entry.body === null) return call.notFound === 'null' ? { value: null } : undefined;
    const known = entry.parsed.get(call.schema);
    if (known !== undefined) return known;
    const decoded = decode(entry.body, call.schema);
    if (!decoded.ok) return undefined;
    entry.parsed.set(call.schema, decoded.value);
    return entry.parsed.get(call.schema);
  }

  private async readShared(key: string): Promise<{ body: string | null; expiresAt: number } | undefined> {
    const { shared } = this.options;
    if (shared === undefined) return undefined;
    try {
      const entry = await shared.get(key);
      this.countShared(entry !== undefined);
      return entry;
    } catch (error) {
      this.countSharedFailure(error);
      this.options.logger?.debug({ reason: reasonOf(error) }, 'shared cache read skipped');
      return undefined;
    }
  }

  /** The provider's invalidation count in Redis; undefined when Redis cannot say. */
  private async readInvalidations(provider: ProviderName): Promise<number | undefined> {
    const { shared } = this.options;
    if (shared === undefined) return undefined;
    try {
      return await shared.counter(this.invalidationsKey(provider));
    } catch (error) {
      this.options.logger?.debug({ reason: reasonOf(error) }, 'shared invalidation count not read');
      return undefined;
    }
  }

  private invalidationsKey(provider: ProviderName): string {
    return `${this.options.keyPrefix}invalidations:${provider}`;
  }

  /**
   * Keeps a loaded answer here and, when no replica invalidated the provider since the load began
   * (`invalidationsAtStart`), in Redis. Without a count to compare (Redis was away), this process only.
   */
  private async store(key: string, entry: Entry, ttlMs: number, provider: ProviderName, invalidationsAtStart: number | undefined): Promise<void> {
    const { shared } = this.options;
    if (shared === undefined || invalidationsAtStart === undefined) {
      this.lru.set(key, entry, { ttl: ttlMs });
      return;
    }
    const countKey = this.invalidationsKey(provider);
    let checked = false;
    try {
      // Another replica wrote while this load ran: its answer may predate the write.
      if ((await shared.counter(countKey)) !== invalidationsAtStart) return;
      checked = true;
      this.lru.set(key, entry, { ttl: ttlMs });
      await shared.set(key, { body: entry.body, expiresAt: Date.now() + ttlMs });
      if ((await shared.counter(countKey)) !== invalidationsAtStart) {
        this.lru.delete(key);
        await shared.delete(key);
      }
    } catch (error) {
      // Redis went away before it could tell: this process keeps the answer, as without Redis.
      if (!checked) this.lru.set(key, entry, { ttl: ttlMs });
      this.countSharedFailure(error);
      this.options.logger?.debug({ reason: reasonOf(error) }, 'shared cache write skipped');
    }
  }

  /** Drops an entry that no longer fits its schema (an older release wrote it), here and in Redis. */
  private async forget(key: string, call: CacheableCall<unknown>): Promise<void> {
    this.options.logger?.warn({ provider: call.provider, endpoint: call.endpoint }, 'cached answer does not match its schema; refetching');
    this.lru.delete(key);
    try {
      await this.options.shared?.delete(key);
    } catch (error) {
      this.countSharedFailure(error);
    }
  }

  private countSharedFailure(error: unknown): void {
    if (error instanceof RedisUnavailableError && error.skipped) this.counts.sharedSkipped += 1;
    else this.counts.sharedErrors += 1;
  }

  private countMemory(hit: boolean): void {
    if (hit) this.counts.memoryHits += 1;
    else this.counts.memoryMisses += 1;
    recordCacheLookup('upstream_memory', hit);
  }

  private countShared(hit: boolean): void {
    if (hit) this.counts.sharedHits += 1;
    else this.counts.sharedMisses += 1;
    recordCacheLookup('upstream_redis', hit);
  }
}

function decode<T>(body: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false } {
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch {
    return { ok: false };
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}

/** Freezes a parsed JSON value all the way down (plain objects and arrays, as JSON and zod make). */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}
