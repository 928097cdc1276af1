/**
 * The Absorb client for one GraphQL request (`forRequest`): a view of the one client, so views for
 * concurrent requests share its login and the response cache it was given, and a write made
 * through a view drops the cached answers it changed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ResponseCache } from '../../../src/cache/response-cache.js';
import { TtlTable } from '../../../src/cache/ttl.js';
import type { RunningSimulators } from '../../../src/simulators/index.js';
import { count, logins, newClient, startAbsorbSimulators } from './setup.js';

describe('AbsorbClient.forRequest', () => {
  let sims: RunningSimulators;

  beforeAll(async () => {
    sims = await startAbsorbSimulators(60);
  });
  afterAll(() => sims.close());
  beforeEach(() => sims.controls.reset());

  it('views for 20 concurrent requests cost one login between them', async () => {
    const client = newClient(sims);
    try {
      const ids = sims.dataset.absorb.enrollments.slice(0, 20).map((e) => e.id);
      const answers = await Promise.all(ids.map((id, i) => client.forRequest({ requestId: `req-${i}` }).enrollment(id)));
      expect(answers.map((a) => a?.enrollmentId)).toEqual(ids.map((id) => id.toLowerCase()));
      expect(logins(sims)).toBe(1);
      expect(client.loginCount).toBe(1);
    } finally {
      client.close();
    }
  });

  it("views share the client's response cache, and a write through a view drops what it changed", async () => {
    const cache = new ResponseCache({
      ttl: new TtlTable({ defaultSeconds: 30, catalogueSeconds: 300, overrides: new Map() }),
      maxBytes: 1 << 20,
      keyPrefix: `test:${randomUUID()}:`,
    });
    const client = newClient(sims, { resilience: { cache, credentialScope: 'absorb-test' } });
    try {
      const { users, courses, enrollments } = sims.dataset.absorb;
      const course = courses.find((c) => c.courseType === 'OnlineCourse' && c.activeStatus === 0);
      const user = users.find((u) => course !== undefined && !enrollments.some((e) => e.userId === u.id && e.courseId === course.id));
      if (course === undefined || user === undefined) throw new Error('the dataset has no user outside an active online course');
      const listEndpoint = '/users/:userId/enrollments';

      const before = await client.forRequest({ requestId: 'a' }).userEnrollments(user.id);
      await client.forRequest({ requestId: 'b' }).userEnrollments(user.id);
      expect(count(sims, listEndpoint)).toBe(1);

      await client.forRequest({ requestId: 'c' }).enrollUser(user.id, course.id, { reEnroll: false });
      const after = await client.forRequest({ requestId: 'd' }).userEnrollments(user.id);
      expect(count(sims, listEndpoint)).toBe(2);
      expect(after).toHaveLength(before.length + 1);
      expect(after.some((e) => e.absorbCourseId === course.id.toLowerCase())).toBe(true);
    } finally {
      client.close();
    }
  });
});
