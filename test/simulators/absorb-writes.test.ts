import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { AbsorbCourse, AbsorbUser } from '../../src/simulators/dataset/types.js';
import { GUID_PATTERN, UNKNOWN_GUID, expectError, startAbsorb, testDataset, validationsOf, type AbsorbTestServer } from './absorb-setup.js';

/** Each test gets its own dataset: writes change it in place. */
let absorb: AbsorbTestServer;
const NOW = Date.UTC(2024, 6, 1, 9, 30, 0);

beforeEach(async () => {
  absorb = await startAbsorb({ dataset: testDataset(60), simulator: { now: () => NOW } });
});
afterEach(() => absorb.close());

const data = () => absorb.dataset.absorb;

function courseOfType(type: AbsorbCourse['courseType']): AbsorbCourse {
  const course = data().courses.find((c) => c.courseType === type && c.activeStatus === 0);
  if (!course) throw new Error(`no active ${type}`);
  return course;
}

/** A user with no enrollment at all in the course. */
function userNotIn(course: AbsorbCourse): AbsorbUser {
  const user = data().users.find((u) => !data().enrollments.some((e) => e.userId === u.id && e.courseId === course.id));
  if (!user) throw new Error('every user is enrolled');
  return user;
}

interface Enrollment {
  id: string;
  courseId: string;
  userId: string;
  isActive: boolean;
  status: number;
  score: number | null;
  progress: number;
  courseName: string;
  dateAdded: string;
  dateCompleted: string | null;
  dateExpires: string | null;
  credits: number | null;
  acceptedTermsAndConditions: boolean;
  courseVersionId: string | null;
  enrollmentKeyId: string | null;
}

describe('POST /users/{userId}/enrollments/{courseId}', () => {
  it('creates an active, not-started enrollment (201) the next read sees', async () => {
    const course = courseOfType('OnlineCourse');
    const user = userNotIn(course);
    const answer = await absorb.post<{ enrollmentId: string; courseId: string; userId: string }>(`/users/${user.id}/enrollments/${course.id}`);
    expect(answer.status).toBe(201);
    expect(Object.keys(answer.body)).toEqual(['enrollmentId', 'courseId', 'userId']);
    expect(answer.body).toEqual({ enrollmentId: expect.stringMatching(GUID_PATTERN), courseId: course.id, userId: user.id });
    const read = await absorb.get<Enrollment>(`/users/${user.id}/enrollments/${course.id}`);
    expect(read.body).toMatchObject({ id: answer.body.enrollmentId, isActive: true, status: 0, progress: 0, courseName: course.name, dateAdded: '2024-07-01T09:30:00Z' });
    // An online course comes with its chapter and lesson enrollments, so attempts can start.
    const lessons = await absorb.get<unknown[]>(`/users/${user.id}/enrollments/${course.id}/lessons`);
    expect(lessons.body).toHaveLength(data().lessons.filter((l) => l.courseId === course.id).length);
  });

  it('refuses a second enrollment with 422, and re-enrolls with reEnroll=true', async () => {
    const course = courseOfType('OnlineCourse');
    const user = userNotIn(course);
    const first = await absorb.post<{ enrollmentId: string }>(`/users/${user.id}/enrollments/${course.id}`);
    expectError(await absorb.post(`/users/${user.id}/enrollments/${course.id}`), 422, /already has an active enrollment/);
    expectError(await absorb.post(`/users/${user.id}/enrollments/${course.id}?reEnroll=false`), 422);
    const second = await absorb.post<{ enrollmentId: string }>(`/users/${user.id}/enrollments/${course.id}?reEnroll=true`);
    expect(second.status).toBe(201);
    expect(second.body.enrollmentId).not.toBe(first.body.enrollmentId);
    const old = await absorb.get<Enrollment>(`/enrollments/${first.body.enrollmentId}`);
    expect(old.body.isActive).toBe(false);
    const current = await absorb.get<Enrollment>(`/users/${user.id}/enrollments/${course.id}`);
    expect(current.body).toMatchObject({ id: second.body.enrollmentId, isActive: true });
    const all = await absorb.get<{ enrollments: Enrollment[] }>(`/users/${user.id}/enrollments?_filter=${encodeURIComponent(`courseId eq guid'${course.id}'`)}`);
    expect(all.body.enrollments.map((e) => [e.id, e.isActive])).toEqual([
      [first.body.enrollmentId, false],
      [second.body.enrollmentId, true],
    ]);
    // Bulk answers only the active one.
    const bulk = await absorb.get<Enrollment[]>(`/bulk/studentcourses?userIds=${user.id}&courseIds=${course.id}`);
    expect(bulk.body.map((e) => e.id)).toEqual([second.body.enrollmentId]);
  });

  it('answers 404 for an unknown user or course, 400 for a bad reEnroll, 422 for an inactive course', async () => {
    const course = courseOfType('OnlineCourse');
    const user = userNotIn(course);
    expectError(await absorb.post(`/users/${UNKNOWN_GUID}/enrollments/${course.id}`), 404);
    expectError(await absorb.post(`/users/${user.id}/enrollments/${UNKNOWN_GUID}`), 404);
    expectError(await absorb.post(`/users/${user.id}/enrollments/not-a-guid`), 404);
    const bad = await absorb.post(`/users/${user.id}/enrollments/${course.id}?reEnroll=yes`);
    expectError(bad, 400);
    expect(validationsOf(bad)).toEqual(['reEnroll: must be true or false']);
    course.activeStatus = 1;
    expectError(await absorb.post(`/users/${user.id}/enrollments/${course.id}`), 422, /inactive/);
  });
});

