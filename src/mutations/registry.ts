/**
 * Which idempotency store a server uses. Stores are kept per server (by its AppInfo, which every
 * request's context shares), so two servers in one process (tests) never share keys.
 *
 * By default a server gets the in-process store. The application gives it the Redis-backed one
 * when REDIS_URL is set, on the process's one Redis connection:
 *
 *   useIdempotencyStore(app, createIdempotencyStore({ redis: upstreamSupport.redis, keyPrefix, logger }))
 */
import type { AppInfo } from '../context.js';
import type { RedisConnection } from '../cache/redis.js';
import { MemoryIdempotencyStore, RedisIdempotencyStore, type IdempotencyStore } from './idempotency.js';

const stores = new WeakMap<AppInfo, IdempotencyStore>();

export function useIdempotencyStore(app: AppInfo, store: IdempotencyStore): void {
  stores.set(app, store);
}

export function idempotencyStoreOf(app: AppInfo): IdempotencyStore {
  let store = stores.get(app);
  if (store === undefined) {
    store = new MemoryIdempotencyStore();
    stores.set(app, store);
  }
  return store;
}

/** Redis-backed when a connection is given (with the in-process store while Redis is away), else in-process. */
export function createIdempotencyStore(options: {
  redis: RedisConnection | null;
  keyPrefix: string;
  logger?: { warn(fields: object, message: string): void };
}): IdempotencyStore {
  if (options.redis === null) return new MemoryIdempotencyStore();
  return new RedisIdempotencyStore({
    connection: options.redis,
    keyPrefix: options.keyPrefix,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}
