/**
 * The Absorb client against the simulator over real HTTP: what each read costs in upstream
 * requests (counted in the simulator's log) and that it answers exactly the right records.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { AbsorbClient } from '../../../src/providers/absorb/client.js';
import { isProviderError, type ProviderError } from '../../../src/providers/errors.js';
import type { RunningSimulators } from '../../../src/simulators/index.js';
import type { AbsorbCourseEnrollment as DatasetEnrollment } from '../../../src/simulators/dataset/types.js';
import { UNKNOWN_GUID, count, newClient, startAbsorbSimulators, urls } from './setup.js';

const PAGE = 1000;
const DEFAULT_MAX_PAGES = 100;

/** Form encoding, as a query string carries a value. */
const form = (text: string): string => new URLSearchParams([['v', text]]).toString().slice(2);

/**
 * The fewest `GET /users?_filter=` requests that can carry `values` when every URL (base, path,
 * `_filter`, `_limit=1000` and the largest `_offset` a read may send) must stay within
 * `maxUrlLength`. The values here have equal lengths, so a request holds at most `perRequest` of
 * them and the minimum is a division.
 */
function minimumFilterRequests(sims: RunningSimulators, path: string, clauses: string[], maxUrlLength: number): number {
  const lengths = new Set(clauses.map((clause) => form(clause).length));
  expect(lengths.size).toBe(1);
  const clause = [...lengths][0] as number;
  const fixed = `${sims.urls.absorb}${path}?_filter=&_limit=${PAGE}&_offset=${DEFAULT_MAX_PAGES - 1}`.length;
  const separator = form(' or ').length;
  const perRequest = Math.floor((maxUrlLength - fixed + separator) / (clause + separator));
  return Math.ceil(clauses.length / perRequest);
}

/** The values a logged `_filter` asked for (`field eq 'v' or …`, quotes undoubled). */
function filterValues(url: string, field: string): string[] {
  const filter = new URL(url).searchParams.get('_filter') ?? '';
  // Read literal by literal: a value may itself contain " or ".
  const clause = new RegExp(`${field} eq '((?:[^']|'')*)'(?: or |$)`, 'y');
  const values: string[] = [];
  while (clause.lastIndex < filter.length) {
    const match = clause.exec(filter);
    if (!match) throw new Error(`unexpected filter ${filter}`);
    values.push((match[1] as string).replace(/''/g, "'"));
  }
  return values;
}

function sortedIds<T>(items: readonly T[], id: (item: T) => string): string[] {
  return items.map((item) => id(item).toLowerCase()).sort();
}

