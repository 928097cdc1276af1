/**
 * The one HTTP client factory the provider clients share.
 *
 * `client.request({method, endpoint, params, searchParams, json, schema})` sends one call and
 * returns its body validated by `schema`, or throws a ProviderError. Per call:
 * - Attempts: an idempotent call (GET by default) is retried after network faults, timeouts,
 *   malformed JSON (which may be a truncated body), 408, 429 and 5xx, at most `retries` times,
 *   waiting with full-jitter exponential backoff or the upstream's `Retry-After` (capped). A
 *   non-idempotent call is sent once: the upstream may have acted on it even if we saw an error.
 * - Auth: 401 (or a body `auth.isAuthFailure` recognises, whatever the status) makes the
 *   strategy refresh once and the call is re-sent once, writes included: the upstream refused the
 *   request before acting on it. A second refusal is UPSTREAM_AUTH, and so is a 403 at once: it
 *   refuses the account, which no new token changes. The envelope check also
 *   applies to `auth: false` calls (a login refused that way is UPSTREAM_AUTH), without a refresh.
 * - Time: each attempt has got's connect/response/request timeouts. The whole call, waits and
 *   retries included, is bounded by `totalTimeoutMs`, default
 *   `(retries + 2) × requestMs + retries × retryAfterCapMs` (every attempt, the one auth re-send,
 *   and the longest waits), so a GraphQL request cannot hang on an upstream. An attempt's request
 *   timeout is shortened to what is left of that budget, and a retry whose wait would pass it is
 *   not made. Rate-limiter waits count against the same budget; an auth login is a call of its
 *   own with its own budget.
 * - Mapping: 404 → NOT_FOUND (or `null` with `notFound: 'null'`); 400/409/422 → BAD_USER_INPUT
 *   with the upstream's scrubbed validation messages; 408/429/5xx and network faults →
 *   UPSTREAM_UNAVAILABLE (with `upstreamStatus` when an answer came); timeouts → UPSTREAM_TIMEOUT;
 *   malformed JSON, a schema mismatch, a redirect, an oversized body or another status →
 *   UPSTREAM_BAD_RESPONSE. Aborting `signal` rejects with the signal's reason.
 * - Observers and logs see the endpoint template, never the URL.
 * - The GraphQL request: `client.forRequest(scope)` is the same client for one request (a view,
 *   sharing everything). Its calls send the request id as `x-request-id`, below the call's own
 *   headers, and a call made without its own `signal` gets at most what is left of the request's
 *   deadline (resilience/deadline.ts), auth waits and the login they start included.
 * - Resilience (layer.ts, cached.ts): with a cache, GETs are served from it and concurrent
 *   identical misses share one upstream call; with a breaker, calls fail fast while it is open.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { z } from 'zod';
import type { UpstreamHttpConfig } from '../../config.js';
import { ProviderError, describeCall, isProviderError, type ProviderName } from '../errors.js';
import { sendOnce } from './attempt.js';
import type { AuthStrategy } from './auth.js';
import { classify, type FailVerdict } from './classify.js';
import { Deadline } from './deadline.js';
import { remainingMs, untilAborted } from '../../resilience/deadline.js';
import { REQUEST_ID_HEADER } from '../../observability/request-scope.js';
import { routeCall } from './cached.js';
import type { UpstreamResilience } from './layer.js';
import { isSensitiveName, secretsInBody } from './redact.js';
import { DEFAULT_BACKOFF, backoffDelay, sleep, type BackoffOptions } from './retry.js';
import type { RateLimiter } from './token-bucket.js';
import type { HttpLogger, HttpMethod, RequestEndEvent, RequestStartEvent, UpstreamRequestScope } from './types.js';
import { buildUrl, fillPath, type PathParams, type SearchParams } from './url.js';

export interface HttpTimeouts {
  /** Opening a TCP (and TLS) connection. */
  connectMs: number;
  /** From the request sent to the response headers. */
  responseMs: number;
  /** One whole attempt, body included. */
  requestMs: number;
}

export interface HttpClientOptions {
  provider: ProviderName;
  /** API root, possibly with a path prefix (`https://host/api`). */
  baseUrl: string;
  timeouts: HttpTimeouts;
  /** Retries of an idempotent call (so at most retries + 1 attempts). */
  retries: number;
  /** Keep-alive socket limit of this client's http and https agents. */
  maxSockets: number;
  /** Sent with every call (e.g. `x-api-key`). Values under credential-like names are scrubbed from errors. */
  headers?: Readonly<Record<string, string>>;
  auth?: AuthStrategy;
  rateLimiter?: RateLimiter;
  onRequest?: (event: RequestStartEvent) => void;
  onResponse?: (event: RequestEndEvent) => void;
  logger?: HttpLogger;
  /** Larger bodies fail with UPSTREAM_BAD_RESPONSE. Default 32 MiB. */
  maxResponseBytes?: number;
  /** Budget of one call including retries and waits; see the module comment for the default. */
  totalTimeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** More values never to show in an error (passwords, private keys used by a login). */
  secrets?: readonly string[];
  /** Response cache and circuit breaker (the provider's; see layer.ts); none by default. */
  resilience?: UpstreamResilience;
}

