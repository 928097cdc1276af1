/**
 * One place that names every batch key. `createLoaders` runs once per request, so nothing a loader
 * caches outlives the request (cross-request caching is the HTTP cache's job, not a loader's).
 * Each provider's loaders work on that provider's client bound to the request (`forRequest`), so
 * every upstream call they make, mutations' writes included, carries the request's id and ends at
 * its deadline.
 */
import type { Providers } from '../providers/api.js';
import type { UpstreamRequestScope } from '../providers/http/index.js';
import { BATCHED, type LoaderMode } from './batch.js';
import { createAbsorbLoaders, type AbsorbLoaders } from './absorb.js';
import { createRuangkerjaLoaders, type RuangkerjaLoaders } from './ruangkerja.js';
import { createSelfCommunityLoaders, type SelfCommunityLoaders } from './selfcommunity.js';

export interface Loaders {
  readonly ruangkerja: RuangkerjaLoaders | null;
  readonly absorb: AbsorbLoaders | null;
  readonly selfcommunity: SelfCommunityLoaders | null;
}

/** Builds a provider's loader set on first use: a request that never asks a provider pays nothing for it (not even its binding). */
function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}

export function createLoaders(providers: Providers, request: UpstreamRequestScope, mode: LoaderMode = BATCHED): Loaders {
  const { ruangkerja, absorb, selfcommunity } = providers;
  const ruangkerjaLoaders = lazy(() => (ruangkerja ? createRuangkerjaLoaders(ruangkerja.forRequest(request), mode) : null));
  const absorbLoaders = lazy(() => (absorb ? createAbsorbLoaders(absorb.forRequest(request), mode) : null));
  const selfcommunityLoaders = lazy(() => (selfcommunity ? createSelfCommunityLoaders(selfcommunity.forRequest(request), mode) : null));
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
