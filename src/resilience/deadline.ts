/**
 * The per-request deadline: one time budget for a whole GraphQL request. The middleware creates
 * it and keeps it on the response (`requestDeadlineOf(res)`); the GraphQL context hands it, with
 * the request id, to every provider client it binds to the request (`forRequest`), so every
 * upstream call a query makes, however deep in loaders and provider clients, gets only what is
 * left of the budget (providers/http/client.ts).
 *
 * It is handed down explicitly, not kept in async context storage (why: UpstreamRequestScope in
 * providers/http/types.ts).
 *
 * `cacheScope` is the caller-dependent part of a cache key. Today every upstream call is made
 * with the service's own credentials, so the caller cannot change an upstream answer and it stays
 * unset (answers are shared by every caller and filtered per caller in the resolvers). Code that
 * ever forwards a caller's own credentials upstream must set it, and the HTTP cache then keeps
 * that caller's answers apart from everyone else's.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { setMaxListeners } from 'node:events';

export interface RequestDeadline {
  /** Aborts when the budget is spent. */
  readonly signal: AbortSignal;
  /** `performance.now()` time at which the budget is spent. */
  readonly endsAt: number;
  /** The whole budget, for messages. */
  readonly budgetMs: number;
  /** Part of every cache key made for this request, when set (see the module comment). */
  readonly cacheScope?: string;
}

/**
 * The deadline of one request. Its abort signal, and the timer behind it, are made only when
 * something first waits on the signal (a call sharing another request's upstream load): most
 * requests only ever ask `endsAt`, and a request that calls no upstream at all (`{ __typename }`)
 * pays for no timer and no AbortController.
 */
class LazyRequestDeadline implements RequestDeadline {
  readonly endsAt: number;
  private controller: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private released = false;

  constructor(
    readonly budgetMs: number,
    readonly cacheScope: string | undefined,
    /** Called once the timer exists, so that its owner can release it when the request ends. */
    private readonly onArmed: ((deadline: LazyRequestDeadline) => void) | undefined,
  ) {
    this.endsAt = performance.now() + budgetMs;
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      // Every call of the request that waits on shared work listens to it: hundreds on a team page.
      setMaxListeners(Number.POSITIVE_INFINITY, this.controller.signal);
      const abort = (): void => this.controller!.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      const leftMs = this.endsAt - performance.now();
      // Not AbortSignal.timeout: its timer cannot be cancelled, so a finished request would keep
      // its signal (and what listens to it) alive until the whole budget had passed.
      if (leftMs <= 0) abort();
      else if (!this.released) {
        this.timer = setTimeout(abort, leftMs);
        this.timer.unref();
        this.onArmed?.(this);
      }
    }
    return this.controller.signal;
  }

  /** The request is answered: nothing of it needs its budget any more. */
  release(): void {
    this.released = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }
}

export function createRequestDeadline(budgetMs: number, cacheScope?: string, onArmed?: (deadline: { release(): void }) => void): RequestDeadline & { release(): void } {
  return new LazyRequestDeadline(budgetMs, cacheScope, onArmed);
}

export function remainingMs(deadline: RequestDeadline): number {
  return Math.max(0, deadline.endsAt - performance.now());
}

export interface RequestDeadlineOptions {
  budgetMs: number;
  /** The caller-dependent cache key part for this request, when the caller can change upstream answers. */
  cacheScopeOf?: (req: Request, res: Response) => string | undefined;
}

/** Express middleware: gives the request a fresh deadline, read back with `requestDeadlineOf(res)`. */
export function requestDeadline(options: RequestDeadlineOptions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    // Once its timer exists: the answer is sent (or the client went away), and nothing of this
    // request needs its budget any more.
    const deadline = createRequestDeadline(options.budgetMs, options.cacheScopeOf?.(req, res), (armed) => res.once('close', () => armed.release()));
    (res.locals as DeadlineLocals).requestDeadline = deadline;
    next();
  };
}

interface DeadlineLocals {
  requestDeadline?: RequestDeadline;
}

/** The deadline `requestDeadline()` gave this request; undefined where the middleware did not run. */
export function requestDeadlineOf(res: Response): RequestDeadline | undefined {
  return (res.locals as DeadlineLocals).requestDeadline;
}

/**
 * Resolves or rejects as `promise` does, or rejects with the signal's reason as soon as it aborts
 * (the promise itself keeps running: for waits on work shared with others, such as a login).
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