export interface RequestOptions<T> {
  /** Default GET. */
  method?: HttpMethod;
  /** Path template below baseUrl, `:name` placeholders filled from `params`. */
  endpoint: string;
  params?: PathParams;
  /** Arrays become repeated keys; undefined and null values are left out. */
  searchParams?: SearchParams;
  /** JSON request body. */
  json?: unknown;
  headers?: Readonly<Record<string, string>>;
  /** Validates the parsed body (an empty body is `undefined`). */
  schema: z.ZodType<T>;
  /** Whether the call may be retried. Default: true for GET and HEAD, false otherwise. */
  idempotent?: boolean;
  /** 404 → NOT_FOUND error (default) or `null`. */
  notFound?: 'error' | 'null';
  signal?: AbortSignal;
  /** `false` sends the call without the client's auth strategy (the login call itself). */
  auth?: false;
  /**
   * A read nothing else waits on but the page (one of a hundred per-person lists): its answer is
   * handled after more urgent answers that have come in meanwhile (event-loop/turn-queue.ts).
   */
  background?: boolean;
}

export interface HttpClient {
  readonly provider: ProviderName;
  request<T>(options: RequestOptions<T> & { notFound: 'null' }): Promise<T | null>;
  request<T>(options: RequestOptions<T> & { notFound?: 'error' }): Promise<T>;
  /**
   * This client for one GraphQL request: its calls carry the request's id and end at its
   * deadline (see the module comment). A cheap view, made per request: agents, auth, rate
   * limiter, cache, breaker and secrets are this client's, and closing it closes this client.
   * A view's own `forRequest` binds another request, not both.
   */
  forRequest(scope: UpstreamRequestScope): HttpClient;
  /**
   * Drops this provider's cached GET answers under a filled path prefix (every query and
   * credential scope), here and in the shared cache: for a write to call once it succeeded, e.g.
   * `invalidate('/users/<userId>/enrollments')`. Does nothing without a cache.
   */
  invalidate(pathPrefix: string): Promise<void>;
  /** Destroys the keep-alive agents; later calls fail with UPSTREAM_UNAVAILABLE. */
  close(): void;
}

/** The scope of calls made outside any request. */
const NO_REQUEST: UpstreamRequestScope = Object.freeze({});
const MAX_REMEMBERED_SECRETS = 64;
const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/**
 * Idle keep-alive sockets are dropped after this long, below the 5 s keep-alive timeout common
 * upstream servers use, so a write is not sent on a socket the server is closing (a write that
 * fails that way cannot be retried safely).
 */
const FREE_SOCKET_IDLE_MS = 4_000;

