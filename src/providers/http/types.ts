/**
 * Types shared by the HTTP layer's modules: the logger it accepts and the events its observers
 * receive. Events name the endpoint by template only, so they are safe as metric labels and in
 * request logs: no ids, no query string, no credentials.
 */
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
