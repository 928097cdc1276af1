import type { AbsorbCourseEnrollment } from '../dataset/types.js';
import { notFound, validationError } from './errors.js';
import { isGuid, sameId } from './ids.js';
import { enrollmentQuery, page } from './paging.js';
import { many } from './query.js';
import {
  COURSE,
  COURSE_ENROLLMENT,
  INSTRUCTOR_LED_COURSE,
  LESSON_ENROLLMENT,
  SESSION,
  SESSION_ENROLLMENT,
  USER,
  USER_COURSE_ENROLLMENT,
  serialiseAttempt,
  serialiseChapterEnrollment,
  serialiseCourse,
  serialiseCourseEnrollment,
  serialiseInstructorLedCourse,
  serialiseLessonEnrollment,
  serialiseSession,
  serialiseSessionEnrollment,
  serialiseUser,
  serialiseUserCourseEnrollment,
  type JsonRecord,
} from './serialise.js';
import { loginOf, ok, param, type AbsorbStore, type Call, type Handler, type Reply } from './store.js';

/**
 * Read handlers. Lists keep the dataset's order. Under `/users/{userId}/enrollments/{courseId}/…`
 * everything hangs from the user's ACTIVE course enrollment: no active enrollment is a 404, as is
 * a chapter, lesson or session that belongs to another course.
 */

/** The bulk endpoint's cap on userIds; real APIs bound such lists, so clients must batch. */
export const MAX_BULK_USER_IDS = 100;

// ---- people and catalogue ---------------------------------------------------------------------

export const listUsers: Handler = (call, store) => ok(page(store.data.users.map(serialiseUser), call.query, USER, 'users'));

export const getUser: Handler = (call, store) => ok(serialiseUser(store.user(param(call, 'userId'))));

export const listCourses: Handler = (call, store) => ok(page(store.data.courses.map(serialiseCourse), call.query, COURSE, 'courses'));

export const getCourse: Handler = (call, store) => ok(serialiseCourse(store.course(param(call, 'courseId'))));

function sessionIdsByCourse(store: AbsorbStore): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  for (const session of store.data.sessions) {
    const key = session.courseId.toLowerCase();
    const list = ids.get(key);
    if (list) list.push(session.id);
    else ids.set(key, [session.id]);
  }
  return ids;
}

export const listInstructorLedCourses: Handler = (call, store) => {
  const sessionIds = sessionIdsByCourse(store);
  const records = store.data.courses
    .filter((c) => c.courseType === 'InstructorLedCourse')
    .map((c) => serialiseInstructorLedCourse(c, sessionIds.get(c.id.toLowerCase()) ?? []));
  return ok(page(records, call.query, INSTRUCTOR_LED_COURSE, 'instructorLedCourses'));
};

export const getInstructorLedCourse: Handler = (call, store) => {
  const course = store.instructorLedCourse(param(call, 'courseId'));
  return ok(serialiseInstructorLedCourse(course, store.sessionsOf(course.id).map((s) => s.id)));
};

export const listSessions: Handler = (call, store) => ok(page(store.data.sessions.map(serialiseSession), call.query, SESSION, 'sessions'));

// ---- course enrollments -----------------------------------------------------------------------

/** A user's enrollments, active and historical. */
function userEnrollmentsPage(call: Call, store: AbsorbStore, userId: string, deprecatedPaging: boolean): Reply {
  const matches = enrollmentQuery(call.query, 'dateEdited');
  const records = store.data.enrollments
    .filter((e) => sameId(e.userId, userId))
    .map(serialiseUserCourseEnrollment)
    .filter(matches);
  return ok(page(records, call.query, USER_COURSE_ENROLLMENT, 'enrollments', { deprecatedPaging }));
}

export const listUserEnrollments: Handler = (call, store) => {
  const user = store.user(param(call, 'userId'));
  return userEnrollmentsPage(call, store, user.id, true);
};

/** Also served as /users/{userId}/grades/{courseId}. */
export const getUserEnrollment: Handler = (call, store) =>
  ok(serialiseUserCourseEnrollment(store.requireActiveEnrollment(param(call, 'userId'), param(call, 'courseId'))));

