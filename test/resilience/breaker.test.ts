/**
 * The per-provider circuit breaker: on its own, and in a server whose SelfCommunity keeps failing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ProviderError } from '../../src/providers/errors.js';
import { ProviderBreaker } from '../../src/resilience/breaker.js';
import { notTheProvidersFault } from '../../src/resilience/fault.js';
import { startSimulators, type RunningSimulators } from '../../src/simulators/index.js';
import { rejectionOf } from '../providers/http/helpers.js';
import { LEARNER_QUERY, eventually, startReplica, type Replica } from './helpers.js';

jest.setTimeout(30_000);

const failure = (code: ProviderError['code']) => new ProviderError({ code, provider: 'absorb', endpoint: '/users', message: `absorb GET /users failed (${code})` });
const call = { method: 'GET', endpoint: '/users' };

describe('ProviderBreaker', () => {
  const breakers: ProviderBreaker[] = [];
  const breaker = (resetTimeoutMs = 200): ProviderBreaker => {
    const created = new ProviderBreaker('absorb', { volumeThreshold: 10, errorThresholdPercent: 50, windowMs: 10_000, resetTimeoutMs });
    breakers.push(created);
    return created;
  };
  afterEach(() => breakers.splice(0).forEach((b) => b.shutdown()));

  it('stays closed on answers that are not the provider failing (404, bad input, bad auth, bad data)', async () => {
    const b = breaker();
    for (const code of ['NOT_FOUND', 'BAD_USER_INPUT', 'UPSTREAM_AUTH', 'UPSTREAM_BAD_RESPONSE'] as const) {
      for (let i = 0; i < 10; i += 1) await rejectionOf(b.run(call, () => Promise.reject(failure(code))));
    }
    expect(b.state).toBe('closed');
  });

  it('does not count a load its waiters abandoned (their deadlines, not the provider)', async () => {
    const b = breaker();
    for (let i = 0; i < 20; i += 1) await rejectionOf(b.run(call, () => Promise.reject(notTheProvidersFault(failure('UPSTREAM_TIMEOUT')))));
    expect(b.state).toBe('closed');
  });

  it('does not open below the volume threshold, however bad the ratio', async () => {
    const b = breaker();
    for (let i = 0; i < 9; i += 1) await rejectionOf(b.run(call, () => Promise.reject(failure('UPSTREAM_UNAVAILABLE'))));
    expect(b.state).toBe('closed');
  });

  it('opens on sustained failure, then fails fast with UPSTREAM_UNAVAILABLE naming the provider, without calling', async () => {
    const b = breaker(60_000);
    for (let i = 0; i < 5; i += 1) await b.run(call, () => Promise.resolve(i));
    for (let i = 0; i < 6; i += 1) await rejectionOf(b.run(call, () => Promise.reject(failure(i % 2 === 0 ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE'))));
    expect(b.state).toBe('open');
    let called = false;
    const error = await rejectionOf(b.run({ method: 'GET', endpoint: '/courses' }, async () => (called = true)));
    expect(called).toBe(false);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).toExtensions()).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'absorb' });
    expect((error as ProviderError).message).toMatch(/^absorb GET \/courses was not sent: absorb keeps failing, so its circuit breaker is open/);
    expect(b.status()).toMatchObject({ state: 'open', openedAt: expect.any(String) });
  });

  it('half-opens after the reset timeout, lets exactly one probe through, and closes when it succeeds', async () => {
    const b = breaker(150);
    for (let i = 0; i < 10; i += 1) await rejectionOf(b.run(call, () => Promise.reject(failure('UPSTREAM_UNAVAILABLE'))));
    expect(b.state).toBe('open');
    expect(await eventually(() => b.state === 'half_open', 2_000, 10)).toBe(true);
    let calls = 0;
    let release: () => void = () => undefined;
    const probe = b.run(call, () => {
      calls += 1;
      return new Promise<string>((resolve) => (release = () => resolve('probe')));
    });
    const second = await rejectionOf(b.run(call, async () => (calls += 1)));
    expect((second as ProviderError).code).toBe('UPSTREAM_UNAVAILABLE');
    expect(calls).toBe(1);
    release();
    expect(await probe).toBe('probe');
    expect(b.state).toBe('closed');
  });

  it('opens again when the probe fails', async () => {
    const b = breaker(100);
    for (let i = 0; i < 10; i += 1) await rejectionOf(b.run(call, () => Promise.reject(failure('UPSTREAM_TIMEOUT'))));
    expect(await eventually(() => b.state === 'half_open', 2_000, 10)).toBe(true);
    await rejectionOf(b.run(call, () => Promise.reject(failure('UPSTREAM_TIMEOUT'))));
    expect(b.state).toBe('open');
  });
});

describe('in the server: SelfCommunity keeps failing', () => {
  let simulators: RunningSimulators;
  let replica: Replica;

  beforeAll(async () => {
    simulators = await startSimulators({ employees: 60 });
    replica = await startReplica(simulators, {
      UPSTREAM_RETRIES: '0',
      BREAKER_VOLUME_THRESHOLD: '4',
      BREAKER_RESET_MS: '500',
      // No cache, so every query needs SelfCommunity.
      CACHE_ENABLED: 'false',
    });
  });
  afterAll(async () => {
    await replica.close();
    await simulators.close();
  });

  type Answer = { user: { enrollments: { nodes: { provider: string }[] } } | null };
  const employeeID = () => simulators.dataset.samples.learnerEmployeeID;

  it('the breaker opens, fails fast with UPSTREAM_UNAVAILABLE for selfcommunity, shows in /readyz and metrics, then recovers', async () => {
    simulators.controls.addFault({ provider: 'selfcommunity', kind: 'error', status: 503 });
    for (let i = 0; i < 3 && replica.application.upstreamSupport.status().breakers.selfcommunity?.state !== 'open'; i += 1) {
      await replica.query(LEARNER_QUERY, { employeeID: employeeID() });
    }
    expect(replica.application.upstreamSupport.status().breakers.selfcommunity?.state).toBe('open');

    // Open: SelfCommunity is not asked at all, the rest of the answer is there, the error is coded.
    simulators.controls.log.clear();
    const started = Date.now();
    const failingFast = await replica.post<Answer>(LEARNER_QUERY, { employeeID: employeeID() });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(failingFast.status).toBe(200);
    expect(simulators.controls.log.count({ provider: 'selfcommunity' })).toBe(0);
    const providers = new Set(failingFast.body.data?.user?.enrollments.nodes.map((n) => n.provider));
    expect(providers).toEqual(new Set(['RUANGKERJA', 'ABSORB']));
    expect(failingFast.body.errors?.length).toBeGreaterThan(0);
    for (const error of failingFast.body.errors ?? []) {
      expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'selfcommunity' });
      expect(error.message).toMatch(/circuit breaker is open/);
    }

    const readyz = await replica.readyz();
    expect(readyz.status).toBe(200);
    expect(readyz.body.checks['breaker:selfcommunity']).toEqual({ ok: true, detail: expect.stringMatching(/^degraded: circuit open since .*: selfcommunity calls fail fast/) });
    expect(readyz.body.checks['breaker:absorb']).toEqual({ ok: true });
    const metrics = await (await fetch(replica.server.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toMatch(/circuit_breaker_state\{provider="selfcommunity"\} 2/);

    // The provider heals; after the reset timeout a probe goes through and closes the breaker.
    simulators.controls.clearFaults();
    expect(await eventually(() => replica.application.upstreamSupport.status().breakers.selfcommunity?.state === 'half_open', 3_000)).toBe(true);
    expect((await replica.readyz()).body.checks['breaker:selfcommunity']?.detail).toMatch(/half-open/);
    let answer = await replica.query<Answer>(LEARNER_QUERY, { employeeID: employeeID() });
    for (let i = 0; i < 3 && answer.errors !== undefined; i += 1) answer = await replica.query<Answer>(LEARNER_QUERY, { employeeID: employeeID() });
    expect(answer.errors).toBeUndefined();
    expect(new Set(answer.data?.user?.enrollments.nodes.map((n) => n.provider))).toEqual(new Set(['RUANGKERJA', 'ABSORB', 'SELFCOMMUNITY']));
    expect(replica.application.upstreamSupport.status().breakers.selfcommunity?.state).toBe('closed');
    expect((await replica.readyz()).body.checks['breaker:selfcommunity']).toEqual({ ok: true });
  });
});
