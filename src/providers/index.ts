/**
 * Builds one client per configured provider. A provider that is not configured is null: its
 * fields then fail with UPSTREAM_UNAVAILABLE, and it is never silently simulated.
 *
 * Given an UpstreamSupport (the application always gives one), each client is built inside
 * `withUpstreamResilience`, so its HTTP client caches GETs under the provider's credential scope
 * and goes through the provider's circuit breaker, and Absorb shares its login token through
 * Redis. Without one (unit and request-counting integration tests) clients are bare.
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { observeUpstreamResponse } from '../observability/metrics.js';
import { propagatedHeaders } from '../observability/request-scope.js';
import { credentialScope } from '../cache/key.js';
import type { UpstreamSupport } from '../resilience/upstream-support.js';
import { createAbsorbClient } from './absorb/client.js';
import type { Providers } from './api.js';
import { createRuangkerjaClient } from './ruangkerja/client.js';
import { createSelfCommunityClient } from './selfcommunity/client.js';
import { withUpstreamResilience, type UpstreamResilience } from './http/index.js';

export interface ProviderSet {
  providers: Providers;
  /** Releases every client's keep-alive sockets. */
  close(): Promise<void>;
}

export function createProviders(config: Pick<Config, 'ruangkerja' | 'absorb' | 'selfcommunity' | 'upstream'>, logger: Logger, support?: UpstreamSupport): ProviderSet {
  const httpLogger = logger.child({ component: 'upstream' });
  // Every client reports each attempt to the metrics and sends the current request's id upstream.
  const hooks = { logger: httpLogger, onResponse: observeUpstreamResponse, dynamicHeaders: propagatedHeaders };
  const rk = config.ruangkerja;
  const ab = config.absorb;
  const sc = config.selfcommunity;
  const ruangkerja = rk ? withSupport(support?.resilienceFor('ruangkerja', credentialScope('ruangkerja', rk)), () => createRuangkerjaClient(rk, config.upstream, hooks)) : null;
  const absorb = ab
    ? withSupport(support?.resilienceFor('absorb', credentialScope('absorb', ab), { baseUrl: ab.baseUrl, username: ab.username }), () => createAbsorbClient(ab, config.upstream, hooks))
    : null;
  const selfcommunity = sc ? withSupport(support?.resilienceFor('selfcommunity', credentialScope('selfcommunity', sc)), () => createSelfCommunityClient(sc, config.upstream, hooks)) : null;
  return {
    providers: { ruangkerja, absorb, selfcommunity },
    close: async () => {
      ruangkerja?.close();
      absorb?.close();
      selfcommunity?.close();
    },
  };
}

function withSupport<T>(resilience: UpstreamResilience | undefined, build: () => T): T {
  return resilience === undefined ? build() : withUpstreamResilience(resilience, build);
}
