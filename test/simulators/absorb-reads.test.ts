import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { timeSpan } from '../../src/simulators/absorb/index.js';
import type { AbsorbCourseEnrollment } from '../../src/simulators/dataset/types.js';
import { GUID_PATTERN, UNKNOWN_GUID, expectError, startAbsorb, validationsOf, type AbsorbTestServer } from './absorb-setup.js';

/**
 * Field lists and types as the document's tables and samples give them (users, courses and
 * sessions as the README's "shapes outside the document"), written out here independently of the
 * simulator's own lists so a drift on either side fails.
 */
type Kind = 'guid' | 'string' | 'int' | 'number' | 'boolean' | 'date' | 'timespan' | 'guids' | 'schedules';
type Shape = Record<string, Kind>;

const USER: Shape = {
  id: 'guid', username: 'string', firstName: 'string', lastName: 'string', emailAddress: 'string',
  employeeNumber: 'string', externalId: 'string', activeStatus: 'int',
};
const COURSE: Shape = { id: 'guid', name: 'string', courseType: 'string', activeStatus: 'int' };
const ILC: Shape = { ...COURSE, sessionIds: 'guids' };
const SESSION: Shape = { id: 'guid', courseId: 'guid', instructorLedCourseId: 'guid', name: 'string', sessionSchedules: 'schedules' };
const USER_COURSE_ENROLLMENT: Shape = {
  id: 'guid', courseId: 'guid', courseName: 'string', progress: 'number', score: 'number', status: 'int',
  dateCompleted: 'date', dateExpires: 'date', dateEdited: 'date', dateAdded: 'date', fullName: 'string',
  courseVersionId: 'guid', userId: 'guid', acceptedTermsAndConditions: 'boolean', timeSpentTicks: 'int',
  timeSpent: 'timespan', dateStarted: 'date', enrollmentKeyId: 'guid', certificateId: 'guid', credits: 'number',
  isActive: 'boolean', dateDue: 'date', accessDate: 'date', jobTitle: 'string', courseCollectionId: 'guid', avatar: 'string',
};
/** "List enrollments for specific course" sample: no ticks, accessDate, collection or avatar. */
const COURSE_ENROLLMENT: Shape = {
  id: 'guid', courseId: 'guid', courseName: 'string', progress: 'number', score: 'number', status: 'int',
  dateCompleted: 'date', dateExpires: 'date', fullName: 'string', jobTitle: 'string', courseVersionId: 'guid',
  userId: 'guid', acceptedTermsAndConditions: 'boolean', timeSpent: 'timespan', dateStarted: 'date',
  enrollmentKeyId: 'guid', certificateId: 'guid', credits: 'number', isActive: 'boolean', dateDue: 'date',
  dateEdited: 'date', dateAdded: 'date',
};
const SESSION_ENROLLMENT: Shape = {
  id: 'guid', sessionId: 'guid', courseEnrollmentId: 'guid', name: 'string', userId: 'guid', fullName: 'string',
  status: 'int', progress: 'number', score: 'number', timeSpent: 'timespan', dateEnrolled: 'date',
  dateStarted: 'date', dateCompleted: 'date', dateEdited: 'date',
};
const CHAPTER_ENROLLMENT: Shape = {
  id: 'guid', courseEnrollmentId: 'guid', chapterId: 'guid', sessionId: 'guid', lessonId: 'guid', name: 'string',
  userId: 'guid', fullName: 'string', status: 'int', progress: 'number', score: 'number', timeSpent: 'timespan',
  dateEnrolled: 'date', dateStarted: 'date', dateCompleted: 'date', lessonEnrollmentIds: 'guids',
};
const LESSON_ENROLLMENT: Shape = {
  id: 'guid', chapterEnrollmentId: 'guid', type: 'string', attempts: 'int', failures: 'int', lastAttempt: 'date',
  courseEnrollmentId: 'guid', chapterId: 'guid', lessonId: 'guid', name: 'string', userId: 'guid', fullName: 'string',
  status: 'int', progress: 'number', score: 'number', timeSpent: 'timespan', dateEnrolled: 'date',
  dateStarted: 'date', dateCompleted: 'date', dateEdited: 'date', dateAdded: 'date',
};
const ATTEMPT: Shape = { id: 'guid', timeSpentTicks: 'int', status: 'int', score: 'number', startDate: 'date', completionDate: 'date' };