describe('POST /users/{userId}/enrollments (create or update)', () => {
  it('creates (201) with the settable properties applied', async () => {
    const course = courseOfType('CourseBundle');
    const user = userNotIn(course);
    const versionId = '0d9a3c3e-7a43-4e8e-9b41-6a2f6b1c2d3e';
    const answer = await absorb.post<{ enrollmentId: string }>(`/users/${user.id}/enrollments`, {
      courseId: course.id,
      status: 1,
      score: 55.5,
      credits: 2,
      dateExpires: '2025-01-01T00:00:00Z',
      courseVersionId: versionId,
      acceptedTermsAndConditions: true,
    });
    expect(answer.status).toBe(201);
    const read = await absorb.get<Enrollment>(`/enrollments/${answer.body.enrollmentId}`);
    expect(read.body).toMatchObject({ status: 1, score: 55.5, credits: 2, dateExpires: '2025-01-01T00:00:00Z', courseVersionId: versionId, acceptedTermsAndConditions: true, isActive: true });
  });

  it('updates the active enrollment (200), ignoring properties that are not settable', async () => {
    const existing = data().enrollments.find((e) => e.isActive);
    if (!existing) throw new Error('no active enrollment');
    const before = { progress: existing.progress, courseName: existing.courseName, dateAdded: existing.dateAdded };
    const answer = await absorb.post(`/users/${existing.userId}/enrollments`, {
      CourseId: existing.courseId.toUpperCase(),
      Status: 3,
      dateCompleted: '2024-06-30T10:00:00+07:00',
      score: 91,
      progress: 12,
      courseName: 'Renamed',
      isActive: false,
      dateAdded: '2020-01-01T00:00:00Z',
      unknownThing: 'ignored',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ enrollmentId: existing.id, courseId: existing.courseId, userId: existing.userId });
    const read = await absorb.get<Enrollment>(`/enrollments/${existing.id}`);
    expect(read.body).toMatchObject({ ...before, status: 3, score: 91, dateCompleted: '2024-06-30T03:00:00Z', isActive: true });
    expect((read.body as unknown as { dateEdited: string }).dateEdited).toBe('2024-07-01T09:30:00Z');
  });

  it('re-enrolls with reEnroll=true instead of updating', async () => {
    const existing = data().enrollments.find((e) => e.isActive && data().courses.find((c) => c.id === e.courseId)?.activeStatus === 0);
    if (!existing) throw new Error('no active enrollment');
    const answer = await absorb.post<{ enrollmentId: string }>(`/users/${existing.userId}/enrollments?reEnroll=true`, { courseId: existing.courseId, status: 1 });
    expect(answer.status).toBe(201);
    expect(answer.body.enrollmentId).not.toBe(existing.id);
    expect((await absorb.get<Enrollment>(`/enrollments/${existing.id}`)).body.isActive).toBe(false);
    expect((await absorb.get<Enrollment>(`/enrollments/${answer.body.enrollmentId}`)).body).toMatchObject({ isActive: true, status: 1 });
  });

  it('answers 400 listing each bad field', async () => {
    const user = data().users[0] as AbsorbUser;
    const missing = await absorb.post(`/users/${user.id}/enrollments`, { status: 1 });
    expectError(missing, 400);
    expect(validationsOf(missing)).toEqual(['courseId: is required and must be a non-empty guid']);
    const empty = await absorb.post(`/users/${user.id}/enrollments`, { courseId: '00000000-0000-0000-0000-000000000000' });
    expect(validationsOf(empty)).toEqual(['courseId: is required and must be a non-empty guid']);
    const wrong = await absorb.post(`/users/${user.id}/enrollments`, {
      courseId: 'abc',
      status: 42,
      score: 'high',
      dateCompleted: 'tomorrow',
      acceptedTermsAndConditions: 'yes',
      enrollmentKeyId: 7,
      credits: '2',
    });
    expectError(wrong, 400);
    expect(validationsOf(wrong)).toEqual([
      'courseId: is required and must be a non-empty guid',
      'status: must be one of 0–12',
      'dateCompleted: must be an ISO-8601 date-time',
      'acceptedTermsAndConditions: must be true or false',
      'enrollmentKeyId: must be a guid',
      'credits: must be a number',
      'score: must be a number',
    ]);
    expectError(await absorb.post(`/users/${user.id}/enrollments`, [1, 2]), 400);
    expectError(await absorb.post(`/users/${user.id}/enrollments`, undefined), 400);
    expectError(await absorb.post(`/users/${user.id}/enrollments`, { courseId: data().courses[0]?.id, status: '3' }), 400);
  });

  it('answers 404 for an unknown user or course', async () => {
    const user = data().users[0] as AbsorbUser;
    expectError(await absorb.post(`/users/${UNKNOWN_GUID}/enrollments`, { courseId: data().courses[0]?.id }), 404);
    expectError(await absorb.post(`/users/${user.id}/enrollments`, { courseId: UNKNOWN_GUID }), 404);
  });
});

