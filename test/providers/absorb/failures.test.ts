/**
 * Upstream failures through the Absorb client, injected in the simulator: each surfaces as the
 * contract's typed error naming provider and endpoint, transient ones are retried, and no
 * credential or token ever appears in an error or a log line.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { AbsorbClient } from '../../../src/providers/absorb/client.js';
import { ProviderError, isProviderError } from '../../../src/providers/errors.js';
import type { HttpLogger } from '../../../src/providers/http/index.js';
import type { RunningSimulators } from '../../../src/simulators/index.js';
import { absorbConfig, count, newClient, startAbsorbSimulators } from './setup.js';

const ENDPOINT = '/enrollments/:enrollmentId';

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

/** A logger that keeps every line, to check none carries a secret. */
function recordingLogger(): HttpLogger & { lines: string[] } {
  const lines: string[] = [];
  const record = (fields: object, message: string): void => {
    lines.push(JSON.stringify({ fields, message }, (_key, value: unknown) => (value instanceof Error ? { ...value, message: value.message } : value)));
  };
  return { lines, debug: record, warn: record };
}

describe('Absorb client failures', () => {
  let sims: RunningSimulators;
  let client: AbsorbClient;
  let enrollmentId: string;
  const logger = recordingLogger();
  const errors: ProviderError[] = [];

  beforeAll(async () => {
    sims = await startAbsorbSimulators(200);
    client = newClient(sims, { logger });
    enrollmentId = sims.dataset.samples.absorbEnrollmentId;
  });
  afterAll(async () => {
    client.close();
    await sims.close();
  });
  beforeEach(async () => {
    sims.controls.reset();
    await client.enrollment(enrollmentId); // logged in before counting
    sims.controls.log.clear();
  });

  it('retries a 503 and succeeds', async () => {
    sims.controls.addFault({ provider: 'absorb', endpoint: ENDPOINT, kind: 'error', status: 503, times: 1 });
    expect((await client.enrollment(enrollmentId))?.enrollmentId).toBe(enrollmentId.toLowerCase());
    expect(sims.controls.log.matching({ provider: 'absorb', endpoint: ENDPOINT }).map((e) => e.status)).toEqual([503, 200]);
  });

  it('reports a permanent 503 as UPSTREAM_UNAVAILABLE with the upstream status, after its retries', async () => {
    sims.controls.addFault({ provider: 'absorb', endpoint: ENDPOINT, kind: 'error', status: 503 });
    const error = await failure(client.enrollment(enrollmentId));
    errors.push(error);
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'absorb', endpoint: ENDPOINT, upstreamStatus: 503 });
    expect(error.toExtensions()).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'absorb', upstreamStatus: 503 });
    expect(count(sims, ENDPOINT)).toBe(3); // 1 + 2 retries
  });

  it('gives up on a hanging upstream with UPSTREAM_TIMEOUT in under 2 s', async () => {
    const impatient = newClient(sims, { logger }, { requestTimeoutMs: 300, retries: 0 });
    try {
      await impatient.enrollment(enrollmentId); // logged in
      sims.controls.addFault({ provider: 'absorb', endpoint: ENDPOINT, kind: 'hang' });
      const started = performance.now();
      const error = await failure(impatient.enrollment(enrollmentId));
      errors.push(error);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', provider: 'absorb', endpoint: ENDPOINT });
    } finally {
      impatient.close();
      sims.controls.clearFaults();
      await client.enrollment(enrollmentId); // the impatient client's login replaced our token
    }
  });

  it('waits out a 429 with Retry-After, then succeeds', async () => {
    sims.controls.addFault({ provider: 'absorb', endpoint: ENDPOINT, kind: 'rateLimit', retryAfterSeconds: 1, times: 1 });
    const started = performance.now();
    expect(await client.enrollment(enrollmentId)).not.toBeNull();
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(sims.controls.log.matching({ provider: 'absorb', endpoint: ENDPOINT }).map((e) => e.status)).toEqual([429, 200]);
  });

  it('backs off after a 429 without Retry-After (none is promised), then succeeds', async () => {
    sims.controls.addFault({ provider: 'absorb', endpoint: ENDPOINT, kind: 'rateLimit', times: 2 });
    expect(await client.enrollment(enrollmentId)).not.toBeNull();
    expect(sims.controls.log.matching({ provider: 'absorb', endpoint: ENDPOINT }).map((e) => e.status)).toEqual([429, 429, 200]);
  });

  it('reports malformed JSON as UPSTREAM_BAD_RESPONSE naming provider and endpoint', async () => {
    sims.controls.addFault({ provider: 'absorb', endpoint: ENDPOINT, kind: 'malformedJson' });
    const error = await failure(client.enrollment(enrollmentId));
    errors.push(error);
    expect(error).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'absorb', endpoint: ENDPOINT });
    expect(error.message).toContain(`absorb GET ${ENDPOINT}`);
    expect(error.message).toMatch(/malformed JSON/);
  });

  it('reports a schema mismatch (a status outside 0–12) as UPSTREAM_BAD_RESPONSE naming provider and endpoint', async () => {
    const row = sims.dataset.absorb.enrollments.find((e) => e.id === enrollmentId);
    if (row === undefined) throw new Error('no sample enrollment');
    const status = row.status;
    (row as { status: number }).status = 13;
    try {
      const error = await failure(client.enrollment(enrollmentId));
      errors.push(error);
      expect(error).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'absorb', endpoint: ENDPOINT });
      expect(error.message).toContain(`absorb GET ${ENDPOINT}`);
      expect(error.message).toMatch(/status/);
      // A mismatch is not transient: one request.
      expect(count(sims, ENDPOINT)).toBe(1);
      // The same record in a list fails the list, naming the list's endpoint.
      const listError = await failure(client.userEnrollments(row.userId));
      errors.push(listError);
      expect(listError).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'absorb', endpoint: '/users/:userId/enrollments' });
    } finally {
      row.status = status;
    }
  });

  it('reports a user that is not shaped as documented as UPSTREAM_BAD_RESPONSE', async () => {
    const user = sims.dataset.absorb.users[1];
    if (user === undefined) throw new Error('no user');
    const id = user.id;
    user.id = 'not-a-guid';
    try {
      const error = await failure(client.usersByMatchField([user.employeeNumber ?? '']));
      errors.push(error);
      expect(error).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'absorb', endpoint: '/users' });
      expect(error.message).toMatch(/users\[0\]\.id/);
    } finally {
      user.id = id;
    }
  });

  it('puts no password, private key, api key or token in any error or log line', async () => {
    const config = absorbConfig(sims);
    // Login failures, whose requests carried the credentials.
    for (const override of [{ password: 'wrong-password-5f2a9c' }, { privateKey: 'wrong-private-key-77d1e0' }, { apiKey: 'wrong-api-key-aa9911' }]) {
      const failing = newClient(sims, { logger }, {}, override);
      try {
        errors.push(await failure(failing.enrollment(enrollmentId)));
      } finally {
        failing.close();
      }
    }
    await client.enrollment(enrollmentId); // renew our token, replaced by nothing, but be sure
    sims.controls.addFault({ provider: 'absorb', kind: 'error', status: 500 });
    errors.push(await failure(client.userEnrollments(sims.dataset.absorb.users[0]?.id ?? '')));
    sims.controls.clearFaults();

    const secrets = [config.password, config.privateKey, config.apiKey, 'wrong-password-5f2a9c', 'wrong-private-key-77d1e0', 'wrong-api-key-aa9911'];
    expect(errors.length).toBeGreaterThanOrEqual(10);
    const texts = [...errors.flatMap((error) => [error.message, JSON.stringify(error), String(error.stack)]), ...logger.lines];
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const text of texts) {
      for (const secret of secrets) expect(text).not.toContain(secret);
      // The simulator's tokens are 64 hex digits.
      expect(text).not.toMatch(/[0-9a-f]{64}/i);
      expect(text).not.toMatch(/bearer\s+\w/i);
    }
  });
});
