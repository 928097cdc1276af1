/**
 * Classification of one attempt's outcome into what the client's retry loop acts on: a value, an
 * auth refusal (to refresh and re-send once), or a failure with its contract code, whether it is
 * transient (worth retrying if the call is idempotent) and the words for the error message.
 * Pure: no I/O, no state, so the status mapping is readable in one place.
 */
import type { z } from 'zod';
import type { ProviderErrorCode } from '../errors.js';
import { describeNetworkFailure, type AttemptOutcome } from './attempt.js';
import { bodyValue, describeFirstIssue, extractValidations } from './body.js';
import { parseRetryAfter } from './retry.js';
import type { FailureReason } from './types.js';

export interface ClassifyContext<T> {
  schema: z.ZodType<T>;
  notFound: 'error' | 'null';
  isAuthFailure: ((status: number, body: unknown) => boolean) | undefined;
  /** Values to scrub from any upstream text quoted in a message. */
  secrets: readonly string[];
  timeouts: { connectMs: number; responseMs: number; requestMs: number };
  maxResponseBytes: number;
}

export type FailVerdict = Extract<Verdict<unknown>, { kind: 'fail' }>;

/** What the retry loop decides on after one attempt. */
export type Verdict<T> =
  | { kind: 'ok'; value: T | null; status: number }
  | { kind: 'auth'; status: number }
  | {
      kind: 'fail';
      code: ProviderErrorCode;
      reason: FailureReason;
      /** Worth another attempt, if the call is idempotent. */
      transient: boolean;
      /** Completes "<provider> <method> <endpoint> …". */
      text: string;
      status?: number;
      retryAfterMs?: number;
      validations?: string[];
    };

export function classify<T>(outcome: Exclude<AttemptOutcome, { kind: 'aborted' }>, context: ClassifyContext<T>): Verdict<T> {
  const { timeouts, maxResponseBytes, secrets } = context;
  switch (outcome.kind) {
    case 'timeout':
      return { kind: 'fail', code: 'UPSTREAM_TIMEOUT', reason: 'timeout', transient: true, text: `timed out (${phaseText(outcome.phase, timeouts)})` };
    case 'network':
      return { kind: 'fail', code: 'UPSTREAM_UNAVAILABLE', reason: 'network', transient: true, text: `failed: ${describeNetworkFailure(outcome.code)}` };
    case 'too_large':
      return { kind: 'fail', code: 'UPSTREAM_BAD_RESPONSE', reason: 'too_large', transient: false, text: `answered a body larger than ${maxResponseBytes} bytes` };
    case 'answer':
      break;
  }
  const { status, body } = outcome;
  const value = bodyValue(body);
  if (status === 401 || context.isAuthFailure?.(status, value) === true) return { kind: 'auth', status };
  // 403 refuses the account, not its token (SelfCommunity: no manager role): a new login would not
  // help, and a new Absorb token invalidates the one every other request in flight carries.
  if (status === 403) return { kind: 'fail', code: 'UPSTREAM_AUTH', reason: 'status', transient: false, status, text: 'was refused (403): the account may not do this' };

  if (status >= 200 && status < 300) {
    if (body.kind === 'malformed') {
      return { kind: 'fail', code: 'UPSTREAM_BAD_RESPONSE', reason: 'malformed_json', transient: true, status, text: `answered malformed JSON (${status})` };
    }
    const parsed = context.schema.safeParse(value);
    if (parsed.success) return { kind: 'ok', value: parsed.data, status };
    return {
      kind: 'fail',
      code: 'UPSTREAM_BAD_RESPONSE',
      reason: 'schema',
      transient: false,
      text: `answered a body that does not match its schema: ${describeFirstIssue(parsed.error, secrets)}`,
    };
  }
  if (status === 404) {
    if (context.notFound === 'null') return { kind: 'ok', value: null, status };
    return { kind: 'fail', code: 'NOT_FOUND', reason: 'status', transient: false, status, text: 'answered 404 (not found)' };
  }
  if (status === 400 || status === 409 || status === 422) {
    const validations = extractValidations(value, secrets);
    const detail = validations.length > 0 ? `: ${validations.slice(0, 3).join('; ')}` : '';
    return { kind: 'fail', code: 'BAD_USER_INPUT', reason: 'status', transient: false, status, validations, text: `rejected the request (${status})${detail}` };
  }
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(outcome.retryAfter);
    return {
      kind: 'fail',
      code: 'UPSTREAM_UNAVAILABLE',
      reason: 'status',
      transient: true,
      status,
      text: `answered ${status}`,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  if (status >= 300 && status < 400) {
    return { kind: 'fail', code: 'UPSTREAM_BAD_RESPONSE', reason: 'status', transient: false, status, text: `answered a redirect (${status}), which is not followed` };
  }
  return { kind: 'fail', code: 'UPSTREAM_BAD_RESPONSE', reason: 'status', transient: false, status, text: `answered ${status}` };
}

function phaseText(phase: Extract<AttemptOutcome, { kind: 'timeout' }>['phase'], timeouts: ClassifyContext<unknown>['timeouts']): string {
  if (phase === 'connect') return `no connection within ${timeouts.connectMs} ms`;
  if (phase === 'response') return `no response within ${timeouts.responseMs} ms`;
  return `not complete within ${timeouts.requestMs} ms`;
}