describe('POST /enrollments/unenroll', () => {
  it('removes the enrollments and their session, chapter, lesson and attempt rows (204)', async () => {
    const id = absorb.dataset.samples.absorbEnrollmentId;
    const enrollment = data().enrollments.find((e) => e.id === id);
    const other = data().enrollments.find((e) => e.id !== id && e.isActive);
    if (!enrollment || !other) throw new Error('sample enrollment missing');
    const lessonIds = new Set(data().lessonEnrollments.filter((l) => l.courseEnrollmentId === id).map((l) => l.id));
    expect(lessonIds.size).toBeGreaterThan(0);
    const answer = await absorb.post('/enrollments/unenroll', [id.toUpperCase(), other.id, id]);
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expectError(await absorb.get(`/enrollments/${id}`), 404);
    expectError(await absorb.get(`/enrollments/${other.id}`), 404);
    expectError(await absorb.get(`/users/${enrollment.userId}/enrollments/${enrollment.courseId}/chapters`), 404);
    expect(data().chapterEnrollments.some((c) => c.courseEnrollmentId === id)).toBe(false);
    expect(data().attempts.some((a) => lessonIds.has(a.lessonEnrollmentId))).toBe(false);
    const list = await absorb.get<{ enrollments: { id: string }[] }>(`/users/${enrollment.userId}/enrollments?_limit=1000`);
    expect(list.body.enrollments.some((e) => e.id === id)).toBe(false);
  });

  it('answers 400 for an empty array, a non-array or non-guids', async () => {
    const empty = await absorb.post('/enrollments/unenroll', []);
    expectError(empty, 400);
    expect(validationsOf(empty)).toEqual(['body: at least one enrollment id is required']);
    expectError(await absorb.post('/enrollments/unenroll', { ids: [] }), 400);
    const bad = await absorb.post('/enrollments/unenroll', [absorb.dataset.samples.absorbEnrollmentId, 'x', 3]);
    expect(validationsOf(bad)).toEqual(['[1]: must be a guid', '[2]: must be a guid']);
  });

  it('answers 422 for an unknown id and removes nothing', async () => {
    const id = absorb.dataset.samples.absorbEnrollmentId;
    const count = data().enrollments.length;
    expectError(await absorb.post('/enrollments/unenroll', [id, UNKNOWN_GUID]), 422, new RegExp(UNKNOWN_GUID));
    expect(data().enrollments.length).toBe(count);
    expect((await absorb.get(`/enrollments/${id}`)).status).toBe(200);
  });
});

