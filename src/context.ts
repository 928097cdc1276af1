import type { Caller } from './auth/caller.js';
import { PartialFailures } from './graphql/partial-failures.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import type { Config } from './config.js';
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
  /** Who is asking and which employees they may read (src/auth/scope.ts). */
  caller: Caller;
}

export interface ContextDependencies {
  config: Pick<Config, 'dataloaderBatching'>;
  logger: Logger;
  app: AppInfo;
  providers: Providers;
}

// Where the request id comes from is the observability layer's business (logs, upstream header).
export { requestIdFrom } from './observability/request-scope.js';

/** `caller` comes from the auth middleware (anonymous, reading all, only where auth is off): required, so no path forgets it. */
export function createContext(deps: ContextDependencies, requestId: string, caller: Caller): Context {
  let logger: Logger | undefined;
  return {
    requestId,
    caller,
    // Most requests never log from a resolver: the child logger is made on first use.
    get logger() {
      return (logger ??= deps.logger.child({ requestId, caller: caller.subject }));
    },
    app: deps.app,
    loaders: createLoaders(deps.providers, { batching: deps.config.dataloaderBatching }),
    partialFailures: new PartialFailures(),
  };
}