const TIMESPAN = /^(\d+\.)?\d{2}:\d{2}:\d{2}\.\d{7}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function matchesKind(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'guid':
      return typeof value === 'string' && GUID_PATTERN.test(value);
    case 'string':
      return typeof value === 'string';
    case 'int':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value);
    case 'timespan':
      return typeof value === 'string' && TIMESPAN.test(value);
    case 'guids':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && GUID_PATTERN.test(v));
    case 'schedules':
      return Array.isArray(value) && value.every((v: { startDate?: unknown; endDate?: unknown }) => matchesKind(v.startDate, 'date') && matchesKind(v.endDate, 'date'));
  }
}

/** Exactly the shape's keys, in its order; each value of its kind or null. */
function expectShape(record: unknown, shape: Shape): void {
  expect(typeof record).toBe('object');
  const object = record as Record<string, unknown>;
  expect(Object.keys(object)).toEqual(Object.keys(shape));
  const wrong = Object.entries(shape).filter(([field, kind]) => object[field] !== null && !matchesKind(object[field], kind));
  expect(wrong.map(([field, kind]) => `${field}: ${kind} but ${JSON.stringify(object[field])}`)).toEqual([]);
}

function expectPaged(body: unknown, key: string, shape: Shape): unknown[] {
  const page = body as Record<string, unknown>;
  expect(Object.keys(page)).toEqual(['totalItems', 'returnedItems', 'limit', 'offset', key]);
  const items = page[key] as unknown[];
  expect(items.length).toBeGreaterThan(0);
  for (const item of items) expectShape(item, shape);
  return items;
}

let absorb: AbsorbTestServer;
let learnerId: string;

beforeAll(async () => {
  absorb = await startAbsorb();
  learnerId = absorb.dataset.people.find((p) => p.employeeID === absorb.dataset.samples.learnerEmployeeID)?.absorbUserId ?? '';
});
afterAll(() => absorb.close());

const data = () => absorb.dataset.absorb;
const enrollmentById = (id: string): AbsorbCourseEnrollment => {
  const row = data().enrollments.find((e) => e.id === id);
  if (!row) throw new Error(`no enrollment ${id}`);
  return row;
};