describe('Absorb client reads against the simulator', () => {
  let sims: RunningSimulators;
  let client: AbsorbClient;

  beforeAll(async () => {
    sims = await startAbsorbSimulators(500);
    client = newClient(sims);
  });
  afterAll(async () => {
    client.close();
    await sims.close();
  });
  beforeEach(async () => {
    // Tests that build a second client log in with the same account, which invalidates this
    // client's token (as Absorb does): renew it before counting, so counts are this test's own.
    await client.enrollment(sims.dataset.samples.absorbEnrollmentId);
    sims.controls.reset();
  });
  afterEach(() => sims.controls.reset());

  describe('users by employee number', () => {
    it('resolves 500 employee numbers in the computed minimum of /users requests, exactly the matching users', async () => {
      const numbers = sims.dataset.people.map((p) => p.employeeID);
      expect(numbers).toHaveLength(500);
      const asked = [...numbers, ...numbers.slice(0, 20)]; // duplicates cost nothing
      const users = await client.usersByMatchField(asked);

      const expected = sims.dataset.absorb.users.filter((u) => u.employeeNumber !== null && numbers.includes(u.employeeNumber));
      expect(expected.length).toBeGreaterThan(300);
      expect(sortedIds(users, (u) => u.id)).toEqual(sortedIds(expected, (u) => u.id));
      for (const user of users) expect(numbers).toContain(user.employeeNumber);

      const minimum = minimumFilterRequests(sims, '/users', numbers.map((n) => `employeeNumber eq '${n}'`), 8000);
      expect(minimum).toBe(3);
      expect(count(sims, '/users')).toBe(minimum);
      const sent = urls(sims, '/users');
      for (const url of sent) {
        expect(url.length).toBeLessThanOrEqual(8000);
        expect(new URL(url).searchParams.get('_limit')).toBe('1000');
        expect(new URL(url).searchParams.get('_offset')).toBe('0');
      }
      // Every number asked once, in exactly one request.
      expect(sent.flatMap((url) => filterValues(url, 'employeeNumber')).sort()).toEqual([...numbers].sort());
    });

    it('splits by a smaller URL bound into the minimum that bound allows', async () => {
      const small = newClient(sims, { maxUrlLength: 2000 });
      try {
        const numbers = sims.dataset.people.slice(0, 300).map((p) => p.employeeID);
        const users = await small.usersByMatchField(numbers);
        const expected = sims.dataset.absorb.users.filter((u) => u.employeeNumber !== null && numbers.includes(u.employeeNumber));
        expect(sortedIds(users, (u) => u.id)).toEqual(sortedIds(expected, (u) => u.id));
        const minimum = minimumFilterRequests(sims, '/users', numbers.map((n) => `employeeNumber eq '${n}'`), 2000);
        expect(minimum).toBeGreaterThan(5);
        expect(count(sims, '/users')).toBe(minimum);
        for (const url of urls(sims, '/users')) expect(url.length).toBeLessThanOrEqual(2000);
      } finally {
        small.close();
      }
    });

    it('escapes quotes, so a value is only ever compared, never read as filter syntax', async () => {
      const template = sims.dataset.absorb.users[0];
      if (template === undefined) throw new Error('no Absorb user');
      const irish = { ...template, id: randomUUID(), username: 'obrien', employeeNumber: "O'Brien-7" };
      sims.dataset.absorb.users.push(irish);
      try {
        const users = await client.usersByMatchField(["O'Brien-7", "x' or employeeNumber ne 'y", "' or ''='"]);
        expect(users.map((u) => u.id)).toEqual([irish.id.toLowerCase()]);
        expect(count(sims, '/users')).toBe(1);
        expect(filterValues(urls(sims, '/users')[0] ?? '', 'employeeNumber').sort()).toEqual(["' or ''='", "O'Brien-7", "x' or employeeNumber ne 'y"].sort());
      } finally {
        sims.dataset.absorb.users.pop();
      }
    });

    it('matches values in any case through tolower, in one request, quotes still escaped', async () => {
      const people = sims.dataset.people.slice(0, 40).map((p) => p.employeeID).filter((id) => sims.dataset.absorb.users.some((u) => u.employeeNumber === id));
      expect(people.length).toBeGreaterThan(10);
      const respelled = people.map((id, i) => (i % 2 === 0 ? id.toLowerCase() : id.charAt(0) + id.slice(1).toLowerCase()));
      const users = await client.usersByMatchFieldIgnoringCase([...respelled, "x' or employeeNumber ne 'y"]);
      expect(users.map((u) => u.employeeNumber).sort()).toEqual([...people].sort());
      // An exact match finds none of them: the case is what differs.
      expect(await client.usersByMatchField(respelled)).toEqual([]);
      const sent = urls(sims, '/users')[0] ?? '';
      expect(new URL(sent).searchParams.get('_filter')).toContain(`tolower(employeeNumber) eq '${people[0]!.toLowerCase()}'`);
      expect(count(sims, '/users')).toBe(2);
    });

    it('asks nothing for an empty list', async () => {
      expect(await client.usersByMatchField([])).toEqual([]);
      expect(await client.usersByIds([])).toEqual([]);
      expect(await client.enrollmentsForUsers([])).toEqual([]);
      expect(sims.controls.log.count({ provider: 'absorb' })).toBe(0);
    });

    it('matches on the configured field', async () => {
      const byExternalId = newClient(sims, {}, {}, { userMatchField: 'externalId' });
      try {
        const target = sims.dataset.absorb.users.find((u) => u.externalId !== null);
        const users = await byExternalId.usersByMatchField([target?.externalId ?? '']);
        expect(users.map((u) => u.id)).toEqual([target?.id.toLowerCase()]);
        expect(filterValues(urls(sims, '/users')[0] ?? '', 'externalId')).toEqual([target?.externalId]);
      } finally {
        byExternalId.close();
      }
    });
  });

  it('looks users up by guid in one request, whatever the case, skipping duplicates and non-guids', async () => {
    const picked = sims.dataset.absorb.users.slice(0, 120);
    const ids = picked.map((u, i) => (i % 2 === 0 ? u.id.toUpperCase() : u.id));
    const users = await client.usersByIds([...ids, ...ids.slice(0, 10), 'not-a-guid', UNKNOWN_GUID]);
    expect(sortedIds(users, (u) => u.id)).toEqual(sortedIds(picked, (u) => u.id));
    for (const user of users) expect(user.id).toBe(user.id.toLowerCase());
    expect(count(sims, '/users')).toBe(1);
    expect(new URL(urls(sims, '/users')[0] ?? '').searchParams.get('_filter')).toMatch(/^id eq guid'[0-9a-f-]{36}'( or id eq guid'[0-9a-f-]{36}')+$/);
  });

  it('reads courses by guid with their kind', async () => {
    const courses = sims.dataset.absorb.courses;
    const answer = await client.coursesByIds(courses.map((c) => c.id));
    expect(count(sims, '/courses')).toBe(1);
    expect(answer).toHaveLength(courses.length);
    const kinds = { OnlineCourse: 'ONLINE', InstructorLedCourse: 'INSTRUCTOR_LED', CourseBundle: 'BUNDLE', Curriculum: 'CURRICULUM' } as const;
    for (const course of courses) {
      expect(answer).toContainEqual({ key: { provider: 'absorb', nativeId: course.id.toLowerCase() }, name: course.name, kind: kinds[course.courseType] });
    }
  });

  describe('paging', () => {
    let courseId: string;
    let created: string[];

    beforeAll(() => {
      const data = sims.dataset.absorb;
      courseId = randomUUID();
      data.courses.push({ id: courseId, name: 'Paging: 1,234 learners', courseType: 'OnlineCourse', activeStatus: 0 });
      const template = data.enrollments[0] as DatasetEnrollment;
      created = [];
      for (let i = 0; i < 1234; i += 1) {
        const user = data.users[i % data.users.length];
        const id = randomUUID();
        created.push(id);
        data.enrollments.push({ ...template, id, courseId, courseName: 'Paging: 1,234 learners', userId: user?.id ?? template.userId, isActive: i % 10 !== 0 });
      }
    });

    it('reads a list of 1,234 completely, each item once, in exactly 2 page requests', async () => {
      const enrollments = await client.courseEnrollments(courseId);
      expect(enrollments).toHaveLength(1234);
      expect(new Set(enrollments?.map((e) => e.enrollmentId)).size).toBe(1234);
      expect(sortedIds(enrollments ?? [], (e) => e.enrollmentId)).toEqual([...created].sort());
      expect(count(sims, '/courses/:courseId/enrollments')).toBe(Math.ceil(1234 / PAGE));
      const pages = urls(sims, '/courses/:courseId/enrollments').map((url) => new URL(url).searchParams);
      expect(pages.map((p) => p.get('_offset')).sort()).toEqual(['0', '1']);
      for (const page of pages) expect(page.get('_limit')).toBe('1000');
      // Historical enrollments are part of the list.
      expect(enrollments?.filter((e) => !e.isActive)).toHaveLength(124);
    });

    it('fails a list longer than its page bound instead of reading on', async () => {
      const bounded = newClient(sims, { maxPages: 1 });
      try {
        const error = await bounded.courseEnrollments(courseId).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'absorb', endpoint: '/courses/:courseId/enrollments' });
        expect(count(sims, '/courses/:courseId/enrollments')).toBe(1);
      } finally {
        bounded.close();
      }
    });
  });

  describe('bulk course enrollments', () => {
    /** Requests the bulk endpoint needs for `n` user guids: its userIds limit or the URL bound, whichever is tighter. */
    function bulkRequests(n: number, maxUrlLength: number, limit = 100): number {
      const fixed = `${sims.urls.absorb}/bulk/studentcourses?`.length;
      const perId = `userIds=${UNKNOWN_GUID}`.length;
      const perUrl = Math.floor((maxUrlLength - fixed + 1) / (perId + 1));
      return Math.ceil(n / Math.min(limit, perUrl));
    }

    function expectedActive(userIds: readonly string[]): string[] {
      const wanted = new Set(userIds.map((id) => id.toLowerCase()));
      return sims.dataset.absorb.enrollments.filter((e) => e.isActive && wanted.has(e.userId.toLowerCase())).map((e) => e.id.toLowerCase()).sort();
    }

    it('costs the computed number of bulk requests for 250 users, and answers their enrollments', async () => {
      const userIds = sims.dataset.absorb.users.slice(0, 250).map((u) => u.id);
      const enrollments = await client.enrollmentsForUsers([...userIds, ...userIds.slice(0, 30).map((id) => id.toUpperCase())]);
      expect(bulkRequests(250, 8000)).toBe(3);
      expect(count(sims, '/bulk/studentcourses')).toBe(bulkRequests(250, 8000));
      expect(sortedIds(enrollments, (e) => e.enrollmentId)).toEqual(expectedActive(userIds));
      const sent = urls(sims, '/bulk/studentcourses').map((url) => new URL(url));
      for (const url of sent) expect(url.searchParams.getAll('userIds').length).toBeLessThanOrEqual(100);
      expect(sent.flatMap((url) => url.searchParams.getAll('userIds')).sort()).toEqual(userIds.map((id) => id.toLowerCase()).sort());
      for (const enrollment of enrollments) expect(enrollment.employeeID).toBeNull();
    });

    it('also splits by URL length', async () => {
      const small = newClient(sims, { maxUrlLength: 2000 });
      try {
        const userIds = sims.dataset.absorb.users.slice(0, 250).map((u) => u.id);
        const enrollments = await small.enrollmentsForUsers(userIds);
        expect(bulkRequests(250, 2000)).toBe(6);
        expect(count(sims, '/bulk/studentcourses')).toBe(bulkRequests(250, 2000));
        for (const url of urls(sims, '/bulk/studentcourses')) expect(url.length).toBeLessThanOrEqual(2000);
        expect(sortedIds(enrollments, (e) => e.enrollmentId)).toEqual(expectedActive(userIds));
      } finally {
        small.close();
      }
    });

    it('runs its chunks concurrently', async () => {
      await client.enrollment(sims.dataset.samples.absorbEnrollmentId); // logged in
      sims.controls.setLatency(600);
      const started = performance.now();
      await client.enrollmentsForUsers(sims.dataset.absorb.users.slice(0, 250).map((u) => u.id));
      expect(count(sims, '/bulk/studentcourses')).toBe(3);
      // One after another would take 3 × 600 ms.
      expect(performance.now() - started).toBeLessThan(2 * 600);
    });
  });

  describe('enrollments', () => {
    it('reads one enrollment by id, null when unknown', async () => {
      const id = sims.dataset.samples.absorbEnrollmentId;
      const enrollment = await client.enrollment(id.toUpperCase());
      expect(enrollment).toMatchObject({ id: `absorb:${id.toLowerCase()}`, enrollmentId: id.toLowerCase(), kind: 'absorb', provider: 'absorb' });
      expect(await client.enrollment(UNKNOWN_GUID)).toBeNull();
    });

    it("reads a user's active and historical enrollments; an unknown user is NOT_FOUND", async () => {
      const learner = sims.dataset.people[0]?.absorbUserId ?? '';
      const enrollments = await client.userEnrollments(learner);
      const expected = sims.dataset.absorb.enrollments.filter((e) => e.userId.toLowerCase() === learner.toLowerCase());
      expect(sortedIds(enrollments, (e) => e.enrollmentId)).toEqual(sortedIds(expected, (e) => e.id));
      expect(enrollments.some((e) => !e.isActive)).toBe(true);
      await expect(client.userEnrollments(UNKNOWN_GUID)).rejects.toMatchObject({ code: 'NOT_FOUND', provider: 'absorb', endpoint: '/users/:userId/enrollments' });
    });

    it("answers null for an unknown course's enrollments", async () => {
      expect(await client.courseEnrollments(UNKNOWN_GUID)).toBeNull();
      expect(count(sims, '/courses/:courseId/enrollments')).toBe(1);
    });
  });

  describe('sessions and activities', () => {
    it("finds an instructor-led course's sessions with one filtered /sessions request", async () => {
      const courseId = sims.dataset.samples.absorbIlcCourseId;
      const sessions = await client.sessionsForCourse(courseId.toUpperCase());
      const expected = sims.dataset.absorb.sessions.filter((s) => s.courseId.toLowerCase() === courseId.toLowerCase());
      expect(sessions.length).toBeGreaterThan(0);
      expect(sortedIds(sessions, (s) => s.id)).toEqual(sortedIds(expected, (s) => s.id));
      for (const session of sessions) expect(session.courseId).toBe(courseId.toLowerCase());
      expect(count(sims, '/sessions')).toBe(1);
      expect(new URL(urls(sims, '/sessions')[0] ?? '').searchParams.get('_filter')).toBe(`courseId eq guid'${courseId.toLowerCase()}'`);
      expect(await client.sessionsForCourse('not-a-guid')).toEqual([]);
    });

    it('falls back to the instructor-led course\'s sessionIds when /sessions refuses the course filter', async () => {
      const fallback = newClient(sims);
      try {
        const courseId = sims.dataset.samples.absorbIlcCourseId;
        const direct = await client.sessionsForCourse(courseId);
        sims.controls.reset();
        sims.controls.addFault({ provider: 'absorb', endpoint: '/sessions', kind: 'error', status: 400, times: 1 });
        expect(await fallback.sessionsForCourse(courseId)).toEqual(direct);
        expect(sims.controls.log.summary({ provider: 'absorb' })).toEqual({
          'absorb POST /authenticate': 1,
          'absorb GET /sessions': 2,
          'absorb GET /instructorLedCourses/:courseId': 1,
        });
        // Remembered: the next course goes straight to the fallback.
        sims.controls.log.clear();
        expect(await fallback.sessionsForCourse(UNKNOWN_GUID)).toEqual([]);
        expect(sims.controls.log.summary({ provider: 'absorb' })).toEqual({ 'absorb GET /instructorLedCourses/:courseId': 1 });
      } finally {
        fallback.close();
      }
    });

    it('reads sessions by guid', async () => {
      const picked = sims.dataset.absorb.sessions.slice(0, 30);
      const sessions = await client.sessionsByIds(picked.map((s) => s.id));
      expect(sortedIds(sessions, (s) => s.id)).toEqual(sortedIds(picked, (s) => s.id));
      expect(count(sims, '/sessions')).toBe(1);
      const first = picked[0];
      expect(sessions.find((s) => s.id === first?.id.toLowerCase())?.schedules).toHaveLength(first?.sessionSchedules.length ?? -1);
    });

    it("reads a session's roster and a user's session enrollments", async () => {
      const courseId = sims.dataset.samples.absorbIlcCourseId;
      const row = sims.dataset.absorb.sessionEnrollments.find((s) => sims.dataset.absorb.sessions.some((x) => x.id === s.sessionId && x.courseId === courseId));
      if (row === undefined) throw new Error('no session enrollment in the sample ILC');
      const roster = await client.sessionEnrollments(courseId, row.sessionId);
      expect(roster.map((r) => r.id)).toContain(row.id.toLowerCase());
      for (const entry of roster) expect(entry).toMatchObject({ absorbCourseId: courseId.toLowerCase(), sessionId: row.sessionId.toLowerCase() });
      const mine = await client.userSessionEnrollments(row.userId, courseId);
      expect(mine.length).toBeGreaterThan(0);
      for (const entry of mine) expect(entry).toMatchObject({ absorbUserId: row.userId.toLowerCase(), absorbCourseId: courseId.toLowerCase() });
    });

    it('reads chapter and lesson enrollments and lesson attempts of an enrollment, ids raw and lower-case', async () => {
      const enrollment = sims.dataset.absorb.enrollments.find((e) => e.id === sims.dataset.samples.absorbEnrollmentId);
      if (enrollment === undefined) throw new Error('no sample enrollment');
      const { userId, courseId } = enrollment;
      const chapters = await client.chapterEnrollments(userId, courseId);
      const lessons = await client.lessonEnrollments(userId, courseId);
      const expectedChapters = sims.dataset.absorb.chapterEnrollments.filter((c) => c.courseEnrollmentId === enrollment.id);
      const expectedLessons = sims.dataset.absorb.lessonEnrollments.filter((l) => l.courseEnrollmentId === enrollment.id);
      expect(sortedIds(chapters, (c) => c.id)).toEqual(sortedIds(expectedChapters, (c) => c.id));
      expect(sortedIds(lessons, (l) => l.id)).toEqual(sortedIds(expectedLessons, (l) => l.id));
      for (const activity of [...chapters, ...lessons]) {
        expect(activity.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(activity).toMatchObject({ absorbUserId: userId.toLowerCase(), absorbCourseId: courseId.toLowerCase(), courseEnrollmentId: enrollment.id.toLowerCase() });
      }
      const lesson = expectedLessons.find((l) => sims.dataset.absorb.attempts.some((a) => a.lessonEnrollmentId === l.id));
      if (lesson === undefined) throw new Error('no lesson with attempts');
      const attempts = await client.lessonAttempts(userId, courseId, lesson.lessonId);
      const expectedAttempts = sims.dataset.absorb.attempts.filter((a) => a.lessonEnrollmentId === lesson.id);
      expect(sortedIds(attempts, (a) => a.id)).toEqual(sortedIds(expectedAttempts, (a) => a.id));
      for (const attempt of attempts) expect(['InProgress', 'Complete', 'Failed']).toContain(attempt.providerStatus);
    });

    it('is NOT_FOUND where the user has no active enrollment in the course', async () => {
      const error = (await client.chapterEnrollments(UNKNOWN_GUID, sims.dataset.samples.absorbCourseId).catch((e: unknown) => e)) as ProviderError;
      expect(isProviderError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'NOT_FOUND', provider: 'absorb', endpoint: '/users/:userId/enrollments/:courseId/chapters' });
    });
  });
});
