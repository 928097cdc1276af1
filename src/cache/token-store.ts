/**
 * A login token shared by every replica through Redis, for upstreams where a new login
 * invalidates the previous token (Absorb): if each replica logged in for itself, each login would
 * reject the tokens the other replicas hold, they would log in again, and so on.
 *
 * The token and its expiry are stored under a key derived from the base URL and user name
 * (cache/key.ts `tokenKey`, hashed). A replica needing a token:
 * 1. reads the shared one and uses it if it is not the one just rejected and not about to expire;
 * 2. otherwise takes a lock (`SET NX PX`, a random value, released only by its holder) and, still
 *    holding it, reads again (another replica may have just finished), logs in, and stores the
 *    new token before releasing the lock;
 * 3. if another replica holds the lock, polls for the token it is producing.
 *
 * The lock expires by itself (`lockTtlMs`), so a replica that dies while logging in blocks the
 * others only that long. When Redis cannot be used at all, the replica logs in alone: serving
 * with a token that may cost another replica a re-login beats serving nothing. (Each replica still
 * makes at most one login at a time: SingleFlightTokenAuth.)
 */
import { randomUUID } from 'node:crypto';
import type { SharedToken, TokenStore } from '../providers/http/index.js';
import type { RedisConnection } from './redis.js';

export interface RedisTokenStoreOptions {
  connection: RedisConnection;
  /** From `tokenKey(prefix, provider, baseUrl, username)`. */
  key: string;
  /** Lock lifetime: longest a login may hold the others back. Default 15 s. */
  lockTtlMs?: number;
  /** Pause between reads while another replica logs in. Default 100 ms. */
  pollMs?: number;
  logger?: { warn(fields: object, message: string): void; debug(fields: object, message: string): void };
}

/** A token kept without a lifetime is still dropped after this long, so a stale one cannot linger forever. */
const MAX_UNBOUNDED_TOKEN_MS = 12 * 3600_000;

const UNLOCK_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

function isSharedToken(value: unknown): value is SharedToken {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.token === 'string' && entry.token !== '' && (entry.expiresAt === undefined || typeof entry.expiresAt === 'number');
}

export class RedisTokenStore implements TokenStore {
  private readonly connection: RedisConnection;
  private readonly key: string;
  private readonly lockKey: string;
  private readonly lockTtlMs: number;
  private readonly pollMs: number;
  /** Logins this replica made through the store, and shared tokens it reused (tests, stats). */
  readonly counts = { logins: 0, reused: 0, fallbacks: 0 };

  constructor(private readonly options: RedisTokenStoreOptions) {
    this.connection = options.connection;
    this.key = options.key;
    this.lockKey = `${options.key}:lock`;
    this.lockTtlMs = options.lockTtlMs ?? 15_000;
    this.pollMs = options.pollMs ?? 100;
  }

  async obtain({ rejected, marginMs, login }: { rejected: string | undefined; marginMs: number; login: () => Promise<SharedToken> }): Promise<SharedToken> {
    const usable = (candidate: SharedToken | undefined): candidate is SharedToken =>
      candidate !== undefined && candidate.token !== rejected && (candidate.expiresAt === undefined || candidate.expiresAt - Date.now() > marginMs);
    const giveUpAt = Date.now() + this.lockTtlMs + 1_000;
    for (;;) {
      let lock: string | undefined;
      try {
        const shared = await this.read();
        if (usable(shared)) {
          this.counts.reused += 1;
          return shared;
        }
        lock = await this.tryLock();
      } catch (error) {
        return this.loginAlone(login, error);
      }
      if (lock !== undefined) {
        try {
          const again = await this.read().catch(() => undefined);
          if (usable(again)) {
            this.counts.reused += 1;
            return again;
          }
          this.counts.logins += 1;
          const fresh = await login();
          await this.write(fresh).catch((error: unknown) => this.options.logger?.warn({ reason: reasonOf(error) }, 'could not share the new upstream token'));
          return fresh;
        } finally {
          await this.unlock(lock).catch(() => undefined);
        }
      }
      if (Date.now() >= giveUpAt) return this.loginAlone(login, new Error('another replica held the login lock too long'));
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  private async loginAlone(login: () => Promise<SharedToken>, cause: unknown): Promise<SharedToken> {
    this.counts.fallbacks += 1;
    this.options.logger?.warn({ reason: reasonOf(cause) }, 'shared token store unavailable; logging in without it');
    this.counts.logins += 1;
    const fresh = await login();
    // Share it if Redis is back, so the others pick it up instead of logging in too.
    await this.write(fresh).catch(() => undefined);
    return fresh;
  }

  private async read(): Promise<SharedToken | undefined> {
    const raw = await this.connection.run((client) => client.get(this.key));
    if (raw === null) return undefined;
    try {
      const value: unknown = JSON.parse(raw);
      return isSharedToken(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  private async write(token: SharedToken): Promise<void> {
    const ttl = token.expiresAt === undefined ? MAX_UNBOUNDED_TOKEN_MS : Math.min(MAX_UNBOUNDED_TOKEN_MS, token.expiresAt - Date.now());
    if (ttl <= 0) return;
    await this.connection.run((client) => client.set(this.key, JSON.stringify(token), { PX: Math.ceil(ttl) }));
  }

  private async tryLock(): Promise<string | undefined> {
    const owner = randomUUID();
    const reply = await this.connection.run((client) => client.set(this.lockKey, owner, { NX: true, PX: this.lockTtlMs }));
    return reply === 'OK' ? owner : undefined;
  }

  private async unlock(owner: string): Promise<void> {
    await this.connection.run((client) => client.eval(UNLOCK_SCRIPT, { keys: [this.lockKey], arguments: [owner] }));
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 120) : 'unknown';
}