describe('POST /users/{userId}/enrollments/{courseId}/session/{sessionId}', () => {
  const ilc = (): AbsorbCourse => {
    const course = data().courses.find((c) => c.id === absorb.dataset.samples.absorbIlcCourseId);
    if (!course) throw new Error('no ILC');
    return course;
  };
  const sessionsOf = (course: AbsorbCourse) => data().sessions.filter((s) => s.courseId === course.id);

  it('creates the course and session enrollments (201), visible to the next reads', async () => {
    const course = ilc();
    const user = userNotIn(course);
    const [session] = sessionsOf(course);
    const answer = await absorb.post<Record<string, string>>(`/users/${user.id}/enrollments/${course.id}/session/${session?.id ?? ''}`);
    expect(answer.status).toBe(201);
    expect(Object.keys(answer.body)).toEqual(['userId', 'courseId', 'sessionId', 'enrollmentId', 'sessionEnrollmentId']);
    expect(answer.body).toMatchObject({ userId: user.id, courseId: course.id, sessionId: session?.id });
    const enrollment = await absorb.get<Enrollment>(`/users/${user.id}/enrollments/${course.id}`);
    expect(enrollment.body.id).toBe(answer.body.enrollmentId);
    const sessions = await absorb.get<{ id: string; sessionId: string; courseEnrollmentId: string; status: number }[]>(`/users/${user.id}/enrollments/${course.id}/sessions`);
    expect(sessions.body).toEqual([expect.objectContaining({ id: answer.body.sessionEnrollmentId, sessionId: session?.id, courseEnrollmentId: answer.body.enrollmentId, status: 0 })]);
    const roster = await absorb.get<{ enrollments: { id: string }[] }>(`/courses/${course.id}/sessions/${session?.id ?? ''}/enrollments?_limit=1000`);
    expect(roster.body.enrollments.map((e) => e.id)).toContain(answer.body.sessionEnrollmentId);
  });

  it('uses an existing active course enrollment that has no session yet', async () => {
    const course = ilc();
    const user = userNotIn(course);
    const created = await absorb.post<{ enrollmentId: string }>(`/users/${user.id}/enrollments/${course.id}`);
    const [session] = sessionsOf(course);
    const answer = await absorb.post<{ enrollmentId: string }>(`/users/${user.id}/enrollments/${course.id}/session/${session?.id ?? ''}`);
    expect(answer.status).toBe(201);
    expect(answer.body.enrollmentId).toBe(created.body.enrollmentId);
  });

  it('refuses the same session again (422) unless reEnroll, which starts a new course enrollment', async () => {
    const course = ilc();
    const user = userNotIn(course);
    const [session] = sessionsOf(course);
    const path = `/users/${user.id}/enrollments/${course.id}/session/${session?.id ?? ''}`;
    const first = await absorb.post<{ enrollmentId: string }>(path);
    expectError(await absorb.post(path), 422, /already enrolled in session/);
    expectError(await absorb.post(`${path}?cancelSession=true`), 422);
    const again = await absorb.post<{ enrollmentId: string }>(`${path}?reEnroll=true`);
    expect(again.status).toBe(201);
    expect(again.body.enrollmentId).not.toBe(first.body.enrollmentId);
    expect((await absorb.get<Enrollment>(`/enrollments/${first.body.enrollmentId}`)).body.isActive).toBe(false);
  });

  it('refuses another session (422) unless cancelSession, which moves the seat', async () => {
    const course = ilc();
    const user = userNotIn(course);
    const [a, b] = sessionsOf(course);
    if (!a || !b) throw new Error('the sample ILC should have two sessions');
    const base = `/users/${user.id}/enrollments/${course.id}/session`;
    const first = await absorb.post<{ sessionEnrollmentId: string }>(`${base}/${a.id}`);
    expectError(await absorb.post(`${base}/${b.id}`), 422, /another session/);
    const moved = await absorb.post<{ sessionEnrollmentId: string }>(`${base}/${b.id}?cancelSession=true`);
    expect(moved.status).toBe(201);
    const sessions = await absorb.get<{ id: string; sessionId: string }[]>(`/users/${user.id}/enrollments/${course.id}/sessions`);
    expect(sessions.body.map((s) => s.sessionId)).toEqual([b.id]);
    expectError(await absorb.get(`/users/${user.id}/enrollments/${course.id}/sessions/${a.id}`), 404);
    expect(data().sessionEnrollments.some((s) => s.id === first.body.sessionEnrollmentId)).toBe(false);
  });

  it('answers 422 for a course that is not an ILC or a session of another course, 404 for unknown ids', async () => {
    const course = ilc();
    const user = userNotIn(course);
    const [session] = sessionsOf(course);
    const online = courseOfType('OnlineCourse');
    expectError(await absorb.post(`/users/${user.id}/enrollments/${online.id}/session/${session?.id ?? ''}`), 422, /not an instructor-led course/);
    const foreign = data().sessions.find((s) => s.courseId !== course.id);
    expectError(await absorb.post(`/users/${user.id}/enrollments/${course.id}/session/${foreign?.id ?? ''}`), 422, /does not belong/);
    expectError(await absorb.post(`/users/${user.id}/enrollments/${course.id}/session/${UNKNOWN_GUID}`), 404);
    expectError(await absorb.post(`/users/${UNKNOWN_GUID}/enrollments/${course.id}/session/${session?.id ?? ''}`), 404);
    expectError(await absorb.post(`/users/${user.id}/enrollments/${UNKNOWN_GUID}/session/${session?.id ?? ''}`), 404);
    expectError(await absorb.post(`/users/${user.id}/enrollments/${course.id}/session/${session?.id ?? ''}?cancelSession=maybe`), 400);
  });
});