export const listCourseEnrollments: Handler = (call, store) => {
  const course = store.course(param(call, 'courseId'));
  const matches = enrollmentQuery(call.query, 'dateEdited');
  const records = store.data.enrollments
    .filter((e) => sameId(e.courseId, course.id))
    .map(serialiseCourseEnrollment)
    .filter(matches);
  return ok(page(records, call.query, COURSE_ENROLLMENT, 'enrollments', { deprecatedPaging: true }));
};

export const getEnrollment: Handler = (call, store) => ok(serialiseUserCourseEnrollment(store.enrollment(param(call, 'enrollmentId'))));

function guidList(call: Call, name: string): string[] {
  const values = many(call.query, name);
  const bad = values.filter((v) => !isGuid(v));
  if (bad.length > 0) throw validationError(bad.map((v) => `${name}: '${v}' is not a guid`));
  return values.map((v) => v.toLowerCase());
}

/**
 * Active enrollments of the listed users (in the listed courses, when courseIds is given), as a
 * bare array in the dataset's order. Unknown ids simply match nothing.
 */
export const bulkStudentCourses: Handler = (call, store) => {
  const userIds = new Set(guidList(call, 'userIds'));
  const courseIds = new Set(guidList(call, 'courseIds'));
  if (userIds.size === 0) throw validationError(['userIds: at least one user id is required']);
  if (userIds.size > MAX_BULK_USER_IDS) throw validationError([`userIds: at most ${MAX_BULK_USER_IDS} user ids per request, got ${userIds.size}`]);
  const records = store.data.enrollments
    .filter((e) => e.isActive && userIds.has(e.userId.toLowerCase()) && (courseIds.size === 0 || courseIds.has(e.courseId.toLowerCase())))
    .map(serialiseUserCourseEnrollment);
  return ok(records);
};

export const listMyEnrollments: Handler = (call, store) => userEnrollmentsPage(call, store, store.userOfLogin(loginOf(call)).id, false);

export const getMyEnrollment: Handler = (call, store) => {
  const user = store.userOfLogin(loginOf(call));
  return ok(serialiseUserCourseEnrollment(store.requireActiveEnrollment(user.id, param(call, 'courseId'))));
};

// ---- sessions ---------------------------------------------------------------------------------

function activeFor(call: Call, store: AbsorbStore): AbsorbCourseEnrollment {
  return store.requireActiveEnrollment(param(call, 'userId'), param(call, 'courseId'));
}

export const listUserSessionEnrollments: Handler = (call, store) => {
  const enrollment = activeFor(call, store);
  const matches = enrollmentQuery(call.query, 'dateEdited');
  return ok(store.data.sessionEnrollments.filter((s) => s.courseEnrollmentId === enrollment.id).map(serialiseSessionEnrollment).filter(matches));
};

export const getUserSessionEnrollment: Handler = (call, store) => {
  const enrollment = activeFor(call, store);
  const session = store.sessionOfCourse(store.course(enrollment.courseId), param(call, 'sessionId'));
  const row = store.data.sessionEnrollments.find((s) => s.courseEnrollmentId === enrollment.id && s.sessionId === session.id);
  if (row === undefined) throw notFound(`A session enrollment in session ${session.id}`);
  return ok(serialiseSessionEnrollment(row));
};

/** All enrollments in the session, whichever course enrollment (active or not) they belong to. */
export const listSessionEnrollments: Handler = (call, store) => {
  const course = store.course(param(call, 'courseId'));
  const session = store.sessionOfCourse(course, param(call, 'sessionId'));
  const matches = enrollmentQuery(call.query, 'dateEdited');
  const records = store.data.sessionEnrollments.filter((s) => s.sessionId === session.id).map(serialiseSessionEnrollment).filter(matches);
  return ok(page(records, call.query, SESSION_ENROLLMENT, 'enrollments'));
};

// ---- chapters, lessons, attempts --------------------------------------------------------------

function lessonEnrollmentIds(store: AbsorbStore, chapterEnrollmentId: string): string[] {
  return store.data.lessonEnrollments.filter((l) => l.chapterEnrollmentId === chapterEnrollmentId).map((l) => l.id);
}

