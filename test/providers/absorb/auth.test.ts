/**
 * Absorb login: a new token invalidates the previous one, so the client must log in once however
 * many requests need a token at the same moment, and once again (not once per request) when the
 * token is revoked.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { RunningSimulators } from '../../../src/simulators/index.js';
import { count, logins, newClient, startAbsorbSimulators } from './setup.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('Absorb client authentication', () => {
  let sims: RunningSimulators;
  let enrollmentIds: string[];

  beforeAll(async () => {
    sims = await startAbsorbSimulators(200);
    enrollmentIds = sims.dataset.absorb.enrollments.slice(0, 50).map((e) => e.id);
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    sims.controls.reset();
    // Let the simulator's per-key rate limit refill, so no 429 adds attempts to the counts.
    await sleep(600);
  });

  it('50 concurrent requests with no token yet cost exactly one /authenticate', async () => {
    const client = newClient(sims);
    try {
      const answers = await Promise.all(enrollmentIds.map((id) => client.enrollment(id)));
      expect(answers.map((a) => a?.enrollmentId)).toEqual(enrollmentIds.map((id) => id.toLowerCase()));
      expect(logins(sims)).toBe(1);
      expect(client.loginCount).toBe(1);
      expect(count(sims, '/enrollments/:enrollmentId')).toBe(50);
      expect(sims.controls.log.count({ provider: 'absorb', status: 401 })).toBe(0);
    } finally {
      client.close();
    }
  });

  it('a token revoked mid-run costs one re-login and no visible error', async () => {
    const client = newClient(sims);
    try {
      const [first, second] = enrollmentIds;
      expect(await client.enrollment(first ?? '')).not.toBeNull();
      sims.controls.revokeTokens('absorb');
      expect((await client.enrollment(second ?? ''))?.enrollmentId).toBe(second?.toLowerCase());
      expect(logins(sims)).toBe(2);
      // The refused request, then the same request with the new token.
      expect(sims.controls.log.matching({ provider: 'absorb', endpoint: '/enrollments/:enrollmentId' }).map((e) => e.status)).toEqual([200, 401, 200]);
      // The new token keeps working: no further login.
      await client.userEnrollments(sims.dataset.absorb.users[0]?.id ?? '');
      expect(logins(sims)).toBe(2);
    } finally {
      client.close();
    }
  });

  it('50 concurrent requests after a revocation cost exactly one re-login', async () => {
    const client = newClient(sims);
    try {
      await client.enrollment(enrollmentIds[0] ?? '');
      sims.controls.revokeTokens('absorb');
      const answers = await Promise.all(enrollmentIds.map((id) => client.enrollment(id)));
      expect(answers.every((a) => a !== null)).toBe(true);
      expect(logins(sims)).toBe(2);
      expect(client.loginCount).toBe(2);
      // Each request was refused once at most, then answered.
      expect(sims.controls.log.count({ provider: 'absorb', endpoint: '/enrollments/:enrollmentId', status: 200 })).toBe(51);
    } finally {
      client.close();
    }
  });

  it('sends x-api-key and x-api-version 2 with every call, the login included', async () => {
    const client = newClient(sims, {}, {}, { apiKey: 'wrong-key-0123456789' });
    try {
      const error = await client.enrollment(enrollmentIds[0] ?? '').catch((e: unknown) => e);
      // The simulator checks the key before anything else: the login itself is refused.
      expect(error).toMatchObject({ code: 'UPSTREAM_AUTH', provider: 'absorb', endpoint: '/authenticate', upstreamStatus: 401 });
      expect(count(sims, '/enrollments/:enrollmentId')).toBe(0);
    } finally {
      client.close();
    }
    // With the right key every call passes the gate, which answers 400 without x-api-version 2.
    const good = newClient(sims);
    try {
      sims.controls.reset();
      await good.enrollment(enrollmentIds[0] ?? '');
      expect(sims.controls.log.matching({ provider: 'absorb' }).map((e) => e.status)).toEqual([200, 200]);
    } finally {
      good.close();
    }
  });

  it('a wrong password is UPSTREAM_AUTH after one login attempt', async () => {
    const client = newClient(sims, {}, {}, { password: 'not-the-password' });
    try {
      await expect(client.enrollment(enrollmentIds[0] ?? '')).rejects.toMatchObject({ code: 'UPSTREAM_AUTH', provider: 'absorb' });
      expect(logins(sims)).toBe(1);
    } finally {
      client.close();
    }
  });
});
