/**
 * How the Ruangkerja client fails: retried 503s, permanent 503s, hangs, malformed JSON, answers
 * outside the schema, and no secret in any error.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { UpstreamHttpConfig } from '../../../src/config.js';
import { isProviderError, type ProviderError } from '../../../src/providers/errors.js';
import { createRuangkerjaClient, type RuangkerjaClient } from '../../../src/providers/ruangkerja/client.js';
import { buildDataset, startSimulators, type RunningSimulators } from '../../../src/simulators/index.js';
import { FAST_BACKOFF, HTTP, ONLINE, ROSTER, TOKEN, credentialsConfig } from './support.js';
import { startTinyServer, type TinyServer } from './tiny-server.js';

/** Every error a test saw and every log line written, checked for secrets at the end. */
const seen: ProviderError[] = [];
const secrets: string[] = [];
const logged: unknown[] = [];
const logger = {
  debug: (fields: object, message: string) => logged.push({ level: 'debug', fields, message }),
  warn: (fields: object, message: string) => logged.push({ level: 'warn', fields, message }),
};

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  seen.push(error);
  return error;
}

describe('against the simulator', () => {
  let sims: RunningSimulators;
  let client: RuangkerjaClient;
  const extra: RuangkerjaClient[] = [];
  let learner: string;

  beforeAll(async () => {
    sims = await startSimulators({ dataset: buildDataset({ seed: 5, employees: 40 }) });
    client = createRuangkerjaClient(credentialsConfig(sims), HTTP, { backoff: FAST_BACKOFF, logger });
    learner = sims.dataset.samples.learnerEmployeeID;
    secrets.push(...sims.dataset.ruangkerja.clients.map((c) => c.clientSecret));
  });
  afterAll(async () => {
    client.close();
    await sims.close();
  });
  beforeEach(() => sims.controls.reset());
  afterEach(() => {
    for (const c of extra.splice(0)) c.close();
  });

  it('retries a 503 and then succeeds', async () => {
    const expected = await client.onlineEnrollments(learner, learner);
    sims.controls.reset();
    sims.controls.addFault({ provider: 'ruangkerja', endpoint: ONLINE, kind: 'error', status: 503, times: 1 });
    await expect(client.onlineEnrollments(learner, learner)).resolves.toEqual(expected);
    expect(sims.controls.log.count({ endpoint: ONLINE, status: 503 })).toBe(1);
    expect(sims.controls.log.count({ endpoint: ONLINE, status: 200 })).toBe(1);
  });

  it('a permanent 503 is UPSTREAM_UNAVAILABLE from ruangkerja after retries + 1 attempts', async () => {
    await client.courses();
    sims.controls.reset();
    sims.controls.addFault({ provider: 'ruangkerja', endpoint: ROSTER, kind: 'error', status: 503 });
    const { courseSerial, batchSerial } = sims.dataset.samples.batch;
    const error = await failure(client.batchRoster(courseSerial, batchSerial));
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'ruangkerja', endpoint: ROSTER, upstreamStatus: 503 });
    expect(error.toExtensions()).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'ruangkerja', upstreamStatus: 503 });
    expect(sims.controls.log.count({ endpoint: ROSTER })).toBe(HTTP.retries + 1);
  });

  it('a hanging upstream is UPSTREAM_TIMEOUT within 2 s (requestMs 300, no retries)', async () => {
    const short: UpstreamHttpConfig = { ...HTTP, requestTimeoutMs: 300, retries: 0 };
    const quick = createRuangkerjaClient(credentialsConfig(sims), short, { logger });
    extra.push(quick);
    await quick.courses();
    sims.controls.addFault({ provider: 'ruangkerja', endpoint: ONLINE, kind: 'hang' });
    const started = Date.now();
    const error = await failure(quick.onlineEnrollments(learner, learner));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', provider: 'ruangkerja', endpoint: ONLINE });
    sims.controls.clearFaults();
  });

  it('malformed JSON is UPSTREAM_BAD_RESPONSE naming the provider and endpoint', async () => {
    sims.controls.addFault({ provider: 'ruangkerja', endpoint: ONLINE, kind: 'malformedJson' });
    const error = await failure(client.onlineEnrollments(learner, learner));
    expect(error).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'ruangkerja', endpoint: ONLINE });
    expect(error.message).toContain('ruangkerja');
    expect(error.message).toContain(ONLINE);
    expect(error.message).toMatch(/malformed JSON/);
  });

  it('a cut-off body is retried, then UPSTREAM_UNAVAILABLE or UPSTREAM_BAD_RESPONSE, never a crash', async () => {
    sims.controls.addFault({ provider: 'ruangkerja', endpoint: ONLINE, kind: 'truncated' });
    const error = await failure(client.onlineEnrollments(learner, learner));
    expect(error.provider).toBe('ruangkerja');
    expect(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_BAD_RESPONSE']).toContain(error.code);
  });

  it('an online status outside the mapping fails the list with UPSTREAM_BAD_RESPONSE, naming the field', async () => {
    const user = sims.dataset.ruangkerja.users.find((u) => u.employeeID === learner);
    const assignment = sims.dataset.ruangkerja.onlineAssignments.find((a) => a.userSerial === user?.serial);
    if (assignment === undefined) throw new Error('the learner has no online assignment');
    const original = assignment.status;
    // The simulator serialises its dataset rows live: an upstream adding a status tomorrow.
    (assignment as { status: string }).status = 'archived';
    try {
      const error = await failure(client.onlineEnrollments(learner, learner));
      expect(error).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'ruangkerja', endpoint: ONLINE });
      expect(error.message).toMatch(/status/);
    } finally {
      assignment.status = original;
    }
  });
});

