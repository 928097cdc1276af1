/** Absorb activity enrollments below a course enrollment: sessions, chapters, lessons, attempts. */
import { absorbId } from '../domain/ids.js';
import type { ChapterEnrollmentResolvers, LessonAttemptResolvers, LessonEnrollmentResolvers, SessionEnrollmentResolvers } from '../generated/graphql.js';
import type {
  ChapterEnrollment as ChapterEnrollmentModel,
  LessonEnrollment as LessonEnrollmentModel,
  SessionEnrollment as SessionEnrollmentModel,
} from '../domain/model.js';
import { requireLoaders } from '../loaders/courses.js';
import { absorbUserRef } from './enrollment.js';

/** The fields session, chapter and lesson enrollments share, resolved the same way for each. */
type Activity = SessionEnrollmentModel | ChapterEnrollmentModel | LessonEnrollmentModel;
const activityFields = {
  id: (e: Activity) => absorbId(e.id),
  name: (e: Activity) => e.name,
  status: (e: Activity) => e.status,
  providerStatus: (e: Activity) => e.providerStatus,
  progress: (e: Activity) => e.progress,
  score: (e: Activity) => e.score,
  timeSpentSeconds: (e: Activity) => e.timeSpentSeconds,
  dateStarted: (e: Activity) => e.dateStarted,
  dateCompleted: (e: Activity) => e.dateCompleted,
};

export const SessionEnrollment: SessionEnrollmentResolvers = {
  ...activityFields,
  session: (e, _args, { loaders }) => requireLoaders(loaders, 'absorb').sessionById.load(e.sessionId.toLowerCase()),
  user: (e, _args, context) => absorbUserRef(context, e.absorbUserId),
  dateEnrolled: (e) => e.dateEnrolled,
};

export const ChapterEnrollment: ChapterEnrollmentResolvers = {
  ...activityFields,
  chapterId: (e) => absorbId(e.chapterId),
};

export const LessonEnrollment: LessonEnrollmentResolvers = {
  ...activityFields,
  lessonId: (e) => absorbId(e.lessonId),
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
