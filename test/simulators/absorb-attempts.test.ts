import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { AbsorbCourse, AbsorbLesson, AbsorbUser } from '../../src/simulators/dataset/types.js';
import { GUID_PATTERN, UNKNOWN_GUID, expectError, startAbsorb, testDataset, validationsOf, type AbsorbTestServer } from './absorb-setup.js';

let absorb: AbsorbTestServer;
const NOW = Date.UTC(2024, 6, 1, 9, 30, 0);

beforeEach(async () => {
  absorb = await startAbsorb({ dataset: testDataset(60), simulator: { now: () => NOW } });
});
afterEach(() => absorb.close());

const data = () => absorb.dataset.absorb;

interface LessonEnrollment {
  id: string;
  attempts: number;
  failures: number;
  status: number;
  score: number | null;
  progress: number;
  lastAttempt: string | null;
  dateStarted: string | null;
  dateCompleted: string | null;
  timeSpent: string;
}

interface Attempt {
  id: string;
  timeSpentTicks: number;
  status: number;
  score: number | null;
  startDate: string | null;
  completionDate: string | null;
}

/** A fresh enrollment of a new user in an online course: lesson rows with no attempts yet. */
async function freshLesson(): Promise<{ user: AbsorbUser; course: AbsorbCourse; lesson: AbsorbLesson; base: string }> {
  const course = data().courses.find((c) => c.courseType === 'OnlineCourse' && c.activeStatus === 0 && data().lessons.some((l) => l.courseId === c.id));
  if (!course) throw new Error('no online course with lessons');
  const user = data().users.find((u) => !data().enrollments.some((e) => e.userId === u.id && e.courseId === course.id));
  const lesson = data().lessons.find((l) => l.courseId === course.id);
  if (!user || !lesson) throw new Error('no free user');
  const created = await absorb.post(`/users/${user.id}/enrollments/${course.id}`);
  expect(created.status).toBe(201);
  return { user, course, lesson, base: `/users/${user.id}/enrollments/${course.id}/lessons/${lesson.id}` };
}

describe('POST …/lessons/{lessonId}/startattempt', () => {
  it('starts an attempt (200) that the attempts list and the lesson enrollment show', async () => {
    const { user, course, base } = await freshLesson();
    const answer = await absorb.post<{ attemptId: string; courseId: string; userId: string }>(`${base}/startattempt`);
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(['attemptId', 'courseId', 'userId']);
    expect(answer.body).toEqual({ attemptId: expect.stringMatching(GUID_PATTERN), courseId: course.id, userId: user.id });
    const attempts = await absorb.get<Attempt[]>(`${base}/attempts`);
    expect(attempts.body).toEqual([{ id: answer.body.attemptId, timeSpentTicks: 0, status: 1, score: null, startDate: '2024-07-01T09:30:00Z', completionDate: null }]);
    const lesson = await absorb.get<LessonEnrollment>(base);
    expect(lesson.body).toMatchObject({ attempts: 1, status: 1, lastAttempt: '2024-07-01T09:30:00Z', dateStarted: '2024-07-01T09:30:00Z' });
    const enrollment = await absorb.get<{ status: number; dateStarted: string }>(`/users/${user.id}/enrollments/${course.id}`);
    expect(enrollment.body).toMatchObject({ status: 1, dateStarted: '2024-07-01T09:30:00Z' });
  });

  it('answers 422 without an active lesson enrollment', async () => {
    const { user, course, lesson, base } = await freshLesson();
    const enrollment = data().enrollments.find((e) => e.userId === user.id && e.courseId === course.id && e.isActive);
    expect((await absorb.post('/enrollments/unenroll', [enrollment?.id])).status).toBe(204);
    expectError(await absorb.post(`${base}/startattempt`), 422, /no active enrollment/);
    // Enrolled, but the lesson enrollment is gone.
    await absorb.post(`/users/${user.id}/enrollments/${course.id}`);
    const active = data().enrollments.find((e) => e.userId === user.id && e.courseId === course.id && e.isActive);
    data().lessonEnrollments.splice(data().lessonEnrollments.findIndex((l) => l.courseEnrollmentId === active?.id && l.lessonId === lesson.id), 1);
    expectError(await absorb.post(`${base}/startattempt`), 422, /no active enrollment in lesson/);
  });

  it('answers 404 for an unknown user, course or lesson, or a lesson of another course', async () => {
    const { user, course, lesson } = await freshLesson();
    expectError(await absorb.post(`/users/${UNKNOWN_GUID}/enrollments/${course.id}/lessons/${lesson.id}/startattempt`), 404);
    expectError(await absorb.post(`/users/${user.id}/enrollments/${UNKNOWN_GUID}/lessons/${lesson.id}/startattempt`), 404);
    expectError(await absorb.post(`/users/${user.id}/enrollments/${course.id}/lessons/${UNKNOWN_GUID}/startattempt`), 404);
    const foreign = data().lessons.find((l) => l.courseId !== course.id);
    expectError(await absorb.post(`/users/${user.id}/enrollments/${course.id}/lessons/${foreign?.id ?? ''}/startattempt`), 404);
  });
});

