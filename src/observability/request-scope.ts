/**
 * The request a piece of code runs for: its id, and the operation name once Apollo knows it. The
 * logging middleware creates the scope and keeps it on the response (`requestScopeOf(res)`); the
 * GraphQL context carries the same object, so the metrics plugin can name the operation for the
 * request log line, and hands the id to the provider clients it binds to the request, which send
 * it upstream as `x-request-id` so an upstream's logs can be matched to ours.
 */
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

export interface RequestScope {
  requestId: string;
  /** Set once Apollo has resolved the operation; used by the request log line. */
  operationName?: string;
}

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller-supplied request id is kept only when it is short and plain, so logs stay clean. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^[A-Za-z0-9._-]{1,64}$/.test(value) ? value : randomUUID();
}

/** The scope object the logging middleware created for this response. */
export function requestScopeOf(res: Response): RequestScope {
  const locals = res.locals as { requestScope?: RequestScope };
  locals.requestScope ??= { requestId: randomUUID() };
  return locals.requestScope;
}
