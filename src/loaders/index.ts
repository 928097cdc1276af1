/**
 * One place that names every batch key. `createLoaders` runs once per request, so nothing a loader
 * caches outlives the request (cross-request caching is the HTTP cache's job, not a loader's).
 */
import type { Providers } from '../providers/api.js';
import { BATCHED, type LoaderMode } from './batch.js';
import { createAbsorbLoaders, type AbsorbLoaders } from './absorb.js';
import { createRuangkerjaLoaders, type RuangkerjaLoaders } from './ruangkerja.js';
import { createSelfCommunityLoaders, type SelfCommunityLoaders } from './selfcommunity.js';

export interface Loaders {
  ruangkerja: RuangkerjaLoaders | null;
  absorb: AbsorbLoaders | null;
  selfcommunity: SelfCommunityLoaders | null;
}

export function createLoaders(providers: Providers, mode: LoaderMode = BATCHED): Loaders {
  return {
    ruangkerja: providers.ruangkerja ? createRuangkerjaLoaders(providers.ruangkerja, mode) : null,
    absorb: providers.absorb ? createAbsorbLoaders(providers.absorb, mode) : null,
    selfcommunity: providers.selfcommunity ? createSelfCommunityLoaders(providers.selfcommunity, mode) : null,
  };
}
