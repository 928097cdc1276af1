/**
 * Types shared by the HTTP layer's modules: the logger it accepts, the events its observers
 * receive, and the request a call is made for. Events name the endpoint by template only, so they
 * are safe as metric labels and in request logs: no ids, no query string, no credentials.
 */
import type { RequestDeadline } from '../../resilience/deadline.js';
import type { ProviderErrorCode, ProviderName } from '../errors.js';

/** The part of a pino logger the HTTP layer uses. */
export interface HttpLogger {
  debug(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/** Why an attempt failed, in words safe for logs and labels. */
export type FailureReason =
  | 'status'
  | 'timeout'
  | 'network'
  | 'malformed_json'
  | 'schema'
  | 'too_large'
  | 'auth'
  | 'aborted';

export interface RequestStartEvent {
  provider: ProviderName;
  method: HttpMethod;
  /** Path template, e.g. `/users/:userId/enrollments`. */
  endpoint: string;
  /** 1 for the first attempt; retries and the re-send after an auth refresh count up. */
  attempt: number;
}

export interface RequestEndEvent extends RequestStartEvent {
  /** HTTP status, when an answer arrived. */
  status?: number;
  durationMs: number;
  /** `retry`: this attempt failed and another follows; `error`: the call fails with `errorCode`. */
  outcome: 'ok' | 'retry' | 'error';
  errorCode?: ProviderErrorCode;
  reason?: FailureReason;
}

/**
 * The GraphQL request upstream calls are made for: what a client bound to it (`forRequest`) gives
 * every call. The GraphQL context builds one per request from what the express middleware found
 * (context.ts); a client used outside a request (startup, tests) has neither part.
 *
 * It is handed down explicitly, never kept in async context storage (node:async_hooks): on Node 20
 * an enabled store installs promise hooks that tax every promise in the process, which a CPU
 * profile of this server put at about a tenth of its CPU and allocations.
 */
export interface UpstreamRequestScope {
  /** Sent with every attempt as `x-request-id`, so an upstream's logs can be matched with ours. */
  readonly requestId?: string;
  /** A call without a signal of its own gets at most what is left of it, auth waits included. */
  readonly deadline?: RequestDeadline;
}
