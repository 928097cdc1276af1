/**
 * The cache replicas share: Keyv over its maintained Redis adapter (@keyv/redis), on the process's
 * one Redis connection. Keyv handles serialisation and expiry (entries carry their expiry and are
 * set with a Redis TTL, so Redis drops them by itself); every call goes through the connection's
 * time-box and is refused at once while Redis is away.
 *
 * Entries hold the upstream's JSON body as text (see response-cache.ts) and the time it expires,
 * so a replica that copies an entry into its in-process cache keeps the original expiry.
 */
import KeyvRedis, { Keyv } from '@keyv/redis';
import type { RedisConnection } from './redis.js';

export interface SharedEntry {
  /** JSON text, or null for a 404 read as "none". */
  body: string | null;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface SharedStore {
  get(key: string): Promise<SharedEntry | undefined>;
  set(key: string, entry: SharedEntry): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes every key that starts with `prefix`; answers how many. */
  deletePrefix(prefix: string): Promise<number>;
  /** A counter's value (0 when unset): an invalidation count every replica reads. */
  counter(key: string): Promise<number>;
  /** Raises a counter by one. */
  increment(key: string): Promise<void>;
}

function isSharedEntry(value: unknown): value is SharedEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (typeof entry.body === 'string' || entry.body === null) && typeof entry.expiresAt === 'number';
}

/** Redis glob characters in a literal prefix must be escaped for SCAN MATCH. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

export function createSharedStore(connection: RedisConnection): SharedStore {
  const adapter = new KeyvRedis<SharedEntry>(connection.client, { throwOnConnectError: false, throwOnErrors: true });
  // Keys arrive fully formed (prefix included): Keyv must not add a namespace of its own.
  const keyv = new Keyv<SharedEntry>({ store: adapter, useKeyPrefix: false, throwOnErrors: true });
  keyv.namespace = undefined;
  // Errors are thrown to the caller (and counted there); the events would only duplicate them.
  keyv.on('error', () => undefined);

  return {
    async get(key) {
      const value: unknown = await connection.run(() => keyv.get(key));
      return isSharedEntry(value) && value.expiresAt > Date.now() ? value : undefined;
    },
    async set(key, entry) {
      const ttl = entry.expiresAt - Date.now();
      if (ttl <= 0) return;
      await connection.run(() => keyv.set(key, entry, ttl));
    },
    async delete(key) {
      await connection.run(() => keyv.delete(key));
    },
    async counter(key) {
      const value = await connection.run((client) => client.get(key));
      return value === null ? 0 : Number(value);
    },
    async increment(key) {
      await connection.run((client) => client.incr(key));
    },
    async deletePrefix(prefix) {
      // SCAN walks the keyspace in steps without blocking Redis; bounded by its own time-box per step.
      let deleted = 0;
      let cursor = '0';
      do {
        const reply = await connection.run((client) => client.scan(cursor, { MATCH: `${globEscape(prefix)}*`, COUNT: 500 }));
        cursor = String(reply.cursor);
        if (reply.keys.length > 0) deleted += await connection.run((client) => client.del(reply.keys));
      } while (cursor !== '0');
      return deleted;
    },
  };
}
