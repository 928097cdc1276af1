import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { API_KEY, LOGIN, expectError, startAbsorb, testDataset, validationsOf, type AbsorbTestServer } from './absorb-setup.js';

describe('Absorb gate: api key, version, token', () => {
  let absorb: AbsorbTestServer;

  beforeAll(async () => {
    absorb = await startAbsorb({ dataset: testDataset(60) });
  });
  afterAll(() => absorb.close());

  it('answers 401 without or with a wrong x-api-key, before anything else', async () => {
    const missing = await absorb.get('/users', { headers: { 'x-api-key': '' } });
    expectError(missing, 401, /x-api-key/);
    const wrong = await absorb.get('/users', { headers: { 'x-api-key': 'nope', 'x-api-version': '1' } });
    expectError(wrong, 401);
    const login = await absorb.post('/authenticate', LOGIN, { token: null, headers: { 'x-api-key': 'nope' } });
    expectError(login, 401);
  });

  it('answers 400 without x-api-version 2', async () => {
    expectError(await absorb.get('/users', { headers: { 'x-api-version': '' } }), 400, /x-api-version 2/);
    const v1 = await absorb.get('/users', { headers: { 'x-api-version': '1' } });
    expectError(v1, 400, /got '1'/);
    expect(validationsOf(v1)).toEqual(['x-api-version: must be 2']);
    expectError(await absorb.post('/authenticate', LOGIN, { token: null, headers: { 'x-api-version': '1.5' } }), 400);
  });

  it('authenticates to a bare JSON string token', async () => {
    const answer = await absorb.post('/authenticate', LOGIN, { token: null });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/application\/json/);
    expect(answer.text).toMatch(/^"[0-9a-f]{64}"$/);
    expect(typeof answer.body).toBe('string');
    absorb.token = answer.body as string;
  });

  it('matches the username case-insensitively but not the password or key', async () => {
    const upper = await absorb.post<string>('/authenticate', { ...LOGIN, username: 'DEMO-ADMIN' }, { token: null });
    expect(upper.status).toBe(200);
    absorb.token = upper.body;
    expectError(await absorb.post('/authenticate', { ...LOGIN, password: 'DEMO-PASSWORD' }, { token: null }), 401);
    expectError(await absorb.post('/authenticate', { ...LOGIN, privateKey: 'x' }, { token: null }), 401, /Invalid username, password or private key/);
  });

  it('answers 400 listing the missing credentials', async () => {
    const answer = await absorb.post('/authenticate', { username: 'demo-admin' }, { token: null });
    expectError(answer, 400);
    expect(validationsOf(answer)).toEqual(['password: is required', 'privateKey: is required']);
    expectError(await absorb.post('/authenticate', undefined, { token: null }), 400);
    const malformed = await absorb.request('POST', '/authenticate', { rawBody: '{"username": ', token: null });
    expectError(malformed, 400, /not valid JSON/);
  });

  it('answers 401 without a bearer token or with an unknown one', async () => {
    expectError(await absorb.get('/users', { token: null }), 401, /bearer token/);
    expectError(await absorb.get('/users', { token: 'f3c1' }), 401);
    expectError(await absorb.get('/users', { headers: { authorization: absorb.token } }), 401);
    expect((await absorb.get('/users', { headers: { authorization: `bearer ${absorb.token}` } })).status).toBe(200);
  });

  it('invalidates the previous token when the same login authenticates again', async () => {
    const first = await absorb.login();
    expect((await absorb.get('/users', { token: first })).status).toBe(200);
    const second = await absorb.login();
    expect(second).not.toBe(first);
    expectError(await absorb.get('/users', { token: first }), 401);
    expect((await absorb.get('/users', { token: second })).status).toBe(200);
    absorb.token = second;
  });

  it('answers 401 for every token after controls.revokeTokens', async () => {
    const token = await absorb.login();
    absorb.controls.revokeTokens('absorb');
    expectError(await absorb.get('/users', { token }), 401);
    absorb.token = await absorb.login();
    expect((await absorb.get('/users')).status).toBe(200);
  });

  it('records requests by path template in the request log', async () => {
    absorb.controls.log.clear();
    const user = absorb.dataset.absorb.users[0];
    await absorb.get(`/users/${user?.id ?? ''}`);
    await absorb.get('/users', { token: null });
    expect(absorb.controls.log.summary()).toEqual({ 'absorb GET /users/:userId': 1, 'absorb GET /users': 1 });
    expect(absorb.controls.log.count({ endpoint: '/users', status: 401 })).toBe(1);
  });

  it('answers injected faults with the Absorb error body', async () => {
    absorb.controls.addFault({ provider: 'absorb', endpoint: '/users', kind: 'error', status: 503, times: 1 });
    expectError(await absorb.get('/users'), 503);
    expect((await absorb.get('/users')).status).toBe(200);
  });

  it('answers 404 with the error body for an unknown path', async () => {
    expectError(await absorb.get('/nothing/here'), 404, /No Absorb endpoint GET \/nothing\/here/);
  });
});

