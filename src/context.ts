import { randomUUID } from 'node:crypto';
import { PartialFailures } from './graphql/partial-failures.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import type { Logger } from './logger.js';
import type { Providers } from './providers/api.js';

/** What the server knows about itself, shared by every request. */
export interface AppInfo {
  name: string;
  version: string;
  demoMode: boolean;
  configuredProviders: ReadonlySet<'ruangkerja' | 'absorb' | 'selfcommunity'>;
}

/** Per-request context handed to every resolver. Built fresh for each request. */
export interface Context {
  requestId: string;
  logger: Logger;
  app: AppInfo;
  /** Built per request: nothing a loader caches outlives the request. */
  loaders: Loaders;
  /** Provider failures beside partial answers, added to the response's errors. */
  partialFailures: PartialFailures;
}

export interface ContextDependencies {
  logger: Logger;
  app: AppInfo;
  providers: Providers;
}

/** A caller-supplied request id is kept only when it is short and plain, so logs stay clean. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^[A-Za-z0-9._-]{1,64}$/.test(value) ? value : randomUUID();
}

export function createContext(deps: ContextDependencies, requestId: string): Context {
  return {
    requestId,
    logger: deps.logger.child({ requestId }),
    app: deps.app,
    loaders: createLoaders(deps.providers),
    partialFailures: new PartialFailures(),
  };
}