describe('against a tiny upstream', () => {
  let server: TinyServer | undefined;
  let client: RuangkerjaClient | undefined;
  afterEach(async () => {
    client?.close();
    await server?.close();
    client = undefined;
    server = undefined;
  });

  const ISSUED = 'issued-access-token-7c1f9a2b4d';
  const SECRET = 'client-secret-5e6d7c8b9a';
  const credentials = (url: string) => ({ baseUrl: url, userKey: 'employeeID' as const, auth: { kind: 'clientCredentials' as const, clientId: 'cid', clientSecret: SECRET } });
  const login: [number, unknown] = [200, { data: { accessToken: ISSUED, expiresIn: '43199', tokenType: 'Bearer' } }];

  beforeAll(() => {
    secrets.push(ISSUED, SECRET);
  });

  it('a 404 on a per-user list is an empty list; on a roster, null', async () => {
    const tiny = await startTinyServer((r) => (r.pathname === TOKEN ? login : [404, { errorCode: 5, message: 'rpc error: code = NotFound desc = user not found', detail: '' }]));
    server = tiny;
    client = createRuangkerjaClient(credentials(tiny.url), HTTP, { logger });
    await expect(client.onlineEnrollments('E1', 'E1')).resolves.toEqual([]);
    await expect(client.webinarEnrollments('E1', 'E1')).resolves.toEqual([]);
    await expect(client.batchRoster('C1', 'B1')).resolves.toBeNull();
    await expect(client.batches('C1')).resolves.toBeNull();
    await expect(client.findUserByEmployeeID('E1')).resolves.toBeNull();
    expect(tiny.requests.length - tiny.count(TOKEN)).toBe(5);
    // The catalogue itself answering 404 is a wrong base URL or path, not an unknown course.
    await expect(failure(client.courses())).resolves.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'ruangkerja', upstreamStatus: 404 });
  });

  it('a paged answer for another page than the one asked is UPSTREAM_BAD_RESPONSE', async () => {
    const item = { course: { serial: 'C1', name: 'N' }, postTest: null, preTest: null, timeSpent: 1, completedAt: '', status: 'in_progress' };
    const tiny = await startTinyServer((r) =>
      r.pathname === TOKEN ? login : [200, { status: 'success', data: { currentPage: 1, totalItems: 150, totalPage: 2, items: Array.from({ length: r.query.get('page') === '1' ? 100 : 50 }, () => item) } }],
    );
    server = tiny;
    client = createRuangkerjaClient(credentials(tiny.url), HTTP, { logger });
    const error = await failure(client.onlineEnrollments('E1', 'E1'));
    expect(error).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'ruangkerja', endpoint: ONLINE });
    expect(error.message).toMatch(/page 1 when page 2/);
  });

  it('an upstream quoting the token and the client secret back never puts them in an error', async () => {
    const echo = `rpc error: code = InvalidArgument desc = bad request with Authorization ${ISSUED} for clientSecret ${SECRET}`;
    const tiny = await startTinyServer((r) => {
      if (r.pathname === TOKEN) return login;
      if (r.pathname.endsWith('/online')) return [400, { errorCode: 3, message: echo, detail: echo }];
      if (r.pathname.endsWith('/webinar')) return [500, { errorCode: 13, message: echo, detail: echo }];
      // A success envelope whose item is wrong and carries the token.
      return [200, { status: 'success', data: [{ serial: ISSUED, name: SECRET, category: 'Hybrid' }] }];
    });
    server = tiny;
    client = createRuangkerjaClient(credentials(tiny.url), { ...HTTP, retries: 0 }, { logger });
    const errors = [await failure(client.onlineEnrollments('E1', 'E1')), await failure(client.webinarEnrollments('E1', 'E1')), await failure(client.courses())];
    expect(errors.map((e) => e.code)).toEqual(['BAD_USER_INPUT', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_BAD_RESPONSE']);
  });

  it('a login answer outside its schema is reported without the secret', async () => {
    const tiny = await startTinyServer((r) => (r.pathname === TOKEN ? [200, { data: { token: ISSUED } }] : [200, { data: [] }]));
    server = tiny;
    client = createRuangkerjaClient(credentials(tiny.url), HTTP, { logger });
    const error = await failure(client.courses());
    expect(error.provider).toBe('ruangkerja');
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(error.endpoint).toBe(TOKEN);
  });
});

afterAll(() => {
  // Checked over every error the tests above produced and every line they logged.
  expect(seen.length).toBeGreaterThanOrEqual(10);
  expect(logged.length).toBeGreaterThan(0);
  const lines = JSON.stringify(logged);
  for (const secret of secrets) expect(lines).not.toContain(secret);
  for (const error of seen) {
    const shown = [error.message, JSON.stringify(error), JSON.stringify(error.toExtensions()), String(error.stack)].join('\n');
    for (const secret of secrets) expect(shown).not.toContain(secret);
  }
});
