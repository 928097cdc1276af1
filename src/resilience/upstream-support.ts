/**
 * Everything the provider clients get beyond HTTP, assembled once per server from configuration:
 * the response cache (with Redis when REDIS_URL is set), one circuit breaker per provider, and the
 * shared token store for Absorb. `createProviders` hands each provider its part through
 * `resilienceFor`; the application adds `readiness()` to /readyz and `close()` to shutdown.
 *
 * Readiness, decided here: neither Redis being away nor a breaker being open makes a replica
 * unready. Both are reported (`ok: true` with a `detail` saying "degraded: …"), because taking
 * the replica out of rotation would not help: every replica shares the same Redis and the same
 * upstreams, and this one still answers (from its in-process cache; with partial answers and
 * coded errors for the provider that is down). Pulling every replica would turn a partial outage
 * into a total one.
 */
import { Gauge } from 'prom-client';
import type { Config } from '../config.js';
import type { ReadinessCheck } from '../health.js';
import type { Logger } from '../logger.js';
import { metricsRegistry } from '../observability/metrics.js';
import type { ProviderName } from '../providers/errors.js';
import type { UpstreamResilience } from '../providers/http/index.js';
import { tokenKey } from '../cache/key.js';
import { RedisConnection, type RedisState } from '../cache/redis.js';
import { ResponseCache, type ResponseCacheStats } from '../cache/response-cache.js';
import { createSharedStore } from '../cache/shared-store.js';
import { RedisTokenStore } from '../cache/token-store.js';
import { TtlTable } from '../cache/ttl.js';
import { ProviderBreaker, type BreakerStatus } from './breaker.js';

export interface UpstreamSupportStatus {
  cache: ResponseCacheStats | null;
  redis: { state: RedisState; problem?: string } | null;
  breakers: Partial<Record<ProviderName, BreakerStatus>>;
}

/** Live instances, read by the gauges when metrics are scraped (tests run several in one process). */
const live = new Set<UpstreamSupport>();

export const upstreamCacheBytes = new Gauge({
  name: 'upstream_cache_memory_bytes',
  help: 'Bytes held by the in-process upstream response cache (its LRU is bounded by CACHE_MAX_BYTES).',
  registers: [metricsRegistry],
  collect() {
    this.set([...live].reduce((sum, support) => sum + (support.cache?.stats().memory.bytes ?? 0), 0));
  },
});

export const redisUp = new Gauge({
  name: 'redis_up',
  help: '1 when the shared cache Redis is connected and answering, 0 when the server is running on its in-process cache alone (absent without REDIS_URL).',
  registers: [metricsRegistry],
  collect() {
    const connections = [...live].flatMap((support) => (support.redis === null ? [] : [support.redis]));
    if (connections.length > 0) this.set(connections.every((redis) => redis.problem() === undefined) ? 1 : 0);
  },
});

export class UpstreamSupport {
  readonly cache: ResponseCache | null;
  readonly redis: RedisConnection | null;
  private readonly breakers = new Map<ProviderName, ProviderBreaker>();
  private readonly tokenStores = new Map<string, RedisTokenStore>();

  constructor(
    private readonly config: Pick<Config, 'cache' | 'resilience' | 'redisUrl'>,
    private readonly logger: Logger,
  ) {
    const log = logger.child({ component: 'cache' });
    this.redis = config.redisUrl === null ? null : new RedisConnection({ url: config.redisUrl, timeoutMs: config.cache.redisTimeoutMs, logger: log });
    this.redis?.start();
    const { cache } = config;
    this.cache = cache.enabled
      ? new ResponseCache({
          ttl: new TtlTable({ defaultSeconds: cache.defaultTtlSeconds, catalogueSeconds: cache.catalogueTtlSeconds, overrides: cache.ttlOverrides }),
          maxBytes: cache.maxBytes,
          keyPrefix: cache.redisKeyPrefix,
          logger: log,
          ...(this.redis === null ? {} : { shared: createSharedStore(this.redis) }),
        })
      : null;
    live.add(this);
  }

  /**
   * What one provider's client is built with. `credentialScope` keys its cache entries;
   * `sharedLogin` (Absorb) makes its login token shared through Redis under that identity.
   */
  resilienceFor(provider: ProviderName, credentialScope: string, sharedLogin?: { baseUrl: string; username: string }): UpstreamResilience {
    const resilience: UpstreamResilience = { credentialScope };
    if (this.cache !== null) resilience.cache = this.cache;
    const breaker = this.breakerFor(provider);
    if (breaker !== undefined) resilience.breaker = breaker;
    if (sharedLogin !== undefined && this.redis !== null) resilience.tokenStore = this.tokenStoreFor(provider, sharedLogin.baseUrl, sharedLogin.username);
    return resilience;
  }

  breakerFor(provider: ProviderName): ProviderBreaker | undefined {
    const settings = this.config.resilience.breaker;
    if (!settings.enabled) return undefined;
    let breaker = this.breakers.get(provider);
    if (breaker === undefined) {
      breaker = new ProviderBreaker(provider, settings, this.logger.child({ component: 'breaker' }));
      this.breakers.set(provider, breaker);
    }
    return breaker;
  }

  tokenStoreFor(provider: ProviderName, baseUrl: string, username: string): RedisTokenStore | undefined {
    if (this.redis === null) return undefined;
    const key = tokenKey(this.config.cache.redisKeyPrefix, provider, baseUrl, username);
    let store = this.tokenStores.get(key);
    if (store === undefined) {
      store = new RedisTokenStore({ connection: this.redis, key, logger: this.logger.child({ component: 'token-store' }) });
      this.tokenStores.set(key, store);
    }
    return store;
  }

  /** Drops cached answers under a path prefix (for writes; see ResponseCache.invalidate). */
  async invalidate(provider: ProviderName, pathPrefix: string): Promise<void> {
    await this.cache?.invalidate(provider, pathPrefix);
  }

  readiness(): ReadinessCheck[] {
    const checks: ReadinessCheck[] = [];
    const { redis } = this;
    if (redis !== null) {
      checks.push({
        name: 'redis',
        check: async () => {
          const problem = redis.problem();
          if (problem === undefined) return { ok: true };
          const fallback = this.cache === null ? 'no shared cache' : 'answers come from the in-process cache';
          return { ok: true, detail: `degraded: redis ${problem}; ${fallback}, and each replica logs in to Absorb for itself` };
        },
      });
    }
    for (const [provider, breaker] of this.breakers) {
      checks.push({
        name: `breaker:${provider}`,
        check: async () => {
          const status = breaker.status();
          if (status.state === 'closed') return { ok: true };
          const since = status.openedAt === undefined ? '' : ` since ${status.openedAt}`;
          const what = status.state === 'open' ? `circuit open${since}: ${provider} calls fail fast with UPSTREAM_UNAVAILABLE` : `circuit half-open: probing ${provider}`;
          return { ok: true, detail: `degraded: ${what}` };
        },
      });
    }
    return checks;
  }

  status(): UpstreamSupportStatus {
    const breakers: Partial<Record<ProviderName, BreakerStatus>> = {};
    for (const [provider, breaker] of this.breakers) breakers[provider] = breaker.status();
    const problem = this.redis?.problem();
    return {
      cache: this.cache?.stats() ?? null,
      redis: this.redis === null ? null : { state: this.redis.state, ...(problem === undefined ? {} : { problem }) },
      breakers,
    };
  }

  async close(): Promise<void> {
    live.delete(this);
    for (const breaker of this.breakers.values()) breaker.shutdown();
    await this.redis?.close();
  }
}
