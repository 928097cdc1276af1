import type { Caller } from './auth/caller.js';
import { PartialFailures } from './graphql/partial-failures.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { RequestScope } from './observability/request-scope.js';
import type { Providers } from './providers/api.js';
import type { UpstreamRequestScope } from './providers/http/index.js';
import type { RequestDeadline } from './resilience/deadline.js';

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
  /** The request's id and operation name, as its log line reads them: the metrics plugin sets the operation name here. */
  requestScope: RequestScope;
  logger: Logger;
  app: AppInfo;
  /** Built per request: nothing a loader caches outlives the request. */
  loaders: Loaders;
  /** Provider failures beside partial answers, added to the response's errors. */
  partialFailures: PartialFailures;
  /** Who is asking and which employees they may read (src/auth/scope.ts). */
  caller: Caller;
  /**
   * Whether a resolver may start the reads a nested field will make (src/resolvers/lookahead.ts).
   * Only when the loaders keep answers for the request: without that (the benchmark's naive build,
   * DATALOADER_BATCHING=false), the nested field would read again and the early read is waste.
   */
  readAhead: boolean;
}

export interface ContextDependencies {
  config: Pick<Config, 'dataloaderBatching'>;
  logger: Logger;
  app: AppInfo;
  providers: Providers;
}

// Where the request id comes from is the observability layer's business (logs, upstream header).
export { requestIdFrom } from './observability/request-scope.js';

/** What the express middleware established for the request. */
export interface ContextRequest {
  /** Its id, and its log line's operation name (observability/request-scope.ts). */
  scope: RequestScope;
  /** Its time budget (resilience/deadline.ts); absent where no deadline applies. */
  deadline?: RequestDeadline;
}

/**
 * A class, not an object literal, for one reason: Apollo Server copies the context object once per
 * operation (`Object.assign` onto an object of the same prototype), which would call an own getter
 * and build the child logger for every request. A getter on the prototype survives the copy unread.
 */
class RequestContext implements Context {
  readonly requestId: string;
  readonly partialFailures = new PartialFailures();
  /** Made on first use: most requests never log from a resolver. */
  private childLogger: Logger | undefined;
  /** Made on first use: a request that reads nothing upstream (`{ __typename }`) needs none. */
  private requestLoaders: Loaders | undefined;

  constructor(
    private readonly deps: ContextDependencies,
    private readonly upstream: UpstreamRequestScope,
    readonly requestScope: RequestScope,
    readonly caller: Caller,
  ) {
    this.requestId = requestScope.requestId;
  }

  get app(): AppInfo {
    return this.deps.app;
  }

  get logger(): Logger {
    return (this.childLogger ??= this.deps.logger.child({ requestId: this.requestId, caller: this.caller.subject }));
  }

  get readAhead(): boolean {
    return this.deps.config.dataloaderBatching;
  }

  get loaders(): Loaders {
    return (this.requestLoaders ??= createLoaders(this.deps.providers, this.upstream, { batching: this.deps.config.dataloaderBatching }));
  }
}

/** `caller` comes from the auth middleware (anonymous, reading all, only where auth is off): required, so no path forgets it. */
export function createContext(deps: ContextDependencies, request: ContextRequest, caller: Caller): Context {
  const { requestId } = request.scope;
  // What every upstream call of this request carries: the loaders bind each provider to it.
  const upstream: UpstreamRequestScope = request.deadline === undefined ? { requestId } : { requestId, deadline: request.deadline };
  return new RequestContext(deps, upstream, request.scope, caller);
}