describe('Absorb users and courses', () => {
  it('lists and gets users', async () => {
    const list = await absorb.get('/users?_limit=1000');
    expect(list.status).toBe(200);
    expectPaged(list.body, 'users', USER);
    const user = data().users[3];
    const one = await absorb.get(`/users/${user?.id ?? ''}`);
    expect(one.status).toBe(200);
    expectShape(one.body, USER);
    expect(one.body).toEqual(user);
  });

  it('gets ids case-insensitively', async () => {
    const user = data().users[3];
    const one = await absorb.get(`/users/${(user?.id ?? '').toUpperCase()}`);
    expect(one.status).toBe(200);
    expect((one.body as { id: string }).id).toBe(user?.id);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    expectError(await absorb.get(`/users/${UNKNOWN_GUID}`), 404, /User .* was not found/);
    expectError(await absorb.get('/users/not-a-guid'), 404, /not a guid/);
    expectError(await absorb.get(`/courses/${UNKNOWN_GUID}`), 404);
    expectError(await absorb.get(`/enrollments/${UNKNOWN_GUID}`), 404);
  });

  it('lists and gets courses', async () => {
    const list = await absorb.get('/courses?_limit=1000');
    const items = expectPaged(list.body, 'courses', COURSE) as { courseType: string }[];
    expect(new Set(items.map((c) => c.courseType))).toEqual(new Set(['OnlineCourse', 'InstructorLedCourse', 'CourseBundle', 'Curriculum']));
    const one = await absorb.get(`/courses/${absorb.dataset.samples.absorbCourseId}`);
    expectShape(one.body, COURSE);
  });

  it('lists instructor-led courses with their sessionIds, and gets one', async () => {
    const list = await absorb.get('/instructorLedCourses?_limit=1000');
    const items = expectPaged(list.body, 'instructorLedCourses', ILC) as { id: string; courseType: string; sessionIds: string[] }[];
    expect(items).toHaveLength(data().courses.filter((c) => c.courseType === 'InstructorLedCourse').length);
    for (const course of items) {
      expect(course.courseType).toBe('InstructorLedCourse');
      expect(course.sessionIds).toEqual(data().sessions.filter((s) => s.courseId === course.id).map((s) => s.id));
    }
    const ilcId = absorb.dataset.samples.absorbIlcCourseId;
    const one = await absorb.get<{ sessionIds: string[] }>(`/instructorLedCourses/${ilcId}`);
    expectShape(one.body, ILC);
    expect(one.body.sessionIds.length).toBeGreaterThan(0);
    expectError(await absorb.get(`/instructorLedCourses/${absorb.dataset.samples.absorbCourseId}`), 404);
  });

  it('lists sessions of all ILCs with courseId and instructorLedCourseId', async () => {
    const list = await absorb.get('/sessions?_limit=1000');
    const items = expectPaged(list.body, 'sessions', SESSION) as { courseId: string; instructorLedCourseId: string }[];
    expect(items).toHaveLength(data().sessions.length);
    for (const session of items) expect(session.instructorLedCourseId).toBe(session.courseId);
    const ilcId = absorb.dataset.samples.absorbIlcCourseId;
    const filtered = await absorb.get<{ totalItems: number }>(`/sessions?_filter=${encodeURIComponent(`courseId eq guid'${ilcId}'`)}`);
    expect(filtered.body.totalItems).toBe(data().sessions.filter((s) => s.courseId === ilcId).length);
  });
});

