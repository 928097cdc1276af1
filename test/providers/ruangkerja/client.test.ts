/**
 * The Ruangkerja client against the simulator over real HTTP: lists read to the end in the exact
 * number of page requests, in both envelope shapes, and normalized into domain types.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuangkerjaClient, type RuangkerjaClient } from '../../../src/providers/ruangkerja/client.js';
import { buildDataset, startSimulators, type RunningSimulators } from '../../../src/simulators/index.js';
import { BATCHES, COURSES, FAST_BACKOFF, HTTP, LONG_BATCH, LONG_LIST, LONG_USER, ONLINE, ROSTER, USERS, WEBINAR, addLongLists, credentialsConfig, pagesAsked } from './support.js';

let sims: RunningSimulators;
let client: RuangkerjaClient;
const PAGES = Math.ceil(LONG_LIST / 100);

beforeAll(async () => {
  const dataset = buildDataset({ seed: 7, employees: 60 });
  addLongLists(dataset);
  sims = await startSimulators({ dataset, ruangkerja: {} });
  client = createRuangkerjaClient(credentialsConfig(sims), HTTP, { backoff: FAST_BACKOFF });
});

afterAll(async () => {
  client.close();
  await sims.close();
});

beforeEach(() => {
  sims.controls.reset();
  sims.ruangkerjaOptions.envelope = {};
  sims.ruangkerjaOptions.userKey = 'employeeID';
});

const everyPageOnce = (endpoint: string): void => {
  const asked = pagesAsked(sims, endpoint);
  expect(asked.map((a) => Number(a.page)).sort((a, b) => a - b)).toEqual(Array.from({ length: PAGES }, (_, i) => i + 1));
  expect(new Set(asked.map((a) => a.pageSize))).toEqual(new Set(['100']));
};

describe.each(['array', 'paged'] as const)('a list of 1,234 items with data as %s', (shape) => {
  beforeEach(() => {
    sims.ruangkerjaOptions.envelope = { online: shape, webinar: shape };
  });

  it(`reads a user's 1,234 online courses exactly once in ${PAGES} page requests`, async () => {
    const enrollments = await client.onlineEnrollments(LONG_USER.employeeID, LONG_USER.employeeID);
    expect(enrollments).toHaveLength(LONG_LIST);
    expect(new Set(enrollments.map((e) => e.id)).size).toBe(LONG_LIST);
    expect(enrollments[0]?.id).toBe(`ruangkerja:${LONG_USER.employeeID}:COURSE-BULKON0000`);
    expect(enrollments.at(-1)?.id).toBe(`ruangkerja:${LONG_USER.employeeID}:COURSE-BULKON1233`);
    expect(sims.controls.log.count({ provider: 'ruangkerja', method: 'GET', endpoint: ONLINE })).toBe(PAGES);
    everyPageOnce(ONLINE);
  });

  it(`reads a user's 1,234 webinar lines exactly once in ${PAGES} page requests`, async () => {
    const enrollments = await client.webinarEnrollments(LONG_USER.employeeID, LONG_USER.employeeID);
    expect(enrollments).toHaveLength(LONG_LIST);
    expect(new Set(enrollments.map((e) => e.id)).size).toBe(LONG_LIST);
    expect(sims.controls.log.count({ provider: 'ruangkerja', method: 'GET', endpoint: WEBINAR })).toBe(PAGES);
  });

  it(`reads a 1,234-person batch roster exactly once, in roster order, in ${PAGES} page requests`, async () => {
    const roster = await client.batchRoster(LONG_BATCH.courseSerial, LONG_BATCH.batchSerial);
    expect(roster).toHaveLength(LONG_LIST);
    expect(roster?.map((entry) => entry.user.employeeID)).toEqual(Array.from({ length: LONG_LIST }, (_, i) => `EMPR${String(i).padStart(4, '0')}`));
    expect(sims.controls.log.count({ provider: 'ruangkerja', method: 'GET', endpoint: ROSTER })).toBe(PAGES);
    everyPageOnce(ROSTER);
  });
});

describe('a list whose last page is exactly full', () => {
  const learner = (): string => sims.dataset.samples.learnerEmployeeID;

  it('with data as a bare array costs one more request, answered empty (nothing else tells the end)', async () => {
    sims.ruangkerjaOptions.envelope = { online: 'array' };
    const onePerPage = createRuangkerjaClient(credentialsConfig(sims), HTTP, { pageSize: 1 });
    try {
      const all = await client.onlineEnrollments(learner(), learner());
      expect(all.length).toBeGreaterThan(1);
      sims.controls.reset();
      await expect(onePerPage.onlineEnrollments(learner(), learner())).resolves.toEqual(all);
      expect(sims.controls.log.count({ provider: 'ruangkerja', endpoint: ONLINE })).toBe(all.length + 1);
    } finally {
      onePerPage.close();
    }
  });

  it('with data as the paged object costs no extra request (totalPage tells the end)', async () => {
    sims.ruangkerjaOptions.envelope = { online: 'paged' };
    const onePerPage = createRuangkerjaClient(credentialsConfig(sims), HTTP, { pageSize: 1 });
    try {
      const all = await client.onlineEnrollments(learner(), learner());
      sims.controls.reset();
      await expect(onePerPage.onlineEnrollments(learner(), learner())).resolves.toEqual(all);
      expect(sims.controls.log.count({ provider: 'ruangkerja', endpoint: ONLINE })).toBe(all.length);
    } finally {
      onePerPage.close();
    }
  });

  it('stops at maxPages with UPSTREAM_BAD_RESPONSE rather than reading without end', async () => {
    sims.ruangkerjaOptions.envelope = { online: 'paged' };
    const bounded = createRuangkerjaClient(credentialsConfig(sims), HTTP, { maxPages: 5 });
    try {
      await expect(bounded.onlineEnrollments(LONG_USER.employeeID, LONG_USER.employeeID)).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'ruangkerja', endpoint: ONLINE });
      expect(sims.controls.log.count({ provider: 'ruangkerja', endpoint: ONLINE })).toBe(1);
    } finally {
      bounded.close();
    }
  });
});

describe('the sample data, normalized', () => {
  it('gives the learner’s online and webinar enrollments with the documented fields', async () => {
    const learner = sims.dataset.samples.learnerEmployeeID;
    const user = sims.dataset.ruangkerja.users.find((u) => u.employeeID === learner);
    const expectedOnline = sims.dataset.ruangkerja.onlineAssignments.filter((a) => a.userSerial === user?.serial);
    const online = await client.onlineEnrollments(learner, learner);
    expect(online.map((e) => e.course.key.nativeId)).toEqual(expectedOnline.map((a) => a.courseSerial));
    for (const [i, enrollment] of online.entries()) {
      const source = expectedOnline[i];
      expect(enrollment).toMatchObject({ kind: 'online', provider: 'ruangkerja', employeeID: learner, providerStatus: source?.status, preTest: source?.preTest, postTest: source?.postTest });
      expect(enrollment.completedAt).toBe(source?.completedAt === '' ? null : source?.completedAt);
    }
    const webinar = await client.webinarEnrollments(learner, learner);
    expect(webinar.length).toBe(sims.dataset.ruangkerja.webinarAssignments.filter((a) => a.userSerial === user?.serial).length);
    for (const enrollment of webinar) {
      expect(enrollment.id).toBe(`ruangkerja:${learner}:${enrollment.course.key.nativeId}:${enrollment.batch.serial}`);
      expect(enrollment.course.name).not.toBeNull();
      expect(enrollment.batch.name).not.toBeNull();
    }
  });

  it('with RUANGKERJA_USER_KEY=serial, puts the serial in the path and the employeeID in ids', async () => {
    sims.ruangkerjaOptions.userKey = 'serial';
    const bySerial = createRuangkerjaClient(credentialsConfig(sims, { userKey: 'serial' }), HTTP);
    try {
      expect(bySerial.userKey).toBe('serial');
      const enrollments = await bySerial.onlineEnrollments(LONG_USER.serial, LONG_USER.employeeID);
      expect(enrollments).toHaveLength(LONG_LIST);
      expect(enrollments[0]?.id).toBe(`ruangkerja:${LONG_USER.employeeID}:COURSE-BULKON0000`);
      const urls = sims.controls.log.matching({ endpoint: ONLINE }).map((e) => e.url);
      expect(urls.every((url) => url.includes(`/users/${LONG_USER.serial}/`))).toBe(true);
    } finally {
      bySerial.close();
    }
  });

  it('answers [] for a user Ruangkerja does not know', async () => {
    await expect(client.onlineEnrollments('NOBODY', 'NOBODY')).resolves.toEqual([]);
    await expect(client.webinarEnrollments('NOBODY', 'NOBODY')).resolves.toEqual([]);
  });

  it('reads the sample batch roster with names from the roster and null course and batch names', async () => {
    const { courseSerial, batchSerial } = sims.dataset.samples.batch;
    const roster = await client.batchRoster(courseSerial, batchSerial);
    const expected = sims.dataset.ruangkerja.webinarAssignments.filter((a) => a.courseSerial === courseSerial && a.batchSerial === batchSerial);
    expect(roster).toHaveLength(expected.length);
    const first = roster?.[0];
    const firstUser = sims.dataset.ruangkerja.users.find((u) => u.serial === expected[0]?.userSerial);
    expect(first?.user).toEqual({ serial: firstUser?.serial, employeeID: firstUser?.employeeID, name: firstUser?.name });
    expect(first?.enrollment).toMatchObject({ employeeID: firstUser?.employeeID, course: { name: null, kind: 'WEBINAR' }, batch: { name: null, schedule: null } });
  });

  it('answers null for an unknown batch or course roster, and for the batches of an unknown course', async () => {
    const { courseSerial } = sims.dataset.samples.batch;
    await expect(client.batchRoster(courseSerial, 'BATCH-NOPE')).resolves.toBeNull();
    await expect(client.batchRoster('COURSE-NOPE', 'BATCH-NOPE')).resolves.toBeNull();
    await expect(client.batches('COURSE-NOPE')).resolves.toBeNull();
    expect(sims.controls.log.count({ endpoint: ROSTER })).toBe(2);
  });

  it('reads the whole catalogue: Online as ONLINE, Webinar and Offline as WEBINAR', async () => {
    const courses = await client.courses();
    const source = sims.dataset.ruangkerja.courses;
    expect(courses).toHaveLength(source.length);
    expect(sims.controls.log.count({ endpoint: COURSES })).toBe(Math.ceil(source.length / 100));
    const kinds = new Map(courses.map((c) => [c.key.nativeId, c.kind]));
    for (const course of source) expect(kinds.get(course.serial)).toBe(course.category === 'Online' ? 'ONLINE' : 'WEBINAR');
    expect(source.some((c) => c.category === 'Offline')).toBe(true);
  });

  it('reads a course’s batches with their schedules', async () => {
    const batches = await client.batches(LONG_BATCH.courseSerial);
    expect(batches).toEqual([
      {
        courseSerial: LONG_BATCH.courseSerial,
        serial: LONG_BATCH.batchSerial,
        name: 'Bulk Batch',
        schedule: {
          mainActivityStartAt: '2024-01-10T02:00:00.000Z',
          mainActivityEndAt: '2024-01-10T04:00:00.000Z',
          postActivityStartAt: null,
          postActivityEndAt: null,
          platform: 'Zoom',
          location: null,
          note: null,
          status: 'Ongoing',
        },
      },
    ]);
    expect(sims.controls.log.count({ endpoint: BATCHES })).toBe(1);
  });

  it('finds a directory user by exact employeeID in one request, and null for an unknown one', async () => {
    await expect(client.findUserByEmployeeID(LONG_USER.employeeID)).resolves.toEqual({
      serial: LONG_USER.serial,
      employeeID: LONG_USER.employeeID,
      name: 'Bulk Learner',
      username: 'bulk.learner',
      email: 'bulk@example.test',
      isActive: true,
      companyName: 'PT Bulk',
    });
    await expect(client.findUserByEmployeeID('NOBODY')).resolves.toBeNull();
    expect(sims.controls.log.count({ endpoint: USERS })).toBe(2);
  });
});

describe('concurrency', () => {
  it('a 50-person team never has more data requests in flight than the client’s shared limit (8 here)', async () => {
    let active = 0;
    let peak = 0;
    const limited = createRuangkerjaClient(credentialsConfig(sims), HTTP, {
      // The default is the socket limit; a smaller one here makes the bound visible.
      concurrency: 8,
      onRequest: (event) => {
        if (event.endpoint === '/oauth/token') return;
        active += 1;
        peak = Math.max(peak, active);
      },
      onResponse: (event) => {
        if (event.endpoint !== '/oauth/token') active -= 1;
      },
    });
    sims.controls.setLatency(15);
    try {
      const team = sims.dataset.samples.teamEmployeeIDs;
      expect(team).toHaveLength(50);
      await Promise.all(team.flatMap((id) => [limited.onlineEnrollments(id, id), limited.webinarEnrollments(id, id)]));
      expect(peak).toBe(8);
      expect(sims.controls.log.count({ endpoint: ONLINE }) + sims.controls.log.count({ endpoint: WEBINAR })).toBeGreaterThanOrEqual(100);
    } finally {
      limited.close();
    }
  });

  it('rejects a page size above the documented maximum of 100', () => {
    expect(() => createRuangkerjaClient(credentialsConfig(sims), HTTP, { pageSize: 101 })).toThrow(RangeError);
  });
});
