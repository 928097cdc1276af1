/**
 * The per-request deadline: one time budget for a whole GraphQL request, entered once per HTTP
 * request (AsyncLocalStorage) and read by the HTTP layer, so every upstream call a query makes,
 * however deep in loaders and provider clients, gets only what is left of the budget. Nothing has
 * to thread a signal through resolvers, loaders and clients, and none of them can forget to.
 *
 * The middleware must run after the body is parsed: body parsing resumes from socket events,
 * which run outside any context entered earlier (the same reason as observability/request-scope).
 *
 * `cacheScope` is the caller-dependent part of a cache key. Today every upstream call is made
 * with the service's own credentials, so the caller cannot change an upstream answer and it stays
 * unset (answers are shared by every caller and filtered per caller in the resolvers). Code that
 * ever forwards a caller's own credentials upstream must set it, and the HTTP cache then keeps
 * that caller's answers apart from everyone else's.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

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

const storage = new AsyncLocalStorage<RequestDeadline>();

export function createRequestDeadline(budgetMs: number, cacheScope?: string): RequestDeadline & { release(): void } {
  // Not AbortSignal.timeout: its timer cannot be cancelled, so every finished request would keep
  // its signal (and what listens to it) alive until the whole budget had passed.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), budgetMs);
  timer.unref();
  return {
    signal: controller.signal,
    endsAt: performance.now() + budgetMs,
    budgetMs,
    ...(cacheScope === undefined ? {} : { cacheScope }),
    release: () => clearTimeout(timer),
  };
}

export function remainingMs(deadline: RequestDeadline): number {
  return Math.max(0, deadline.endsAt - performance.now());
}

/** The deadline of the request this code runs for; undefined outside a request (startup, tests). */
export function currentRequestDeadline(): RequestDeadline | undefined {
  return storage.getStore();
}

export function runWithDeadline<T>(deadline: RequestDeadline, fn: () => T): T {
  return storage.run(deadline, fn);
}

/**
 * Runs `fn` outside any request's deadline: work shared by several requests (one upstream fetch
 * that concurrent requests all wait for) must not die with the first request's budget.
 */
export function outsideRequestDeadline<T>(fn: () => T): T {
  return storage.exit(fn);
}

export interface RequestDeadlineOptions {
  budgetMs: number;
  /** The caller-dependent cache key part for this request, when the caller can change upstream answers. */
  cacheScopeOf?: (req: Request, res: Response) => string | undefined;
}

/** Express middleware: the rest of the chain runs within a fresh deadline. */
export function requestDeadline(options: RequestDeadlineOptions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const deadline = createRequestDeadline(options.budgetMs, options.cacheScopeOf?.(req, res));
    // The answer is sent (or the client went away): nothing of this request needs its budget now.
    res.once('close', deadline.release);
    runWithDeadline(deadline, () => next());
  };
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