describe('Absorb course enrollments', () => {
  it("lists a user's enrollments, active and historical", async () => {
    const list = await absorb.get(`/users/${learnerId}/enrollments`);
    const items = expectPaged(list.body, 'enrollments', USER_COURSE_ENROLLMENT) as { id: string; isActive: boolean }[];
    const expected = data().enrollments.filter((e) => e.userId === learnerId);
    expect(items.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(items.some((e) => !e.isActive)).toBe(true);
    expectError(await absorb.get(`/users/${UNKNOWN_GUID}/enrollments`), 404);
  });

  it("gets the user's ACTIVE enrollment in a course, also as grades", async () => {
    const historical = data().enrollments.find((e) => e.userId === learnerId && !e.isActive);
    if (!historical) throw new Error('the learner should have a historical enrollment');
    const active = data().enrollments.find((e) => e.userId === learnerId && e.isActive && e.courseId === historical.courseId);
    for (const path of ['enrollments', 'grades']) {
      const one = await absorb.get<{ id: string; isActive: boolean }>(`/users/${learnerId}/${path}/${historical.courseId}`);
      expect(one.status).toBe(200);
      expectShape(one.body, USER_COURSE_ENROLLMENT);
      expect(one.body.id).toBe(active?.id);
      expect(one.body.isActive).toBe(true);
    }
  });

  it('answers 404 for a course the user is not enrolled in', async () => {
    const enrolled = new Set(data().enrollments.filter((e) => e.userId === learnerId).map((e) => e.courseId));
    const other = data().courses.find((c) => !enrolled.has(c.id));
    expectError(await absorb.get(`/users/${learnerId}/enrollments/${other?.id ?? ''}`), 404);
    expectError(await absorb.get(`/users/${learnerId}/grades/${UNKNOWN_GUID}`), 404);
  });

  it("lists a course's enrollments in the CourseEnrollmentResource shape", async () => {
    const courseId = absorb.dataset.samples.absorbCourseId;
    const list = await absorb.get<{ totalItems: number }>(`/courses/${courseId}/enrollments?_limit=1000`);
    expectPaged(list.body, 'enrollments', COURSE_ENROLLMENT);
    expect(list.body.totalItems).toBe(data().enrollments.filter((e) => e.courseId === courseId).length);
  });

  it('gets an enrollment by id', async () => {
    const id = absorb.dataset.samples.absorbEnrollmentId;
    const one = await absorb.get<{ id: string; timeSpentTicks: number; timeSpent: string }>(`/enrollments/${id}`);
    expectShape(one.body, USER_COURSE_ENROLLMENT);
    expect(one.body.timeSpentTicks).toBe(enrollmentById(id).timeSpentTicks);
    expect(one.body.timeSpent).toBe(timeSpan(enrollmentById(id).timeSpentTicks));
  });
});

describe('Absorb bulk student courses', () => {
  const usersWithEnrollments = (): string[] => [...new Set(data().enrollments.map((e) => e.userId))];

  it('answers a bare array of the active enrollments of repeated userIds', async () => {
    const userIds = usersWithEnrollments().slice(0, 3);
    const answer = await absorb.get<{ id: string; isActive: boolean }[]>(`/bulk/studentcourses?${userIds.map((id) => `userIds=${id}`).join('&')}`);
    expect(answer.status).toBe(200);
    expect(Array.isArray(answer.body)).toBe(true);
    for (const item of answer.body) expectShape(item, USER_COURSE_ENROLLMENT);
    const expected = data().enrollments.filter((e) => e.isActive && userIds.includes(e.userId));
    expect(answer.body.map((e) => e.id)).toEqual(expected.map((e) => e.id));
  });

  it('accepts comma-separated lists and narrows by courseIds', async () => {
    const userIds = usersWithEnrollments().slice(0, 40);
    const courseIds = [absorb.dataset.samples.absorbCourseId, absorb.dataset.samples.absorbIlcCourseId];
    const answer = await absorb.get<{ id: string }[]>(`/bulk/studentcourses?userIds=${userIds.join(',')}&courseIds=${courseIds[0]}&courseIds=${courseIds[1]}`);
    const expected = data().enrollments.filter((e) => e.isActive && userIds.includes(e.userId) && courseIds.includes(e.courseId));
    expect(answer.body.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(expected.length).toBeGreaterThan(0);
  });

  it('reads a long list of repeated userIds (qs turns more than 20 into an object)', async () => {
    const known = usersWithEnrollments().slice(0, 60);
    const userIds = [...known, ...Array.from({ length: 40 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)];
    const answer = await absorb.get<{ id: string }[]>(`/bulk/studentcourses?${userIds.map((id) => `userIds=${id}`).join('&')}`);
    expect(answer.status).toBe(200);
    const expected = data().enrollments.filter((e) => e.isActive && known.includes(e.userId));
    expect(answer.body.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    const over = await absorb.get(`/bulk/studentcourses?${[...userIds, UNKNOWN_GUID].map((id) => `userIds=${id}`).join('&')}`);
    expectError(over, 400);
  });

  it('ignores unknown user ids', async () => {
    const answer = await absorb.get(`/bulk/studentcourses?userIds=${UNKNOWN_GUID}`);
    expect(answer.body).toEqual([]);
  });

  it('caps userIds at 100 and needs at least one, each a guid', async () => {
    const hundred = Array.from({ length: 100 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect((await absorb.get(`/bulk/studentcourses?userIds=${hundred.join(',')}`)).status).toBe(200);
    const over = await absorb.get(`/bulk/studentcourses?userIds=${[...hundred, UNKNOWN_GUID].join(',')}`);
    expectError(over, 400);
    expect(validationsOf(over)).toEqual(['userIds: at most 100 user ids per request, got 101']);
    expectError(await absorb.get('/bulk/studentcourses'), 400);
    expectError(await absorb.get(`/bulk/studentcourses?courseIds=${absorb.dataset.samples.absorbCourseId}`), 400);
    const bad = await absorb.get('/bulk/studentcourses?userIds=abc');
    expect(validationsOf(bad)).toEqual(["userIds: 'abc' is not a guid"]);
  });
});

describe('Absorb session enrollments', () => {
  const ilcId = (): string => absorb.dataset.samples.absorbIlcCourseId;

  it("lists the learner's session enrollments in the ILC as a bare array, and gets one", async () => {
    const list = await absorb.get<{ id: string; sessionId: string }[]>(`/users/${learnerId}/enrollments/${ilcId()}/sessions`);
    expect(list.status).toBe(200);
    expect(list.body.length).toBeGreaterThanOrEqual(1);
    for (const item of list.body) expectShape(item, SESSION_ENROLLMENT);
    const first = list.body[0];
    const one = await absorb.get(`/users/${learnerId}/enrollments/${ilcId()}/sessions/${first?.sessionId ?? ''}`);
    expect(one.body).toEqual(first);
    const free = data().sessions.find((s) => s.courseId === ilcId() && !list.body.some((e) => e.sessionId === s.id));
    if (free) expectError(await absorb.get(`/users/${learnerId}/enrollments/${ilcId()}/sessions/${free.id}`), 404);
  });

  it("filters a user's session enrollments by status", async () => {
    const absent = await absorb.get<{ status: number }[]>(`/users/${learnerId}/enrollments/${ilcId()}/sessions?status=9`);
    // The learner missed one session (Absent) before attending another.
    expect(absent.body.length).toBeGreaterThanOrEqual(1);
    expect(absent.body.every((e) => e.status === 9)).toBe(true);
  });

  it("pages an ILC session's enrollments", async () => {
    const session = data().sessionEnrollments[0];
    const sessionRow = data().sessions.find((s) => s.id === session?.sessionId);
    const list = await absorb.get<{ totalItems: number }>(`/courses/${sessionRow?.courseId ?? ''}/sessions/${sessionRow?.id ?? ''}/enrollments?_limit=1000`);
    expectPaged(list.body, 'enrollments', SESSION_ENROLLMENT);
    expect(list.body.totalItems).toBe(data().sessionEnrollments.filter((e) => e.sessionId === sessionRow?.id).length);
    expectError(await absorb.get(`/courses/${absorb.dataset.samples.absorbCourseId}/sessions/${sessionRow?.id ?? ''}/enrollments`), 404);
  });
});

describe('Absorb chapter, lesson and attempt reads', () => {
  const enrollment = (): AbsorbCourseEnrollment => enrollmentById(absorb.dataset.samples.absorbEnrollmentId);
  const base = (): string => `/users/${enrollment().userId}/enrollments/${enrollment().courseId}`;

  it('lists chapter enrollments as a bare array with their lesson enrollment ids, and gets one', async () => {
    const list = await absorb.get<{ id: string; chapterId: string; lessonEnrollmentIds: string[] }[]>(`${base()}/chapters`);
    expect(list.body.length).toBeGreaterThan(0);
    for (const item of list.body) {
      expectShape(item, CHAPTER_ENROLLMENT);
      expect(item.lessonEnrollmentIds).toEqual(data().lessonEnrollments.filter((l) => l.chapterEnrollmentId === item.id).map((l) => l.id));
    }
    const first = list.body[0];
    const one = await absorb.get(`${base()}/chapters/${first?.chapterId ?? ''}`);
    expect(one.body).toEqual(first);
    expectError(await absorb.get(`${base()}/chapters/${UNKNOWN_GUID}`), 404);
  });

  it("lists a user's lesson enrollments in the course and in a chapter, and gets one both ways", async () => {
    const lessons = await absorb.get<{ id: string; chapterId: string; lessonId: string }[]>(`${base()}/lessons`);
    expect(lessons.body.map((l) => l.id)).toEqual(data().lessonEnrollments.filter((l) => l.courseEnrollmentId === enrollment().id).map((l) => l.id));
    for (const item of lessons.body) expectShape(item, LESSON_ENROLLMENT);
    const first = lessons.body[0];
    if (!first) throw new Error('no lessons');
    const byChapter = await absorb.get<{ id: string }[]>(`${base()}/chapters/${first.chapterId}/lessons`);
    expect(byChapter.body.map((l) => l.id)).toEqual(lessons.body.filter((l) => l.chapterId === first.chapterId).map((l) => l.id));
    expect((await absorb.get(`${base()}/lessons/${first.lessonId}`)).body).toEqual(first);
    expect((await absorb.get(`${base()}/chapters/${first.chapterId}/lessons/${first.lessonId}`)).body).toEqual(first);
    const otherChapter = data().chapters.find((c) => c.courseId === enrollment().courseId && c.id !== first.chapterId);
    if (otherChapter) expectError(await absorb.get(`${base()}/chapters/${otherChapter.id}/lessons/${first.lessonId}`), 404);
  });

  it("pages a lesson's enrollments under lessonEnrollments", async () => {
    const lesson = data().lessons.find((l) => l.courseId === enrollment().courseId);
    const list = await absorb.get<{ totalItems: number }>(`/courses/${enrollment().courseId}/lessons/${lesson?.id ?? ''}/enrollments?limit=1000`);
    expectPaged(list.body, 'lessonEnrollments', LESSON_ENROLLMENT);
    expect(list.body.totalItems).toBe(data().lessonEnrollments.filter((l) => l.lessonId === lesson?.id).length);
    expectError(await absorb.get(`/courses/${absorb.dataset.samples.absorbIlcCourseId}/lessons/${lesson?.id ?? ''}/enrollments`), 404);
  });

  it("lists a lesson's attempts as a bare array", async () => {
    const attempted = data().lessonEnrollments.find((l) => l.courseEnrollmentId === enrollment().id && l.attempts > 0);
    if (!attempted) throw new Error('the sample enrollment should have attempts');
    const list = await absorb.get<{ id: string }[]>(`${base()}/lessons/${attempted.lessonId}/attempts`);
    expect(list.body.length).toBe(attempted.attempts);
    for (const item of list.body) expectShape(item, ATTEMPT);
  });

  it('answers 404 below a course the user has no active enrollment in', async () => {
    const notEnrolled = data().users.find((u) => !data().enrollments.some((e) => e.userId === u.id && e.courseId === enrollment().courseId));
    expectError(await absorb.get(`/users/${notEnrolled?.id ?? ''}/enrollments/${enrollment().courseId}/chapters`), 404);
    expectError(await absorb.get(`/users/${notEnrolled?.id ?? ''}/enrollments/${enrollment().courseId}/lessons`), 404);
  });
});

describe('Absorb TimeSpan strings', () => {
  it('writes d.hh:mm:ss.fffffff with the day part only from one day up', () => {
    expect(timeSpan(((((1 * 24 + 13) * 60 + 2) * 60 + 39) * 10_000_000) + 9_878_697)).toBe('1.13:02:39.9878697');
    expect(timeSpan((14 * 60 + 33) * 10_000_000)).toBe('00:14:33.0000000');
    expect(timeSpan(0)).toBe('00:00:00.0000000');
    expect(timeSpan(864_000_000_000 - 1)).toBe('23:59:59.9999999');
    expect(timeSpan(864_000_000_000)).toBe('1.00:00:00.0000000');
    expect(timeSpan(12 * 864_000_000_000 + 5)).toBe('12.00:00:00.0000005');
  });

  it('serves timeSpent with and without days, agreeing with timeSpentTicks', async () => {
    const long = data().enrollments.find((e) => e.timeSpentTicks >= 864_000_000_000);
    const short = data().enrollments.find((e) => e.timeSpentTicks > 0 && e.timeSpentTicks < 36_000_000_000);
    if (!long || !short) throw new Error('dataset should have short and multi-day time spent');
    const a = await absorb.get<{ timeSpent: string; timeSpentTicks: number }>(`/enrollments/${long.id}`);
    expect(a.body.timeSpent).toMatch(/^\d+\.\d{2}:\d{2}:\d{2}\.\d{7}$/);
    const [days, rest] = a.body.timeSpent.split('.', 2) as [string, string];
    expect(Number(days)).toBe(Math.floor(long.timeSpentTicks / 864_000_000_000));
    expect(rest).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    const b = await absorb.get<{ timeSpent: string }>(`/enrollments/${short.id}`);
    expect(b.body.timeSpent).toMatch(/^0\d:\d{2}:\d{2}\.\d{7}$/);
    const seconds = Math.floor(short.timeSpentTicks / 10_000_000);
    const [h, m, s] = b.body.timeSpent.slice(0, 8).split(':').map(Number) as [number, number, number];
    expect(h * 3600 + m * 60 + s).toBe(seconds);
  });
});
