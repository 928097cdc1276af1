import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { expect } from '@jest/globals';
import { createAbsorbSimulator, type AbsorbSimulatorOptions } from '../../src/simulators/absorb/index.js';
import { buildDataset } from '../../src/simulators/dataset/build.js';
import type { Dataset } from '../../src/simulators/dataset/types.js';
import { SimulatorControls, type SimulatorRouter } from '../../src/simulators/harness.js';

/**
 * Shared by the absorb*.test.ts files: an Absorb simulator on an ephemeral port, spoken to over
 * real HTTP with fetch, and an assertion for the GenericErrorResponse.
 */

export const API_KEY = 'demo-api-key';
export const LOGIN = { username: 'demo-admin', password: 'demo-password', privateKey: 'demo-private-key' };

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Raw body text, sent as JSON content. */
  rawBody?: string;
  /** Bearer token; the server's own when omitted, none when null. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface AbsorbTestServer {
  base: string;
  dataset: Dataset;
  controls: SimulatorControls;
  router: SimulatorRouter;
  token: string;
  login(): Promise<string>;
  get<T = unknown>(path: string, options?: RequestOptions): Promise<Answer<T>>;
  post<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<Answer<T>>;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<Answer<T>>;
  close(): Promise<void>;
}

export function testDataset(employees = 200): Dataset {
  return buildDataset({ seed: 7, employees });
}

/** Starts a simulator; the rate limiter is off unless the options ask for it. */
export async function startAbsorb(options: { dataset?: Dataset; simulator?: AbsorbSimulatorOptions } = {}): Promise<AbsorbTestServer> {
  const dataset = options.dataset ?? testDataset();
  const controls = new SimulatorControls();
  const router = createAbsorbSimulator(dataset, controls, { rateLimit: false, ...options.simulator });
  const http: Server = await new Promise((resolve) => {
    const s = router.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = http.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  const request = async <T,>(method: string, path: string, opts: RequestOptions = {}): Promise<Answer<T>> => {
    const headers: Record<string, string> = { 'x-api-key': API_KEY, 'x-api-version': '2', ...opts.headers };
    const token = opts.token === undefined ? server.token : opts.token;
    if (token !== null && token !== '' && headers.authorization === undefined) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(base + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  };

  const server: AbsorbTestServer = {
    base,
    dataset,
    controls,
    router,
    token: '',
    async login() {
      const answer = await request<string>('POST', '/authenticate', { body: LOGIN, token: null });
      if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${answer.text}`);
      return answer.body;
    },
    get: (path, opts) => request('GET', path, opts),
    post: (path, body, opts) => request('POST', path, { ...opts, body }),
    request,
    close: () =>
      new Promise<void>((resolve) => {
        router.releaseHanging();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  server.token = await server.login();
  return server;
}

/** Asserts Absorb's GenericErrorResponse with the given status. */
export function expectError(answer: Answer, status: number, message?: RegExp): void {
  expect({ status: answer.status, body: answer.body }).toMatchObject({
    status,
    body: { validations: expect.any(Array), code: status, message: expect.any(String), term: expect.any(String), _meta: {} },
  });
  const body = answer.body as { message: string; validations: unknown[] };
  expect(Object.keys(body).sort()).toEqual(['_meta', 'code', 'message', 'term', 'validations']);
  for (const validation of body.validations) expect(typeof validation).toBe('string');
  if (message) expect(body.message).toMatch(message);
}

/** The validations of an error answer, for `toContainEqual(expect.stringMatching(…))`. */
export function validationsOf(answer: Answer): string[] {
  return (answer.body as { validations: string[] }).validations;
}

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const UNKNOWN_GUID = '11111111-2222-4333-8444-555555555555';