export const listUserChapterEnrollments: Handler = (call, store) => {
  const enrollment = activeFor(call, store);
  // A chapter enrollment has no edit date, so modifiedSince is accepted and ignored.
  const matches = enrollmentQuery(call.query, null);
  const records = store.data.chapterEnrollments
    .filter((c) => c.courseEnrollmentId === enrollment.id)
    .map((c) => serialiseChapterEnrollment(c, lessonEnrollmentIds(store, c.id)))
    .filter(matches);
  return ok(records);
};

export const getUserChapterEnrollment: Handler = (call, store) => {
  const enrollment = activeFor(call, store);
  const chapter = store.chapterOfCourse(store.course(enrollment.courseId), param(call, 'chapterId'));
  const row = store.data.chapterEnrollments.find((c) => c.courseEnrollmentId === enrollment.id && c.chapterId === chapter.id);
  if (row === undefined) throw notFound(`A chapter enrollment in chapter ${chapter.id}`);
  return ok(serialiseChapterEnrollment(row, lessonEnrollmentIds(store, row.id)));
};

/** Every enrollment in the lesson, active course enrollments' and historical ones'. */
export const listLessonEnrollments: Handler = (call, store) => {
  const course = store.course(param(call, 'courseId'));
  const lesson = store.lessonOfCourse(course, param(call, 'lessonId'));
  const matches = enrollmentQuery(call.query, 'dateEdited');
  const records = store.data.lessonEnrollments.filter((l) => l.lessonId === lesson.id).map(serialiseLessonEnrollment).filter(matches);
  return ok(page(records, call.query, LESSON_ENROLLMENT, 'lessonEnrollments', { deprecatedPaging: true }));
};

function lessonList(call: Call, store: AbsorbStore, keep: (chapterId: string) => boolean): JsonRecord[] {
  const enrollment = activeFor(call, store);
  const matches = enrollmentQuery(call.query, 'dateEdited');
  return store.data.lessonEnrollments
    .filter((l) => l.courseEnrollmentId === enrollment.id && keep(l.chapterId))
    .map(serialiseLessonEnrollment)
    .filter(matches);
}

export const listUserLessonEnrollments: Handler = (call, store) => ok(lessonList(call, store, () => true));

export const listUserChapterLessonEnrollments: Handler = (call, store) => {
  const chapter = store.chapterOfCourse(store.course(param(call, 'courseId')), param(call, 'chapterId'));
  return ok(lessonList(call, store, (chapterId) => chapterId === chapter.id));
};

function oneLesson(call: Call, store: AbsorbStore, chapterId: string | null): Reply {
  const enrollment = activeFor(call, store);
  const lesson = store.lessonOfCourse(store.course(enrollment.courseId), param(call, 'lessonId'));
  if (chapterId !== null && lesson.chapterId !== chapterId) throw notFound(`Lesson ${lesson.id} of chapter ${chapterId}`);
  const row = store.data.lessonEnrollments.find((l) => l.courseEnrollmentId === enrollment.id && l.lessonId === lesson.id);
  if (row === undefined) throw notFound(`A lesson enrollment in lesson ${lesson.id}`);
  return ok(serialiseLessonEnrollment(row));
}

export const getUserLessonEnrollment: Handler = (call, store) => oneLesson(call, store, null);

export const getUserChapterLessonEnrollment: Handler = (call, store) => {
  const chapter = store.chapterOfCourse(store.course(param(call, 'courseId')), param(call, 'chapterId'));
  return oneLesson(call, store, chapter.id);
};

export const listUserLessonAttempts: Handler = (call, store) => {
  const enrollment = activeFor(call, store);
  const lesson = store.lessonOfCourse(store.course(enrollment.courseId), param(call, 'lessonId'));
  const row = store.data.lessonEnrollments.find((l) => l.courseEnrollmentId === enrollment.id && l.lessonId === lesson.id);
  if (row === undefined) throw notFound(`A lesson enrollment in lesson ${lesson.id}`);
  return ok(store.data.attempts.filter((a) => a.lessonEnrollmentId === row.id).map(serialiseAttempt));
};
