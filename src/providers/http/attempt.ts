/**
 * One HTTP attempt through got, reduced to what the client's retry loop decides on. got is used
 * only as a transport: its own retries, redirects, status errors and JSON parsing are off, because
 * the client classifies every outcome itself (a 503 after a write must not be retried; malformed
 * JSON must be told apart from an empty body; a redirect could carry credentials to another host).
 */
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import got, { RequestError, TimeoutError } from 'got';
import { parseJsonBody, type ParsedBody } from './body.js';
import type { HttpMethod } from './types.js';

export type AttemptOutcome =
  | { kind: 'answer'; status: number; body: ParsedBody; retryAfter: string | undefined }
  | { kind: 'timeout'; phase: string }
  | { kind: 'network'; code: string }
  | { kind: 'too_large' }
  | { kind: 'aborted' };

export interface AttemptInput {
  url: URL;
  method: HttpMethod;
  headers: Record<string, string>;
  json: unknown;
  agents: { http: HttpAgent; https: HttpsAgent };
  timeouts: { connectMs: number; responseMs: number; requestMs: number };
  maxResponseBytes: number;
  /** Aborts the attempt (the caller's signal or the call's deadline). */
  signal: AbortSignal;
}

export async function sendOnce(input: AttemptInput): Promise<AttemptOutcome> {
  const controller = new AbortController();
  const forwardAbort = (): void => controller.abort(input.signal.reason);
  if (input.signal.aborted) return { kind: 'aborted' };
  input.signal.addEventListener('abort', forwardAbort, { once: true });
  let tooLarge = false;
  try {
    const request = got(input.url, {
      method: input.method,
      headers: input.headers,
      ...(input.json === undefined ? {} : { json: input.json }),
      agent: input.agents,
      http2: false,
      timeout: { connect: input.timeouts.connectMs, response: input.timeouts.responseMs, request: input.timeouts.requestMs },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      responseType: 'buffer',
      signal: controller.signal,
    });
    request.on('downloadProgress', (progress) => {
      // `total` is the announced Content-Length: refuse an oversized body before reading it.
      if (progress.transferred > input.maxResponseBytes || (progress.total ?? 0) > input.maxResponseBytes) {
        tooLarge = true;
        controller.abort();
      }
    });
    const response = await request;
    if (tooLarge) return { kind: 'too_large' };
    const retryAfter = response.headers['retry-after'];
    return { kind: 'answer', status: response.statusCode, body: parseJsonBody(response.body), retryAfter };
  } catch (error) {
    if (tooLarge) return { kind: 'too_large' };
    if (input.signal.aborted) return { kind: 'aborted' };
    if (error instanceof TimeoutError) return { kind: 'timeout', phase: error.event };
    // Connection refused or reset, socket hang up, a body cut short: all transport faults.
    if (error instanceof RequestError) return { kind: 'network', code: error.code };
    throw error;
  } finally {
    input.signal.removeEventListener('abort', forwardAbort);
  }
}

const NETWORK_TEXT: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset (socket hang up)',
  EPIPE: 'connection closed while sending',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNABORTED: 'connection aborted',
  ERR_STREAM_PREMATURE_CLOSE: 'body cut short',
};

/** Words for a network error code; the code itself is a fixed identifier, safe to show. */
export function describeNetworkFailure(code: string): string {
  const text = NETWORK_TEXT[code];
  const safeCode = /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'unknown';
  return text === undefined ? `network error ${safeCode}` : `${text} (${safeCode})`;
}
