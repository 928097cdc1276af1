import type { AbsorbAttempt, AbsorbLessonEnrollment } from '../dataset/types.js';
import { BodyReader } from './body.js';
import { notFound, unprocessable } from './errors.js';
import { newGuid, sameId } from './ids.js';
import { parseDateTimeLiteral } from './odata-lexer.js';
import { ok, param, type AbsorbStore, type Call, type Handler } from './store.js';

/**
 * Lesson attempts: start one on an active lesson enrollment, finish it with a status of 1
 * (InProgress), 3 (Complete) or 5 (Failed). Finishing rolls the outcome up into the lesson
 * enrollment (attempts, failures, status, score, time); the course enrollment only gets its
 * edit date and, on a first attempt, its start, since its progress is the LMS's own reckoning.
 */

const TICKS_PER_MS = 10_000;
const ATTEMPT_STATUSES: ReadonlySet<number> = new Set([1, 3, 5]);

function courseEnrollmentOf(store: AbsorbStore, lessonEnrollment: AbsorbLessonEnrollment) {
  return store.data.enrollments.find((e) => e.id === lessonEnrollment.courseEnrollmentId);
}

/** POST /users/{userId}/enrollments/{courseId}/lessons/{lessonId}/startattempt */
export const startAttempt: Handler = (call, store) => {
  const user = store.user(param(call, 'userId'));
  const course = store.course(param(call, 'courseId'));
  const lesson = store.lessonOfCourse(course, param(call, 'lessonId'));
  const lessonEnrollment = store.activeLessonEnrollment(user.id, course.id, lesson.id);
  const now = store.timestamp();
  const attempt: AbsorbAttempt = {
    id: newGuid(),
    lessonEnrollmentId: lessonEnrollment.id,
    userId: user.id,
    courseId: course.id,
    lessonId: lesson.id,
    timeSpentTicks: 0,
    status: 1,
    score: null,
    startDate: now,
    completionDate: null,
  };
  store.data.attempts.push(attempt);
  lessonEnrollment.attempts += 1;
  lessonEnrollment.lastAttempt = now;
  lessonEnrollment.dateStarted ??= now;
  lessonEnrollment.dateEdited = now;
  if (lessonEnrollment.status === 0) lessonEnrollment.status = 1;
  const enrollment = courseEnrollmentOf(store, lessonEnrollment);
  if (enrollment) {
    enrollment.dateStarted ??= now;
    if (enrollment.status === 0) enrollment.status = 1;
    enrollment.dateEdited = now;
  }
  return ok({ attemptId: attempt.id, courseId: course.id, userId: user.id });
};

function finish(call: Call, store: AbsorbStore, attempt: AbsorbAttempt): ReturnType<Handler> {
  const body = new BodyReader(call.body);
  const status = body.integer('status', true);
  const score = body.number('score');
  const startDate = body.dateTime('startDate');
  const completionDate = body.dateTime('completionDate');
  body.done();
  if (status === undefined || !ATTEMPT_STATUSES.has(status)) {
    throw unprocessable(`status must be 1 (InProgress), 3 (Complete) or 5 (Failed), not ${String(status)}.`);
  }
  if (attempt.status !== 1) throw unprocessable(`Attempt ${attempt.id} is already finished.`);

  const now = store.timestamp();
  const outcome = status as 1 | 3 | 5;
  attempt.status = outcome;
  if (score !== undefined) attempt.score = score;
  if (startDate !== undefined) attempt.startDate = startDate;
  if (completionDate !== undefined) attempt.completionDate = completionDate;
  else if (outcome !== 1) attempt.completionDate = now;
  const previousTicks = attempt.timeSpentTicks;
  const from = attempt.startDate === null ? null : parseDateTimeLiteral(attempt.startDate);
  const to = parseDateTimeLiteral(attempt.completionDate ?? now);
  if (from !== null && to !== null && to >= from) attempt.timeSpentTicks = (to - from) * TICKS_PER_MS;

  const lessonEnrollment = store.data.lessonEnrollments.find((l) => l.id === attempt.lessonEnrollmentId);
  if (lessonEnrollment) {
    lessonEnrollment.timeSpentTicks += attempt.timeSpentTicks - previousTicks;
    lessonEnrollment.dateEdited = now;
    if (attempt.score !== null) lessonEnrollment.score = attempt.score;
    if (outcome === 3) {
      lessonEnrollment.status = 3;
      lessonEnrollment.progress = 100;
      lessonEnrollment.dateCompleted = attempt.completionDate;
    } else if (outcome === 5) {
      lessonEnrollment.failures += 1;
      lessonEnrollment.status = 5;
      lessonEnrollment.progress = 100;
      lessonEnrollment.dateCompleted = attempt.completionDate;
    }
    const enrollment = courseEnrollmentOf(store, lessonEnrollment);
    if (enrollment) enrollment.dateEdited = now;
  }
  return ok({ attemptId: attempt.id });
}

/** POST /attempts/{attemptId}/finish */
export const finishAttempt: Handler = (call, store) => finish(call, store, store.attempt(param(call, 'attemptId')));

/** POST /users/{userId}/enrollments/{courseId}/lessons/{lessonId}/attempts/{attemptId}/finish */
export const finishUserAttempt: Handler = (call, store) => {
  const user = store.user(param(call, 'userId'));
  const course = store.course(param(call, 'courseId'));
  const lesson = store.lessonOfCourse(course, param(call, 'lessonId'));
  const attempt = store.attempt(param(call, 'attemptId'));
  if (!sameId(attempt.userId, user.id) || !sameId(attempt.courseId, course.id) || !sameId(attempt.lessonId, lesson.id)) {
    throw notFound(`Attempt ${attempt.id} of user ${user.id} in lesson ${lesson.id}`);
  }
  return finish(call, store, attempt);
};