/** The options every provider client takes from the validated configuration. */
export function upstreamHttpOptions(config: UpstreamHttpConfig): Pick<HttpClientOptions, 'timeouts' | 'retries' | 'maxSockets'> {
  return {
    timeouts: { connectMs: config.connectTimeoutMs, responseMs: config.responseTimeoutMs, requestMs: config.requestTimeoutMs },
    retries: config.retries,
    maxSockets: config.maxSockets,
  };
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { provider, timeouts, retries, logger } = options;
  if (!Number.isInteger(retries) || retries < 0) throw new RangeError('retries must be a non-negative integer');
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const totalTimeoutMs = options.totalTimeoutMs ?? (retries + 2) * timeouts.requestMs + retries * backoff.retryAfterCapMs;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets, timeout: FREE_SOCKET_IDLE_MS }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: options.maxSockets, timeout: FREE_SOCKET_IDLE_MS }),
  };
  const staticHeaders = Object.fromEntries(Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const staticSecrets = [...sensitiveHeaderValues(staticHeaders), ...(options.secrets ?? [])];
  /**
   * Credential-like values this client has sent in request bodies (a login's password or private
   * key): an upstream may quote them in a later error of another call, so every call scrubs them.
   */
  const sentSecrets = new Set<string>();
  const rememberSecrets = (values: readonly string[]): void => {
    for (const value of values) if (sentSecrets.size < MAX_REMEMBERED_SECRETS) sentSecrets.add(value);
  };
  let closed = false;
  const { resilience } = options;

  const observe = <E>(observer: ((event: E) => void) | undefined, event: E): void => {
    try {
      observer?.(event);
    } catch {
      // A broken metrics hook must not fail upstream calls.
      logger?.warn({ provider }, 'http observer threw');
    }
  };

  async function request<T>(call: RequestOptions<T>, scope: UpstreamRequestScope): Promise<T | null> {
    if (resilience === undefined || closed) return send(call, scope);
    return routeCall({ provider, baseUrl: options.baseUrl, resilience, call, scope, send });
  }

  async function send<T>(call: RequestOptions<T>, scope: UpstreamRequestScope): Promise<T | null> {
    const method = call.method ?? 'GET';
    const site = { provider, method, endpoint: call.endpoint };
    const what = describeCall(provider, method, call.endpoint);
    if (closed) throw new ProviderError({ ...site, code: 'UPSTREAM_UNAVAILABLE', message: `${what} was called after its client was closed` });
    const idempotent = call.idempotent ?? (method === 'GET' || method === 'HEAD');
    const url = buildUrl(options.baseUrl, fillPath(site, call.params), call.searchParams);
    const auth = call.auth === false ? undefined : options.auth;
    rememberSecrets(secretsInBody(call.json));
    const callSecrets = [...staticSecrets, ...sensitiveHeaderValues(call.headers ?? {})];
    let attempt = 0;
    let retriesUsed = 0;
    let refreshed = false;
    // Without a signal of its own, a call gets no more than what is left of its request's deadline.
    const requestDeadline = call.signal === undefined ? scope.deadline : undefined;
    const budgetMs = requestDeadline === undefined ? totalTimeoutMs : Math.min(totalTimeoutMs, remainingMs(requestDeadline));
    const budgetText = (): string =>
      requestDeadline !== undefined && budgetMs < totalTimeoutMs ? `before the request's ${requestDeadline.budgetMs} ms deadline` : `within its ${totalTimeoutMs} ms budget`;
    const timeoutError = (): ProviderError =>
      new ProviderError({ ...site, code: 'UPSTREAM_TIMEOUT', message: `${what} did not complete ${budgetText()} (${attempt} attempt${attempt === 1 ? '' : 's'})` });
    if (budgetMs <= 0) throw timeoutError();
    const deadline = new Deadline(budgetMs, call.signal, timeoutError);
    // The request id sits below the call's own headers, so a call can still name its own.
    const sentHeaders: Record<string, string> = {
      accept: 'application/json',
      ...staticHeaders,
      ...(scope.requestId === undefined ? {} : { [REQUEST_ID_HEADER]: scope.requestId }),
      ...lowerCaseKeys(call.headers ?? {}),
    };

    const fail = (verdict: FailVerdict): ProviderError =>
      new ProviderError({
        ...site,
        code: verdict.code,
        message: `${what} ${verdict.text}${attempt > 1 ? ` after ${attempt} attempts` : ''}`,
        ...(verdict.status === undefined ? {} : { upstreamStatus: verdict.status }),
        ...(verdict.validations === undefined ? {} : { validations: verdict.validations }),
      });

    try {
      for (;;) {
        attempt += 1;
        // A copy per attempt: the auth strategy sets its header on it.
        const headers: Record<string, string> = { ...sentHeaders };
        // A login (or a wait for another replica's) must not hold the call past its deadline.
        const token = auth === undefined ? undefined : await untilAborted(applyAuth(auth, headers, scope, site, what), deadline.signal);
        await options.rateLimiter?.take(deadline.signal);
        if (deadline.aborted) throw deadline.abortError();

        observe(options.onRequest, { provider, method, endpoint: call.endpoint, attempt });
        const started = performance.now();
        const attemptMs = Math.max(1, Math.min(timeouts.requestMs, deadline.remainingMs));
        const outcome = await sendOnce({
          url,
          method,
          headers,
          json: call.json,
          agents,
          timeouts: { ...timeouts, requestMs: attemptMs },
          maxResponseBytes,
          signal: deadline.signal,
          background: call.background,
        });
        // An attempt cut to what was left of the call's budget and timed out as a whole ran out of
        // that budget: the same error whether its own timer or the deadline's fired first.
        const budgetSpent = outcome.kind === 'timeout' && outcome.phase === 'request' && attemptMs < timeouts.requestMs;
        if (outcome.kind === 'aborted' || budgetSpent) throw deadline.abortError();
        // Read after apply(): a login it ran has just added its credentials to sentSecrets.
        const secrets = [...callSecrets, ...sentSecrets, ...(token === undefined ? [] : [token])];
        const verdict = classify(outcome, {
          schema: call.schema,
          notFound: call.notFound ?? 'error',
          isAuthFailure: options.auth?.isAuthFailure?.bind(options.auth),
          secrets,
          timeouts,
          maxResponseBytes,
        });
        const base = { provider, method, endpoint: call.endpoint, attempt, durationMs: Math.round(performance.now() - started) };
        const status = outcome.kind === 'answer' ? { status: outcome.status } : {};

        if (verdict.kind === 'ok') {
          observe(options.onResponse, { ...base, ...status, outcome: 'ok' });
          return verdict.value;
        }

        if (verdict.kind === 'auth') {
          const refusal = `was refused (${verdict.status})`;
          if (auth === undefined || token === undefined || refreshed) {
            observe(options.onResponse, { ...base, ...status, outcome: 'error', errorCode: 'UPSTREAM_AUTH', reason: 'auth' });
            const again = refreshed ? ' again after a new login' : '';
            throw new ProviderError({ ...site, code: 'UPSTREAM_AUTH', upstreamStatus: verdict.status, message: `${what} ${refusal}${again}` });
          }
          refreshed = true;
          try {
            await untilAborted(auth.refresh(token, scope), deadline.signal);
          } catch (error) {
            observe(options.onResponse, { ...base, ...status, outcome: 'error', errorCode: 'UPSTREAM_AUTH', reason: 'auth' });
            if (isProviderError(error) || deadline.aborted) throw error;
            throw new ProviderError({ ...site, code: 'UPSTREAM_AUTH', upstreamStatus: verdict.status, message: `${what} ${refusal} and its token could not be renewed` });
          }
          observe(options.onResponse, { ...base, ...status, outcome: 'retry', reason: 'auth' });
          logger?.debug({ provider, method, endpoint: call.endpoint, attempt, status: verdict.status }, 'upstream refused the token; re-sending after refresh');
          continue;
        }

        const delayMs = verdict.retryAfterMs === undefined ? backoffDelay(retriesUsed + 1, backoff) : Math.min(verdict.retryAfterMs, backoff.retryAfterCapMs);
        const retry = verdict.transient && idempotent && retriesUsed < retries && delayMs < deadline.remainingMs;
        if (!retry) {
          observe(options.onResponse, { ...base, ...status, outcome: 'error', errorCode: verdict.code, reason: verdict.reason });
          const error = fail(verdict);
          if (verdict.code !== 'NOT_FOUND' && verdict.code !== 'BAD_USER_INPUT') logger?.warn({ err: error }, 'upstream call failed');
          throw error;
        }
        observe(options.onResponse, { ...base, ...status, outcome: 'retry', errorCode: verdict.code, reason: verdict.reason });
        logger?.debug({ provider, method, endpoint: call.endpoint, attempt, ...status, reason: verdict.reason, delayMs }, 'retrying upstream call');
        retriesUsed += 1;
        await sleep(delayMs, deadline.signal);
      }
    } catch (error) {
      // The deadline's or the caller's abort surfaces wherever the loop was waiting.
      if (deadline.aborted && !isProviderError(error)) throw deadline.abortError();
      throw error;
    } finally {
      deadline.dispose();
    }
  }

  const invalidate = async (pathPrefix: string): Promise<void> => {
    await resilience?.cache?.invalidate(provider, pathPrefix);
  };
  const close = (): void => {
    closed = true;
    agents.http.destroy();
    agents.https.destroy();
    options.auth?.close?.();
  };
  /** The client's face for one request: nothing but the scope is new. */
  const bound = (scope: UpstreamRequestScope): HttpClient => ({
    provider,
    request: (<T>(call: RequestOptions<T>) => request(call, scope)) as HttpClient['request'],
    forRequest: bound,
    invalidate,
    close,
  });
  return bound(NO_REQUEST);
}

/** Applies the auth strategy; a login failure keeps its own ProviderError (e.g. the login endpoint was down). */
async function applyAuth(
  auth: AuthStrategy,
  headers: Record<string, string>,
  scope: UpstreamRequestScope,
  site: { provider: ProviderName; method: HttpMethod; endpoint: string },
  what: string,
): Promise<string> {
  try {
    return await auth.apply(headers, scope);
  } catch (error) {
    if (isProviderError(error)) throw error;
    throw new ProviderError({ ...site, code: 'UPSTREAM_AUTH', message: `${what} could not be authenticated: the login failed` });
  }
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function sensitiveHeaderValues(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(headers)
    .filter(([name]) => isSensitiveName(name))
    .map(([, value]) => value);
}