describe('the authenticated admin: /myenrollments and /enroll', () => {
  it('gives the demo admin an Absorb user of the same username', () => {
    expect(data().users.filter((u) => u.username === 'demo-admin')).toHaveLength(1);
  });

  it('enrolls the admin (201) and lists and gets the enrollment', async () => {
    const empty = await absorb.get<{ totalItems: number }>('/myenrollments');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ totalItems: 0, returnedItems: 0, limit: 20, offset: 0, enrollments: [] });
    const course = courseOfType('OnlineCourse');
    const admin = data().users.find((u) => u.username === 'demo-admin');
    const answer = await absorb.post<{ enrollmentId: string; userId: string }>(`/enroll/${course.id}`);
    expect(answer.status).toBe(201);
    expect(answer.body.userId).toBe(admin?.id);
    const mine = await absorb.get<{ totalItems: number; enrollments: Enrollment[] }>('/myenrollments');
    expect(mine.body.enrollments.map((e) => e.id)).toEqual([answer.body.enrollmentId]);
    const one = await absorb.get<Enrollment>(`/myenrollments/${course.id}`);
    expect(one.body.id).toBe(answer.body.enrollmentId);
    expectError(await absorb.post(`/enroll/${course.id}`), 422);
    expectError(await absorb.get(`/myenrollments/${courseOfType('Curriculum').id}`), 404);
    expectError(await absorb.post(`/enroll/${UNKNOWN_GUID}`), 404);
  });
});
