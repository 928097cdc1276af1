/** Absorb activity enrollments below a course enrollment: sessions, chapters, lessons, attempts. */
import { absorbId } from '../domain/ids.js';
import type { ChapterEnrollmentResolvers, LessonAttemptResolvers, LessonEnrollmentResolvers, SessionEnrollmentResolvers } from '../generated/graphql.js';
import { requireLoaders } from '../loaders/courses.js';
import { absorbUserRef } from './enrollment.js';

export const SessionEnrollment: SessionEnrollmentResolvers = {
  id: (e) => absorbId(e.id),
  name: (e) => e.name,
  session: (e, _args, { loaders }) => requireLoaders(loaders, 'absorb').sessionById.load(e.sessionId.toLowerCase()),
  user: (e, _args, context) => absorbUserRef(context, e.absorbUserId),
  status: (e) => e.status,
  providerStatus: (e) => e.providerStatus,
  progress: (e) => e.progress,
  score: (e) => e.score,
  timeSpentSeconds: (e) => e.timeSpentSeconds,
  dateEnrolled: (e) => e.dateEnrolled,
  dateStarted: (e) => e.dateStarted,
  dateCompleted: (e) => e.dateCompleted,
};

export const ChapterEnrollment: ChapterEnrollmentResolvers = {
  id: (e) => absorbId(e.id),
  chapterId: (e) => absorbId(e.chapterId),
  name: (e) => e.name,
  status: (e) => e.status,
  providerStatus: (e) => e.providerStatus,
  progress: (e) => e.progress,
  score: (e) => e.score,
  timeSpentSeconds: (e) => e.timeSpentSeconds,
  dateStarted: (e) => e.dateStarted,
  dateCompleted: (e) => e.dateCompleted,
};

export const LessonEnrollment: LessonEnrollmentResolvers = {
  id: (e) => absorbId(e.id),
  lessonId: (e) => absorbId(e.lessonId),
  name: (e) => e.name,
  status: (e) => e.status,
  providerStatus: (e) => e.providerStatus,
  progress: (e) => e.progress,
  score: (e) => e.score,
  timeSpentSeconds: (e) => e.timeSpentSeconds,
  dateStarted: (e) => e.dateStarted,
  dateCompleted: (e) => e.dateCompleted,
  attempts: (e, _args, { loaders }) =>
    requireLoaders(loaders, 'absorb').lessonAttempts.load(`${e.absorbUserId.toLowerCase()}|${e.absorbCourseId.toLowerCase()}|${e.lessonId.toLowerCase()}`),
};

export const LessonAttempt: LessonAttemptResolvers = {
  id: (a) => absorbId(a.id),
  status: (a) => a.status,
  providerStatus: (a) => a.providerStatus,
  score: (a) => a.score,
  timeSpentSeconds: (a) => a.timeSpentSeconds,
  dateStarted: (a) => a.dateStarted,
  dateCompleted: (a) => a.dateCompleted,
};
