/**
 * One HTTP attempt over Node's own `http`/`https` request, reduced to what the client's retry loop
 * decides on. Nothing here retries, follows a redirect, judges a status or parses loosely: the
 * client classifies every outcome itself (a 503 after a write must not be retried; malformed JSON
 * must be told apart from an empty body; a redirect could carry credentials to another host).
 *
 * Why not got: the server fans one dashboard query out to hundreds of upstream calls, and got's
 * per-request machinery (options normalization, hooks, its stream wrapper) cost about four times
 * the CPU of the request itself (`npm run bench:transport`; docs/architecture.md, "Upstream
 * transport"). That CPU sits on the query's critical path. This module keeps what got gave us and
 * the client relies on: the three timeouts, abort by signal, a body size limit, and decompression.
 */
import { request as httpRequest, type Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { TurnQueue } from '../../event-loop/turn-queue.js';
import { parseJsonBody, type ParsedBody } from './body.js';
import type { HttpMethod } from './types.js';

export type AttemptOutcome =
  | { kind: 'answer'; status: number; body: ParsedBody; retryAfter: string | undefined }
  /** `phase`: `connect` (no TCP/TLS connection), `response` (no headers after the request was sent) or `request` (the whole attempt). */
  | { kind: 'timeout'; phase: 'connect' | 'response' | 'request' }
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
  /** Nothing else waits on this answer: it is parsed and handed on after more urgent ones (backgroundAnswers). */
  background?: boolean;
}

/**
 * Answers nothing else waits on (a team page's hundred per-person lists): handled one per turn, so
 * an answer that decides whether more calls follow is not read behind them (turn-queue.ts).
 */
const backgroundAnswers = new TurnQueue();

/** Sent with every attempt: upstream lists compress well, and each encoding is decoded below. */
const ACCEPT_ENCODING = 'gzip, deflate, br';

/** The body as sent, decoded when the upstream compressed it; null for an encoding we did not offer. */
function decoded(response: IncomingMessage): Readable | null {
  const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return response;
  if (encoding === 'gzip' || encoding === 'x-gzip') return response.pipe(createGunzip());
  if (encoding === 'deflate') return response.pipe(createInflate());
  if (encoding === 'br') return response.pipe(createBrotliDecompress());
  return null;
}

export function sendOnce(input: AttemptInput): Promise<AttemptOutcome> {
  if (input.signal.aborted) return Promise.resolve({ kind: 'aborted' });
  const { url, timeouts, maxResponseBytes, signal } = input;
  const secure = url.protocol === 'https:';
  const payload = input.json === undefined ? undefined : Buffer.from(JSON.stringify(input.json), 'utf8');
  const headers: Record<string, string> = { 'accept-encoding': ACCEPT_ENCODING, ...input.headers };
  if (payload !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(payload.length);
  }

  return new Promise<AttemptOutcome>((resolve) => {
    const timers: NodeJS.Timeout[] = [];
    let settled = false;
    const settle = (outcome: AttemptOutcome): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    /** Settles and drops the connection: a half-read answer must not go back to the keep-alive pool. */
    const giveUp = (outcome: AttemptOutcome): void => {
      settle(outcome);
      request.destroy();
    };
    const startTimer = (ms: number, phase: 'connect' | 'response' | 'request'): NodeJS.Timeout => {
      const timer = setTimeout(() => giveUp({ kind: 'timeout', phase }), ms);
      timers.push(timer);
      return timer;
    };
    const onAbort = (): void => giveUp({ kind: 'aborted' });

    const request = (secure ? httpsRequest : httpRequest)(url, { method: input.method, headers, agent: secure ? input.agents.https : input.agents.http });
    signal.addEventListener('abort', onAbort, { once: true });
    startTimer(timeouts.requestMs, 'request');
    request.once('socket', (socket) => {
      // A kept-alive socket is already connected; only a new one has a connection to wait for.
      if (!socket.connecting) return;
      const connectTimer = startTimer(timeouts.connectMs, 'connect');
      socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    let responseTimer: NodeJS.Timeout | undefined;
    // 'finish': the whole request has been handed to the socket; the upstream's turn starts now.
    request.once('finish', () => {
      if (!settled) responseTimer = startTimer(timeouts.responseMs, 'response');
    });
    // `on`, not `once`: a destroyed request may emit a second error, which must not go unheard.
    request.on('error', (error: NodeJS.ErrnoException) => giveUp({ kind: 'network', code: error.code ?? 'ECONNRESET' }));
    request.once('response', (response) => {
      if (responseTimer !== undefined) clearTimeout(responseTimer);
      const announced = Number(response.headers['content-length']);
      if (Number.isFinite(announced) && announced > maxResponseBytes) return giveUp({ kind: 'too_large' });
      const body = decoded(response);
      // An encoding we never offered cannot be read: the same as a body that is not JSON.
      if (body === null) return giveUp({ kind: 'answer', status: response.statusCode ?? 0, body: { kind: 'malformed' }, retryAfter: undefined });
      const chunks: Buffer[] = [];
      let received = 0;
      let ended = false;
      body.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxResponseBytes) giveUp({ kind: 'too_large' });
        else chunks.push(chunk);
      });
      body.once('end', () => {
        ended = true;
        const retryAfter = response.headers['retry-after'];
        // The whole answer is in: no timeout applies to it any more, however long it waits below.
        for (const timer of timers) clearTimeout(timer);
        const answer = (): void => {
          if (settled) return;
          settle({ kind: 'answer', status: response.statusCode ?? 0, body: parseJsonBody(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)), retryAfter });
        };
        if (input.background === true) backgroundAnswers.push(answer);
        else answer();
      });
      // A connection cut mid-body, or a compressed body that does not decode.
      const cutShort = (error: NodeJS.ErrnoException): void => giveUp({ kind: 'network', code: error.code ?? 'ERR_STREAM_PREMATURE_CLOSE' });
      body.on('error', cutShort);
      if (body !== response) response.on('error', cutShort);
      response.once('close', () => {
        if (!ended && !response.complete) giveUp({ kind: 'network', code: 'ERR_STREAM_PREMATURE_CLOSE' });
      });
    });
    request.end(payload);
  });
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
  Z_DATA_ERROR: 'compressed body does not decode',
  Z_BUF_ERROR: 'compressed body cut short',
};

/** Words for a network error code; the code itself is a fixed identifier, safe to show. */
export function describeNetworkFailure(code: string): string {
  const text = NETWORK_TEXT[code];
  const safeCode = /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'unknown';
  return text === undefined ? `network error ${safeCode}` : `${text} (${safeCode})`;
}
