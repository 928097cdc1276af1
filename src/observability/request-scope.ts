/**
 * The request a piece of code runs for, without threading it through every call: an
 * AsyncLocalStorage entered once per HTTP request. The HTTP layer reads it to send the request id
 * upstream (`x-request-id`), so an upstream's logs can be matched to ours.
 *
 * It is entered after the body is parsed: body parsing resumes from socket events, which run
 * outside any context entered earlier.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export interface RequestScope {
  requestId: string;
  /** Set once Apollo has resolved the operation; used by the request log line. */
  operationName?: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller-supplied request id is kept only when it is short and plain, so logs stay clean. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^[A-Za-z0-9._-]{1,64}$/.test(value) ? value : randomUUID();
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/** The headers to send upstream for the current request: none outside a request. */
export function propagatedHeaders(): Record<string, string> {
  const scope = storage.getStore();
  return scope === undefined ? {} : { [REQUEST_ID_HEADER]: scope.requestId };
}

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The scope object the logging middleware created for this response. */
export function requestScopeOf(res: Response): RequestScope {
  const locals = res.locals as { requestScope?: RequestScope };
  locals.requestScope ??= { requestId: randomUUID() };
  return locals.requestScope;
}

/** Runs the rest of the chain inside the request's scope. */
export function enterRequestScope(): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    runInRequestScope(requestScopeOf(res), () => next());
  };
}