describe('Absorb token lifetime', () => {
  it('expires a token after tokenLifetimeMs on the simulator clock', async () => {
    let now = Date.UTC(2024, 5, 30, 8);
    const absorb = await startAbsorb({ dataset: testDataset(20), simulator: { tokenLifetimeMs: 60_000, now: () => now } });
    try {
      expect((await absorb.get('/users')).status).toBe(200);
      now += 59_999;
      expect((await absorb.get('/users')).status).toBe(200);
      now += 1;
      expectError(await absorb.get('/users'), 401);
      absorb.token = await absorb.login();
      expect((await absorb.get('/users')).status).toBe(200);
    } finally {
      await absorb.close();
    }
  });

  it('keeps tokens 4 hours by default', async () => {
    let now = Date.UTC(2024, 5, 30, 8);
    const absorb = await startAbsorb({ dataset: testDataset(20), simulator: { now: () => now } });
    try {
      now += 4 * 3600_000 - 1;
      expect((await absorb.get('/users')).status).toBe(200);
      now += 1;
      expectError(await absorb.get('/users'), 401);
    } finally {
      await absorb.close();
    }
  });
});

describe('Absorb rate limit', () => {
  let absorb: AbsorbTestServer | undefined;
  afterEach(async () => {
    await absorb?.close();
    absorb = undefined;
  });

  it('answers some of a 150-request burst with 429, the error body and no Retry-After', async () => {
    absorb = await startAbsorb({ dataset: testDataset(20), simulator: { rateLimit: undefined } });
    const server = absorb;
    const burst = () => Promise.all(Array.from({ length: 150 }, () => server.get('/courses?_limit=1')));
    // Open 150 keep-alive connections and warm the code paths first, so the measured burst is
    // not paced by connection setup.
    await burst();
    // A burst only overflows the bucket if it lands within (150 − 100) / 200 s = 250 ms; a
    // heavily loaded machine may serve it slower, so it gets three tries, each after a refill.
    let answers: Awaited<ReturnType<typeof burst>> = [];
    for (let round = 0; round < 3; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 700));
      answers = await burst();
      if (answers.some((a) => a.status === 429)) break;
    }
    const limited = answers.filter((a) => a.status === 429);
    const passed = answers.filter((a) => a.status === 200);
    expect(limited.length).toBeGreaterThan(0);
    expect(passed.length).toBeGreaterThanOrEqual(100);
    expect(limited.length + passed.length).toBe(150);
    for (const answer of limited) {
      expectError(answer, 429, /Rate limit exceeded/);
      expect(answer.headers.get('retry-after')).toBeNull();
    }
    // The bucket refills at 200/s: after a pause requests pass again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await server.get('/courses?_limit=1')).status).toBe(200);
  });

  it('keeps one bucket per api key, sized by the options', async () => {
    const dataset = testDataset(20);
    dataset.absorb.apiKeys.push('second-key');
    absorb = await startAbsorb({ dataset, simulator: { rateLimit: { perSecond: 0.001, burst: 3 } } });
    // The login in startAbsorb took one token of the first key's three.
    expect((await absorb.get('/courses')).status).toBe(200);
    expect((await absorb.get('/courses')).status).toBe(200);
    expectError(await absorb.get('/courses'), 429);
    expect((await absorb.get('/courses', { headers: { 'x-api-key': 'second-key' } })).status).toBe(200);
    // An unknown key is refused as such, not rate limited.
    expectError(await absorb.get('/courses', { headers: { 'x-api-key': 'third' } }), 401);
  });

  it('can be switched off', async () => {
    absorb = await startAbsorb({ dataset: testDataset(20), simulator: { rateLimit: false } });
    const server = absorb;
    const answers = await Promise.all(Array.from({ length: 150 }, () => server.get('/courses?_limit=1')));
    expect(answers.every((a) => a.status === 200)).toBe(true);
  });
});

// The key is a constant of the seeded dataset: a test relying on it should notice a change.
it('the seeded dataset still uses the demo api key', () => {
  expect(testDataset(20).absorb.apiKeys).toContain(API_KEY);
});
