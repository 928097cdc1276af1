/**
 * Builds one client per configured provider. A provider that is not configured is null: its
 * fields then fail with UPSTREAM_UNAVAILABLE, and it is never silently simulated.
 *
 * Given an UpstreamSupport (the application always gives one), each client is built with its
 * provider's UpstreamResilience, so its HTTP client caches GETs under the provider's credential
 * scope and goes through the provider's circuit breaker, and Absorb shares its login token through
 * Redis. Without one (unit and request-counting integration tests) clients are bare.
 *
 * The clients are built once per server; the GraphQL context binds them to each request
 * (`forRequest`), which is how the request's id and deadline reach every upstream call.
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { observeUpstreamResponse } from '../observability/metrics.js';
import { credentialScope } from '../cache/key.js';
import type { UpstreamSupport } from '../resilience/upstream-support.js';
import { createAbsorbClient } from './absorb/client.js';
import type { Providers } from './api.js';
import { createRuangkerjaClient } from './ruangkerja/client.js';
import { createSelfCommunityClient } from './selfcommunity/client.js';
import type { UpstreamResilience } from './http/index.js';

export interface ProviderSet {
  providers: Providers;
  /** Releases every client's keep-alive sockets. */
  close(): Promise<void>;
}

export function createProviders(config: Pick<Config, 'ruangkerja' | 'absorb' | 'selfcommunity' | 'upstream'>, logger: Logger, support?: UpstreamSupport): ProviderSet {
  const httpLogger = logger.child({ component: 'upstream' });
  // Every client reports each attempt to the metrics.
  const hooks = { logger: httpLogger, onResponse: observeUpstreamResponse };
  const rk = config.ruangkerja;
  const ab = config.absorb;
  const sc = config.selfcommunity;
  const ruangkerja = rk ? createRuangkerjaClient(rk, config.upstream, { ...hooks, ...withResilience(support?.resilienceFor('ruangkerja', credentialScope('ruangkerja', rk))) }) : null;
  const absorb = ab
    ? createAbsorbClient(ab, config.upstream, {
        ...hooks,
        ...withResilience(support?.resilienceFor('absorb', credentialScope('absorb', ab), { baseUrl: ab.baseUrl, username: ab.username })),
      })
    : null;
  const selfcommunity = sc
    ? createSelfCommunityClient(sc, config.upstream, { ...hooks, ...withResilience(support?.resilienceFor('selfcommunity', credentialScope('selfcommunity', sc))) })
    : null;
  return {
    providers: { ruangkerja, absorb, selfcommunity },
    close: async () => {
      ruangkerja?.close();
      absorb?.close();
      selfcommunity?.close();
    },
  };
}

function withResilience(resilience: UpstreamResilience | undefined): { resilience?: UpstreamResilience } {
  return resilience === undefined ? {} : { resilience };
}
