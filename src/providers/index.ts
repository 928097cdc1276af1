/**
 * Builds one client per configured provider. A provider that is not configured is null: its
 * fields then fail with UPSTREAM_UNAVAILABLE, and it is never silently simulated.
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createAbsorbClient } from './absorb/client.js';
import type { Providers } from './api.js';
import { createRuangkerjaClient } from './ruangkerja/client.js';
import { createSelfCommunityClient } from './selfcommunity/client.js';

export interface ProviderSet {
  providers: Providers;
  /** Releases every client's keep-alive sockets. */
  close(): Promise<void>;
}

export function createProviders(config: Pick<Config, 'ruangkerja' | 'absorb' | 'selfcommunity' | 'upstream'>, logger: Logger): ProviderSet {
  const httpLogger = logger.child({ component: 'upstream' });
  const ruangkerja = config.ruangkerja ? createRuangkerjaClient(config.ruangkerja, config.upstream, { logger: httpLogger }) : null;
  const absorb = config.absorb ? createAbsorbClient(config.absorb, config.upstream, { logger: httpLogger }) : null;
  const selfcommunity = config.selfcommunity ? createSelfCommunityClient(config.selfcommunity, config.upstream, { logger: httpLogger }) : null;
  return {
    providers: { ruangkerja, absorb, selfcommunity },
    close: async () => {
      ruangkerja?.close();
      absorb?.close();
      selfcommunity?.close();
    },
  };
}
