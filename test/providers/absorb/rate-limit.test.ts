/**
 * The simulator enforces Absorb's documented 200 requests/s with a burst of 100 per API key, as
 * the real API does, and answers 429 past it. The client's own token bucket must keep a burst of
 * calls under that limit, so a big query queues instead of failing or retrying.
 *
 * (There is no "limiter off draws 429s" counterpart: client and simulator share one process here,
 * and on a busy machine that process may not reach 200 requests/s at all, so such a test would be
 * flaky. The simulator's own tests pin its 429s.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ABSORB_RATE_LIMIT } from '../../../src/providers/absorb/transport.js';
import type { RunningSimulators } from '../../../src/simulators/index.js';
import { count, logins, newClient, startAbsorbSimulators } from './setup.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('Absorb client rate limiter', () => {
  let sims: RunningSimulators;
  let ids: string[];

  beforeAll(async () => {
    sims = await startAbsorbSimulators(200);
    ids = sims.dataset.absorb.enrollments.slice(0, 300).map((e) => e.id);
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    sims.controls.reset();
    await sleep(700); // the simulator's bucket refills
  });

  it('stays under the documented limit by default, with room for the calls in flight', () => {
    expect(ABSORB_RATE_LIMIT.ratePerSecond).toBeLessThanOrEqual(200);
    // Burst + calls holding a token (maxSockets, 32 by default) + the login stay under 100.
    expect(ABSORB_RATE_LIMIT.burst + 32 + 1).toBeLessThan(100);
  });

  it("queues 300 concurrent calls so the simulator's 200/s limiter answers no 429", async () => {
    // No retries: a single 429 would fail a call.
    const client = newClient(sims, {}, { retries: 0 });
    try {
      const started = performance.now();
      const answers = await Promise.all(ids.map((id) => client.enrollment(id)));
      const elapsed = performance.now() - started;
      expect(answers.map((a) => a?.enrollmentId)).toEqual(ids.map((id) => id.toLowerCase()));
      expect(sims.controls.log.count({ provider: 'absorb', status: 429 })).toBe(0);
      expect(count(sims, '/enrollments/:enrollmentId')).toBe(300);
      expect(logins(sims)).toBe(1);
      // The bucket did the pacing: 301 requests past its burst take (301 - burst) / rate seconds.
      const { ratePerSecond, burst } = ABSORB_RATE_LIMIT;
      expect(elapsed).toBeGreaterThanOrEqual(((301 - burst) / ratePerSecond) * 1000 - 50);
    } finally {
      client.close();
    }
  });
});
