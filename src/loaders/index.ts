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
  readonly ruangkerja: RuangkerjaLoaders | null;
  readonly absorb: AbsorbLoaders | null;
  readonly selfcommunity: SelfCommunityLoaders | null;
}

/** Builds a provider's loader set on first use: a request that never asks a provider pays nothing for it. */
function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}

export function createLoaders(providers: Providers, mode: LoaderMode = BATCHED): Loaders {
  const { ruangkerja, absorb, selfcommunity } = providers;
  const ruangkerjaLoaders = lazy(() => (ruangkerja ? createRuangkerjaLoaders(ruangkerja, mode) : null));
  const absorbLoaders = lazy(() => (absorb ? createAbsorbLoaders(absorb, mode) : null));
  const selfcommunityLoaders = lazy(() => (selfcommunity ? createSelfCommunityLoaders(selfcommunity, mode) : null));
  return {
    get ruangkerja() {
      return ruangkerjaLoaders();
    },
    get absorb() {
      return absorbLoaders();
    },
    get selfcommunity() {
      return selfcommunityLoaders();
    },
  };
}