describe('finishing an attempt', () => {
  it('finishes by attempt id (200) and rolls the result into the lesson enrollment', async () => {
    const { base } = await freshLesson();
    const started = await absorb.post<{ attemptId: string }>(`${base}/startattempt`);
    const attemptId = started.body.attemptId;
    const answer = await absorb.post(`/attempts/${attemptId}/finish`, {
      status: 3,
      score: 88,
      startDate: '2024-07-01T08:00:00Z',
      completionDate: '2024-07-01T09:14:33Z',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ attemptId });
    const attempts = await absorb.get<Attempt[]>(`${base}/attempts`);
    expect(attempts.body).toEqual([
      { id: attemptId, timeSpentTicks: (74 * 60 + 33) * 10_000_000, status: 3, score: 88, startDate: '2024-07-01T08:00:00Z', completionDate: '2024-07-01T09:14:33Z' },
    ]);
    const lesson = await absorb.get<LessonEnrollment>(base);
    expect(lesson.body).toMatchObject({ status: 3, score: 88, progress: 100, dateCompleted: '2024-07-01T09:14:33Z', timeSpent: '01:14:33.0000000' });
    expectError(await absorb.post(`/attempts/${attemptId}/finish`, { status: 3 }), 422, /already finished/);
  });

  it("finishes a user's lesson attempt by path (200); a failure counts", async () => {
    const { base } = await freshLesson();
    const started = await absorb.post<{ attemptId: string }>(`${base}/startattempt`);
    const answer = await absorb.post(`${base}/attempts/${started.body.attemptId}/finish`, { status: 5, score: 20 });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ attemptId: started.body.attemptId });
    const attempts = await absorb.get<Attempt[]>(`${base}/attempts`);
    expect(attempts.body[0]).toMatchObject({ status: 5, score: 20, completionDate: '2024-07-01T09:30:00Z' });
    const lesson = await absorb.get<LessonEnrollment>(base);
    expect(lesson.body).toMatchObject({ status: 5, failures: 1, attempts: 1 });
  });

  it('keeps an attempt finished as InProgress (1) open', async () => {
    const { base } = await freshLesson();
    const started = await absorb.post<{ attemptId: string }>(`${base}/startattempt`);
    expect((await absorb.post(`/attempts/${started.body.attemptId}/finish`, { status: 1 })).status).toBe(200);
    expect((await absorb.get<Attempt[]>(`${base}/attempts`)).body[0]).toMatchObject({ status: 1, completionDate: null });
    expect((await absorb.post(`/attempts/${started.body.attemptId}/finish`, { status: 3 })).status).toBe(200);
  });

  it('answers 400 for a missing or mistyped status and other bad fields, 422 for a status outside 1/3/5', async () => {
    const { base } = await freshLesson();
    const { attemptId } = (await absorb.post<{ attemptId: string }>(`${base}/startattempt`)).body;
    const missing = await absorb.post(`/attempts/${attemptId}/finish`, { score: 1 });
    expectError(missing, 400);
    expect(validationsOf(missing)).toEqual(['status: is required']);
    const typed = await absorb.post(`/attempts/${attemptId}/finish`, { status: '3', score: 'x', completionDate: 'soon' });
    expect(validationsOf(typed)).toEqual(['status: must be an integer', 'score: must be a number', 'completionDate: must be an ISO-8601 date-time']);
    expectError(await absorb.post(`/attempts/${attemptId}/finish`, undefined), 400);
    expectError(await absorb.post(`/attempts/${attemptId}/finish`, { status: 2 }), 422, /1 \(InProgress\), 3 \(Complete\) or 5 \(Failed\)/);
    expectError(await absorb.post(`${base}/attempts/${attemptId}/finish`, { status: 4 }), 422);
  });

  it('answers 404 for an unknown attempt or one that is not under the path', async () => {
    const { base } = await freshLesson();
    expectError(await absorb.post(`/attempts/${UNKNOWN_GUID}/finish`, { status: 3 }), 404);
    expectError(await absorb.post(`${base}/attempts/${UNKNOWN_GUID}/finish`, { status: 3 }), 404);
    const someoneElses = data().attempts.find((a) => a.status === 1);
    if (!someoneElses) throw new Error('no open attempt in the dataset');
    expectError(await absorb.post(`${base}/attempts/${someoneElses.id}/finish`, { status: 3 }), 404);
  });
});
