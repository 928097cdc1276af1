/**
 * Absorb responses (already validated by schemas.ts) into domain types. Pure: no I/O, no clock.
 *
 * Every guid is lower-cased: Absorb ids are case-insensitive and answers mix cases, while ids,
 * cache keys and loader keys compare as text. Course enrollments get the global id
 * `absorb:<guid>`; activity enrollments and attempts keep the raw guid (the GraphQL layer prefixes
 * them). Statuses keep Absorb's documented name as `providerStatus`.
 */
import { absorbId } from '../../domain/ids.js';
import type { AbsorbCourseEnrollment, ChapterEnrollment, Course, CourseKind, LessonAttempt, LessonEnrollment, Session, SessionEnrollment } from '../../domain/model.js';
import { absorbStatus } from '../../domain/status.js';
import { absorbTimeSpentSeconds, isoDate, isoDateTime } from '../../domain/units.js';
import type { AbsorbUserRecord } from '../api.js';
import type {
  AbsorbAttemptBody,
  AbsorbChapterEnrollmentBody,
  AbsorbCourse,
  AbsorbCourseEnrollmentBody,
  AbsorbLessonEnrollmentBody,
  AbsorbSession,
  AbsorbSessionEnrollmentBody,
  AbsorbUser,
} from './schemas.js';

const lower = (guid: string): string => guid.toLowerCase();
const lowerOrNull = (guid: string | null | undefined): string | null => (guid === null || guid === undefined ? null : guid.toLowerCase());
const orNull = <T>(value: T | null | undefined): T | null => value ?? null;

export const COURSE_KINDS: Readonly<Record<NonNullable<AbsorbCourse['courseType']>, CourseKind>> = {
  OnlineCourse: 'ONLINE',
  InstructorLedCourse: 'INSTRUCTOR_LED',
  CourseBundle: 'BUNDLE',
  Curriculum: 'CURRICULUM',
};

export function normalizeUser(user: AbsorbUser): AbsorbUserRecord {
  return {
    id: lower(user.id),
    username: orNull(user.username),
    firstName: orNull(user.firstName),
    lastName: orNull(user.lastName),
    emailAddress: orNull(user.emailAddress),
    employeeNumber: orNull(user.employeeNumber),
    externalId: orNull(user.externalId),
    activeStatus: orNull(user.activeStatus),
  };
}

export function normalizeCourse(course: AbsorbCourse): Course {
  return {
    key: { provider: 'absorb', nativeId: lower(course.id) },
    name: orNull(course.name),
    kind: course.courseType === null || course.courseType === undefined ? null : COURSE_KINDS[course.courseType],
  };
}

/** The schema guarantees one of the two course links. */
export function normalizeSession(session: AbsorbSession): Session {
  return {
    id: lower(session.id),
    courseId: lower(session.courseId ?? session.instructorLedCourseId ?? ''),
    name: orNull(session.name),
    schedules: (session.sessionSchedules ?? []).map((schedule) => ({
      startsAt: isoDateTime(schedule.startDate),
      endsAt: isoDateTime(schedule.endDate),
    })),
  };
}

/** `employeeID` is left null: linking Absorb users to employees is the caller's business. */
export function normalizeCourseEnrollment(enrollment: AbsorbCourseEnrollmentBody): AbsorbCourseEnrollment {
  const guid = lower(enrollment.id);
  const courseId = lower(enrollment.courseId);
  const { name, status } = absorbStatus(enrollment.status);
  return {
    kind: 'absorb',
    provider: 'absorb',
    id: absorbId(guid),
    enrollmentId: guid,
    absorbUserId: lower(enrollment.userId),
    absorbCourseId: courseId,
    status,
    providerStatus: name,
    score: orNull(enrollment.score),
    progress: orNull(enrollment.progress),
    completedAt: isoDate(enrollment.dateCompleted),
    dateCompleted: isoDateTime(enrollment.dateCompleted),
    dateStarted: isoDateTime(enrollment.dateStarted),
    dateExpires: isoDateTime(enrollment.dateExpires),
    dateDue: isoDateTime(enrollment.dateDue),
    dateEnrolled: isoDateTime(enrollment.dateAdded),
    timeSpentSeconds: absorbTimeSpentSeconds(enrollment.timeSpentTicks, enrollment.timeSpent),
    isActive: enrollment.isActive,
    credits: orNull(enrollment.credits),
    fullName: orNull(enrollment.fullName),
    course: { key: { provider: 'absorb', nativeId: courseId }, name: orNull(enrollment.courseName), kind: null },
    employeeID: null,
  };
}

/**
 * Where an activity enrollment hangs: the course from the request path (activity bodies do not
 * carry it), the user from the path when it names one, else from the body.
 */
export interface ActivityContext {
  courseId: string;
  userId?: string;
}

type ActivityBody = AbsorbSessionEnrollmentBody | AbsorbChapterEnrollmentBody | AbsorbLessonEnrollmentBody;

/** Thrown only when a caller gives neither a path user nor a body user (a schema bug). */
export class MissingUserError extends Error {
  constructor() {
    super('an Absorb activity enrollment names no user');
    this.name = 'MissingUserError';
  }
}

function activityBase(body: ActivityBody, context: ActivityContext) {
  const { name, status } = absorbStatus(body.status);
  const userId = context.userId ?? body.userId;
  if (userId === null || userId === undefined) throw new MissingUserError();
  return {
    id: lower(body.id),
    name: orNull(body.name),
    status,
    providerStatus: name,
    progress: orNull(body.progress),
    score: orNull(body.score),
    timeSpentSeconds: absorbTimeSpentSeconds(body.timeSpentTicks, body.timeSpent),
    dateStarted: isoDateTime(body.dateStarted),
    dateCompleted: isoDateTime(body.dateCompleted),
    absorbUserId: lower(userId),
    absorbCourseId: lower(context.courseId),
  };
}

export function normalizeSessionEnrollment(body: AbsorbSessionEnrollmentBody, context: ActivityContext): SessionEnrollment {
  return {
    ...activityBase(body, context),
    sessionId: lower(body.sessionId),
    courseEnrollmentId: lower(body.courseEnrollmentId),
    dateEnrolled: isoDateTime(body.dateEnrolled),
  };
}

export function normalizeChapterEnrollment(body: AbsorbChapterEnrollmentBody, context: ActivityContext): ChapterEnrollment {
  return {
    ...activityBase(body, context),
    chapterId: lower(body.chapterId),
    courseEnrollmentId: lower(body.courseEnrollmentId),
  };
}

export function normalizeLessonEnrollment(body: AbsorbLessonEnrollmentBody, context: ActivityContext): LessonEnrollment {
  return {
    ...activityBase(body, context),
    lessonId: lower(body.lessonId),
    chapterId: lowerOrNull(body.chapterId),
    courseEnrollmentId: lower(body.courseEnrollmentId),
    attempts: orNull(body.attempts),
  };
}

export function normalizeAttempt(attempt: AbsorbAttemptBody): LessonAttempt {
  const { name, status } = absorbStatus(attempt.status);
  return {
    id: lower(attempt.id),
    status,
    providerStatus: name,
    score: orNull(attempt.score),
    timeSpentSeconds: absorbTimeSpentSeconds(attempt.timeSpentTicks, null),
    dateStarted: isoDateTime(attempt.startDate),
    dateCompleted: isoDateTime(attempt.completionDate),
  };
}
