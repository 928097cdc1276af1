/**
 * The transport under the HTTP client (src/providers/http/attempt.ts): one attempt over Node's
 * http module, against real sockets on 127.0.0.1. The client's own tests (client.test.ts) cover
 * what is decided on these outcomes; here, that each outcome is the right one.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { Agent as HttpAgent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { sendOnce, type AttemptInput } from '../../../src/providers/http/attempt.js';

interface Upstream {
  url: URL;
  /** TCP connections accepted so far. */
  connections: number;
  received: { headers: IncomingMessage['headers']; body: string }[];
}

let server: Server | undefined;
const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 10 }), https: new HttpsAgent({ keepAlive: true }) };
afterEach(async () => {
  agents.http.destroy();
  agents.http = new HttpAgent({ keepAlive: true, maxSockets: 10 });
  if (server !== undefined) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
  }
});

async function upstream(handle: (request: IncomingMessage, response: ServerResponse) => void): Promise<Upstream> {
  const state: Upstream = { url: new URL('http://127.0.0.1/'), connections: 0, received: [] };
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      state.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      handle(request, response);
    });
  });
  server.on('connection', () => (state.connections += 1));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  state.url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/items?page=1`);
  return state;
}

function attempt(url: URL, overrides: Partial<AttemptInput> = {}): ReturnType<typeof sendOnce> {
  return sendOnce({
    url,
    method: 'GET',
    headers: { accept: 'application/json' },
    json: undefined,
    agents,
    timeouts: { connectMs: 1_000, responseMs: 1_000, requestMs: 2_000 },
    maxResponseBytes: 1_000_000,
    signal: new AbortController().signal,
    ...overrides,
  });
}

const ITEMS = { items: Array.from({ length: 50 }, (_, i) => ({ id: i, name: `course ${i}` })) };

describe('sendOnce', () => {
  it('answers status, parsed JSON and Retry-After, reusing one kept-alive connection', async () => {
    const up = await upstream((_request, response) => {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' });
      response.end(JSON.stringify(ITEMS));
    });
    const first = await attempt(up.url);
    const second = await attempt(up.url);
    expect(first).toEqual({ kind: 'answer', status: 429, body: { kind: 'json', value: ITEMS }, retryAfter: '3' });
    expect(second).toEqual(first);
    expect(up.connections).toBe(1);
    expect(up.received[0]!.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('sends a JSON body with its type and length', async () => {
    const up = await upstream((_request, response) => response.end());
    const outcome = await attempt(up.url, { method: 'POST', json: { name: 'Siti', tags: ['a'] } });
    expect(outcome).toEqual({ kind: 'answer', status: 200, body: { kind: 'empty' }, retryAfter: undefined });
    expect(up.received[0]!.body).toBe('{"name":"Siti","tags":["a"]}');
    expect(up.received[0]!.headers['content-type']).toBe('application/json');
    expect(up.received[0]!.headers['content-length']).toBe(String(up.received[0]!.body.length));
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('decodes a %s body', async (encoding, compress) => {
    const up = await upstream((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
      response.end(compress(Buffer.from(JSON.stringify(ITEMS))));
    });
    expect(await attempt(up.url)).toMatchObject({ kind: 'answer', body: { kind: 'json', value: ITEMS } });
  });

  it('reads a body in an encoding it never offered as malformed, and a corrupt gzip body as a network fault', async () => {
    let encoding = 'compress';
    const up = await upstream((_request, response) => {
      response.writeHead(200, { 'content-encoding': encoding });
      response.end(encoding === 'gzip' ? Buffer.from('not gzip at all') : 'x');
    });
    expect(await attempt(up.url)).toMatchObject({ kind: 'answer', status: 200, body: { kind: 'malformed' } });
    encoding = 'gzip';
    expect(await attempt(up.url)).toEqual({ kind: 'network', code: 'Z_DATA_ERROR' });
  });

  it('times out waiting for the response headers with phase "response"', async () => {
    const up = await upstream(() => undefined);
    const started = performance.now();
    expect(await attempt(up.url, { timeouts: { connectMs: 1_000, responseMs: 150, requestMs: 2_000 } })).toEqual({ kind: 'timeout', phase: 'response' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('times out a body that stalls with phase "request", and does not reuse that connection', async () => {
    let stall = true;
    const up = await upstream((_request, response) => {
      if (!stall) return void response.end('{}');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"items": [');
    });
    expect(await attempt(up.url, { timeouts: { connectMs: 1_000, responseMs: 1_000, requestMs: 200 } })).toEqual({ kind: 'timeout', phase: 'request' });
    stall = false;
    expect(await attempt(up.url)).toMatchObject({ kind: 'answer', body: { kind: 'json', value: {} } });
    expect(up.connections).toBe(2);
  });

  it('reports a body cut short as a network fault', async () => {
    const up = await upstream((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"items": [');
      setTimeout(() => (request.socket as Socket).destroy(), 20);
    });
    const outcome = await attempt(up.url);
    expect(outcome.kind).toBe('network');
    expect(['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE']).toContain((outcome as { code: string }).code);
  });

  it('reports a refused connection by its code', async () => {
    const up = await upstream(() => undefined);
    server!.close();
    server!.closeAllConnections();
    server = undefined;
    expect(await attempt(up.url)).toEqual({ kind: 'network', code: 'ECONNREFUSED' });
  });

  it('refuses a body over the limit, announced or streamed', async () => {
    let announce = true;
    const big = JSON.stringify({ blob: 'x'.repeat(5_000) });
    const up = await upstream((_request, response) => {
      if (announce) response.writeHead(200, { 'content-length': String(Buffer.byteLength(big)) });
      else response.writeHead(200, { 'transfer-encoding': 'chunked' });
      response.end(big);
    });
    expect(await attempt(up.url, { maxResponseBytes: 1_000 })).toEqual({ kind: 'too_large' });
    announce = false;
    expect(await attempt(up.url, { maxResponseBytes: 1_000 })).toEqual({ kind: 'too_large' });
    expect(await attempt(up.url, { maxResponseBytes: 10_000 })).toMatchObject({ kind: 'answer', body: { kind: 'json' } });
  });

  it('stops when its signal aborts, before or during the attempt', async () => {
    const up = await upstream(() => undefined);
    const before = new AbortController();
    before.abort();
    expect(await attempt(up.url, { signal: before.signal })).toEqual({ kind: 'aborted' });
    expect(up.received).toHaveLength(0);
    const during = new AbortController();
    setTimeout(() => during.abort(), 50);
    const started = performance.now();
    expect(await attempt(up.url, { signal: during.signal })).toEqual({ kind: 'aborted' });
    expect(performance.now() - started).toBeLessThan(900);
  });
});
