import type {
  AbsorbAttempt,
  AbsorbChapterEnrollment,
  AbsorbCourse,
  AbsorbCourseEnrollment,
  AbsorbLessonEnrollment,
  AbsorbSession,
  AbsorbSessionEnrollment,
  AbsorbUser,
} from '../dataset/types.js';
import type { ODataFieldType, ODataFields } from './odata.js';

/**
 * The resources as the API answers them: each is a field list in the document's order (or the
 * README's "shapes outside the document") plus the field types `_filter` and `_sort` use. A
 * serialiser projects a dataset row onto its list, so a field the document lists but the dataset
 * lacks still appears, as null, and a field the dataset keeps internally never leaks.
 */

export type JsonRecord = Record<string, unknown>;

export interface ResourceShape {
  fields: readonly string[];
  types: ODataFields;
}

/** One tick is 100 ns. */
export const TICKS_PER_SECOND = 10_000_000;

/**
 * A .NET TimeSpan as the API writes it: `d.hh:mm:ss.fffffff`, the day part only from one day up
 * (`1.13:02:39.9878697`, `00:14:33.0000000`). The fraction is always written out, seven digits.
 */
export function timeSpan(ticks: number): string {
  const sign = ticks < 0 ? '-' : '';
  let rest = Math.abs(Math.trunc(ticks));
  const fraction = rest % TICKS_PER_SECOND;
  rest = (rest - fraction) / TICKS_PER_SECOND;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  rest = (rest - minutes) / 60;
  const hours = rest % 24;
  const days = (rest - hours) / 24;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${sign}${days > 0 ? `${days}.` : ''}${two(hours)}:${two(minutes)}:${two(seconds)}.${String(fraction).padStart(7, '0')}`;
}

/** Every field name any resource uses, with how a filter reads it. */
const FIELD_TYPES: Readonly<Record<string, ODataFieldType>> = {
  id: 'guid',
  username: 'string',
  firstName: 'string',
  lastName: 'string',
  emailAddress: 'string',
  employeeNumber: 'string',
  externalId: 'string',
  activeStatus: 'number',
  name: 'string',
  courseType: 'string',
  sessionIds: 'unfilterable',
  courseId: 'guid',
  instructorLedCourseId: 'guid',
  sessionSchedules: 'unfilterable',
  courseName: 'string',
  progress: 'number',
  score: 'number',
  status: 'number',
  dateCompleted: 'datetime',
  dateExpires: 'datetime',
  dateEdited: 'datetime',
  dateAdded: 'datetime',
  fullName: 'string',
  courseVersionId: 'guid',
  userId: 'guid',
  acceptedTermsAndConditions: 'boolean',
  timeSpentTicks: 'number',
  // A TimeSpan string neither orders nor compares meaningfully as text; timeSpentTicks does.
  timeSpent: 'unfilterable',
  dateStarted: 'datetime',
  enrollmentKeyId: 'guid',
  certificateId: 'guid',
  credits: 'number',
  isActive: 'boolean',
  dateDue: 'datetime',
  accessDate: 'datetime',
  jobTitle: 'string',
  courseCollectionId: 'guid',
  avatar: 'string',
  sessionId: 'guid',
  courseEnrollmentId: 'guid',
  dateEnrolled: 'datetime',
  chapterId: 'guid',
  lessonId: 'guid',
  lessonEnrollmentIds: 'unfilterable',
  chapterEnrollmentId: 'guid',
  type: 'string',
  attempts: 'number',
  failures: 'number',
  lastAttempt: 'datetime',
  startDate: 'datetime',
  completionDate: 'datetime',
};

function shape(fields: readonly string[]): ResourceShape {
  const types: Record<string, ODataFieldType> = {};
  for (const field of fields) {
    const type = FIELD_TYPES[field];
    if (type === undefined) throw new Error(`No field type for Absorb field ${field}`);
    types[field] = type;
  }
  return { fields, types };
}

export const USER = shape(['id', 'username', 'firstName', 'lastName', 'emailAddress', 'employeeNumber', 'externalId', 'activeStatus']);
export const COURSE = shape(['id', 'name', 'courseType', 'activeStatus']);
export const INSTRUCTOR_LED_COURSE = shape([...COURSE.fields, 'sessionIds']);
export const SESSION = shape(['id', 'courseId', 'instructorLedCourseId', 'name', 'sessionSchedules']);

/** UserCourseEnrollmentResource: user, bulk, by-id and "my" enrollment reads. */
export const USER_COURSE_ENROLLMENT = shape([
  'id', 'courseId', 'courseName', 'progress', 'score', 'status', 'dateCompleted', 'dateExpires', 'dateEdited',
  'dateAdded', 'fullName', 'courseVersionId', 'userId', 'acceptedTermsAndConditions', 'timeSpentTicks', 'timeSpent',
  'dateStarted', 'enrollmentKeyId', 'certificateId', 'credits', 'isActive', 'dateDue', 'accessDate', 'jobTitle',
  'courseCollectionId', 'avatar',
]);

/** CourseEnrollmentResource (a course's enrollments): the document's sample has no ticks. */
export const COURSE_ENROLLMENT = shape([
  'id', 'courseId', 'courseName', 'progress', 'score', 'status', 'dateCompleted', 'dateExpires', 'fullName', 'jobTitle',
  'courseVersionId', 'userId', 'acceptedTermsAndConditions', 'timeSpent', 'dateStarted', 'enrollmentKeyId',
  'certificateId', 'credits', 'isActive', 'dateDue', 'dateEdited', 'dateAdded',
]);

export const SESSION_ENROLLMENT = shape([
  'id', 'sessionId', 'courseEnrollmentId', 'name', 'userId', 'fullName', 'status', 'progress', 'score', 'timeSpent',
  'dateEnrolled', 'dateStarted', 'dateCompleted', 'dateEdited',
]);

/** The document lists sessionId and lessonId on a chapter enrollment; they are always null here. */
export const CHAPTER_ENROLLMENT = shape([
  'id', 'courseEnrollmentId', 'chapterId', 'sessionId', 'lessonId', 'name', 'userId', 'fullName', 'status', 'progress',
  'score', 'timeSpent', 'dateEnrolled', 'dateStarted', 'dateCompleted', 'lessonEnrollmentIds',
]);

export const LESSON_ENROLLMENT = shape([
  'id', 'chapterEnrollmentId', 'type', 'attempts', 'failures', 'lastAttempt', 'courseEnrollmentId', 'chapterId',
  'lessonId', 'name', 'userId', 'fullName', 'status', 'progress', 'score', 'timeSpent', 'dateEnrolled', 'dateStarted',
  'dateCompleted', 'dateEdited', 'dateAdded',
]);

export const ATTEMPT = shape(['id', 'timeSpentTicks', 'status', 'score', 'startDate', 'completionDate']);

function project(source: JsonRecord, resource: ResourceShape): JsonRecord {
  const out: JsonRecord = {};
  for (const field of resource.fields) out[field] = source[field] ?? null;
  return out;
}

export function serialiseUser(user: AbsorbUser): JsonRecord {
  return project({ ...user }, USER);
}

export function serialiseCourse(course: AbsorbCourse): JsonRecord {
  return project({ ...course }, COURSE);
}

export function serialiseInstructorLedCourse(course: AbsorbCourse, sessionIds: string[]): JsonRecord {
  return project({ ...course, sessionIds }, INSTRUCTOR_LED_COURSE);
}

/** The course link is given under both names the public clients use. */
export function serialiseSession(session: AbsorbSession): JsonRecord {
  const sessionSchedules = session.sessionSchedules.map(({ startDate, endDate }) => ({ startDate, endDate }));
  return project({ ...session, instructorLedCourseId: session.courseId, sessionSchedules }, SESSION);
}

export function serialiseUserCourseEnrollment(enrollment: AbsorbCourseEnrollment): JsonRecord {
  return project({ ...enrollment, timeSpent: timeSpan(enrollment.timeSpentTicks) }, USER_COURSE_ENROLLMENT);
}

export function serialiseCourseEnrollment(enrollment: AbsorbCourseEnrollment): JsonRecord {
  return project({ ...enrollment, timeSpent: timeSpan(enrollment.timeSpentTicks) }, COURSE_ENROLLMENT);
}

export function serialiseSessionEnrollment(enrollment: AbsorbSessionEnrollment): JsonRecord {
  return project({ ...enrollment, timeSpent: timeSpan(enrollment.timeSpentTicks) }, SESSION_ENROLLMENT);
}

export function serialiseChapterEnrollment(enrollment: AbsorbChapterEnrollment, lessonEnrollmentIds: string[]): JsonRecord {
  return project({ ...enrollment, timeSpent: timeSpan(enrollment.timeSpentTicks), lessonEnrollmentIds }, CHAPTER_ENROLLMENT);
}

export function serialiseLessonEnrollment(enrollment: AbsorbLessonEnrollment): JsonRecord {
  return project({ ...enrollment, timeSpent: timeSpan(enrollment.timeSpentTicks) }, LESSON_ENROLLMENT);
}

export function serialiseAttempt(attempt: AbsorbAttempt): JsonRecord {
  return project({ ...attempt }, ATTEMPT);
}
