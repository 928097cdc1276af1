import type {
  AbsorbChapterEnrollment,
  AbsorbCourse,
  AbsorbCourseEnrollment,
  AbsorbSessionEnrollment,
  AbsorbStatus,
  AbsorbUser,
} from '../dataset/types.js';
import { BodyReader } from './body.js';
import { unprocessable, validationError } from './errors.js';
import { isGuid, newGuid, sameId } from './ids.js';
import { booleanParam } from './query.js';
import { created, loginOf, ok, param, type AbsorbStore, type Handler } from './store.js';

/**
 * Course and session enrollment writes. They change `dataset.absorb` in place, so the next read
 * (through this simulator or a test's own look at the dataset) sees them. A re-enrollment keeps
 * the old enrollment as history (isActive false) with its session, chapter and lesson rows.
 */

function fullName(user: AbsorbUser): string {
  return `${user.firstName} ${user.lastName}`;
}

/** The type a lesson's existing enrollments give it; lessons themselves do not carry one. */
function lessonType(store: AbsorbStore, lessonId: string): string {
  return store.data.lessonEnrollments.find((l) => l.lessonId === lessonId)?.type ?? 'ObjectLesson';
}

/** A fresh, not-started enrollment; an online course also gets its chapter and lesson rows. */
function newCourseEnrollment(store: AbsorbStore, user: AbsorbUser, course: AbsorbCourse): AbsorbCourseEnrollment {
  const now = store.timestamp();
  const enrollment: AbsorbCourseEnrollment = {
    id: newGuid(),
    courseId: course.id,
    courseName: course.name,
    progress: 0,
    score: null,
    status: 0,
    dateCompleted: null,
    dateExpires: null,
    dateEdited: now,
    dateAdded: now,
    fullName: fullName(user),
    courseVersionId: null,
    userId: user.id,
    acceptedTermsAndConditions: false,
    timeSpentTicks: 0,
    dateStarted: null,
    enrollmentKeyId: null,
    certificateId: null,
    credits: null,
    isActive: true,
    dateDue: null,
    accessDate: null,
    jobTitle: null,
    courseCollectionId: null,
    avatar: null,
  };
  store.data.enrollments.push(enrollment);
  if (course.courseType !== 'OnlineCourse') return enrollment;
  for (const chapter of store.data.chapters.filter((c) => c.courseId === course.id)) {
    const chapterEnrollment: AbsorbChapterEnrollment = {
      id: newGuid(),
      courseEnrollmentId: enrollment.id,
      chapterId: chapter.id,
      name: chapter.name,
      userId: user.id,
      fullName: enrollment.fullName,
      status: 0,
      progress: 0,
      score: null,
      timeSpentTicks: 0,
      dateEnrolled: now,
      dateStarted: null,
      dateCompleted: null,
    };
    store.data.chapterEnrollments.push(chapterEnrollment);
    for (const lesson of store.data.lessons.filter((l) => l.chapterId === chapter.id)) {
      store.data.lessonEnrollments.push({
        id: newGuid(),
        chapterEnrollmentId: chapterEnrollment.id,
        type: lessonType(store, lesson.id),
        attempts: 0,
        failures: 0,
        lastAttempt: null,
        courseEnrollmentId: enrollment.id,
        chapterId: chapter.id,
        lessonId: lesson.id,
        name: lesson.name,
        userId: user.id,
        fullName: enrollment.fullName,
        status: 0,
        progress: 0,
        score: null,
        timeSpentTicks: 0,
        dateEnrolled: now,
        dateStarted: null,
        dateCompleted: null,
        dateEdited: now,
        dateAdded: now,
      });
    }
  }
  return enrollment;
}

function retire(store: AbsorbStore, enrollment: AbsorbCourseEnrollment): void {
  enrollment.isActive = false;
  enrollment.dateEdited = store.timestamp();
}

function requireEnrollable(course: AbsorbCourse): void {
  if (course.activeStatus !== 0) throw unprocessable(`Course ${course.id} is inactive and cannot be enrolled in.`);
}

/** Enrolls, or re-enrolls when asked; an active enrollment without reEnroll is a 422. */
function enroll(store: AbsorbStore, user: AbsorbUser, course: AbsorbCourse, reEnroll: boolean): AbsorbCourseEnrollment {
  requireEnrollable(course);
  const active = store.activeEnrollment(user.id, course.id);
  if (active !== undefined && !reEnroll) {
    throw unprocessable(`User ${user.id} already has an active enrollment (${active.id}) in course ${course.id}; pass reEnroll=true to re-enroll.`);
  }
  if (active !== undefined) retire(store, active);
  return newCourseEnrollment(store, user, course);
}

function enrollmentAnswer(enrollment: AbsorbCourseEnrollment): { enrollmentId: string; courseId: string; userId: string } {
  return { enrollmentId: enrollment.id, courseId: enrollment.courseId, userId: enrollment.userId };
}

/** POST /users/{userId}/enrollments/{courseId}?reEnroll= */
export const createEnrollment: Handler = (call, store) => {
  const reEnroll = booleanParam(call.query, 'reEnroll');
  const user = store.user(param(call, 'userId'));
  const course = store.course(param(call, 'courseId'));
  return created(enrollmentAnswer(enroll(store, user, course, reEnroll)));
};

/** POST /enroll/{courseId}: the same for the admin login's own Absorb user. */
export const enrollMyself: Handler = (call, store) => {
  const user = store.userOfLogin(loginOf(call));
  const course = store.course(param(call, 'courseId'));
  return created(enrollmentAnswer(enroll(store, user, course, false)));
};

type Settable = Partial<
  Pick<
    AbsorbCourseEnrollment,
    'status' | 'dateCompleted' | 'dateExpires' | 'courseVersionId' | 'acceptedTermsAndConditions' | 'enrollmentKeyId' | 'credits' | 'score'
  >
>;

/** The document's settable properties; any other property in the body is ignored. */
function readSettable(body: BodyReader): Settable {
  const settable: Settable = {};
  const status = body.integer('status');
  if (status !== undefined) {
    if (status < 0 || status > 12) body.problems.push('status: must be one of 0–12');
    else settable.status = status as AbsorbStatus;
  }
  const dateCompleted = body.dateTime('dateCompleted');
  if (dateCompleted !== undefined) settable.dateCompleted = dateCompleted;
  const dateExpires = body.dateTime('dateExpires');
  if (dateExpires !== undefined) settable.dateExpires = dateExpires;
  const courseVersionId = body.guid('courseVersionId');
  if (courseVersionId !== undefined) settable.courseVersionId = courseVersionId;
  const accepted = body.boolean('acceptedTermsAndConditions');
  if (accepted !== undefined) settable.acceptedTermsAndConditions = accepted;
  const enrollmentKeyId = body.guid('enrollmentKeyId');
  if (enrollmentKeyId !== undefined) settable.enrollmentKeyId = enrollmentKeyId;
  const credits = body.number('credits');
  if (credits !== undefined) settable.credits = credits;
  const score = body.number('score');
  if (score !== undefined) settable.score = score;
  return settable;
}

/**
 * POST /users/{userId}/enrollments: updates the active enrollment in body.courseId (200), or
 * creates one (201) when there is none or reEnroll is true.
 */
export const createOrUpdateEnrollment: Handler = (call, store) => {
  const reEnroll = booleanParam(call.query, 'reEnroll');
  const body = new BodyReader(call.body);
  const courseId = body.guid('courseId', true);
  const settable = readSettable(body);
  body.done();
  const user = store.user(param(call, 'userId'));
  const course = store.course(courseId as string);
  const active = store.activeEnrollment(user.id, course.id);
  if (active !== undefined && !reEnroll) {
    Object.assign(active, settable, { dateEdited: store.timestamp() });
    return ok(enrollmentAnswer(active));
  }
  const enrollment = enroll(store, user, course, reEnroll);
  Object.assign(enrollment, settable);
  return created(enrollmentAnswer(enrollment));
};

/** Removes, keeping the array object (others may hold it), every item that matches. */
function removeWhere<T>(items: T[], remove: (item: T) => boolean): void {
  let kept = 0;
  for (const item of items) if (!remove(item)) items[kept++] = item;
  items.length = kept;
}

/**
 * POST /enrollments/unenroll with a JSON array of enrollment ids. All or nothing: an unknown id
 * is a 422 (the document lists 400 and 422 for it) and removes none. Success is 204.
 */
export const unenroll: Handler = (call, store) => {
  const body: unknown = call.body;
  if (!Array.isArray(body)) throw validationError(['body: must be a JSON array of enrollment ids']);
  if (body.length === 0) throw validationError(['body: at least one enrollment id is required']);
  const problems = body.flatMap((id: unknown, i) => (isGuid(id) ? [] : [`[${i}]: must be a guid`]));
  if (problems.length > 0) throw validationError(problems);
  const ids = new Set((body as string[]).map((id) => id.toLowerCase()));
  const unknown = [...ids].filter((id) => !store.data.enrollments.some((e) => sameId(e.id, id)));
  if (unknown.length > 0) throw unprocessable(`Unknown enrollment id(s): ${unknown.join(', ')}.`);

  const data = store.data;
  const removedLessons = new Set(data.lessonEnrollments.filter((l) => ids.has(l.courseEnrollmentId.toLowerCase())).map((l) => l.id));
  removeWhere(data.attempts, (a) => removedLessons.has(a.lessonEnrollmentId));
  removeWhere(data.lessonEnrollments, (l) => removedLessons.has(l.id));
  removeWhere(data.chapterEnrollments, (c) => ids.has(c.courseEnrollmentId.toLowerCase()));
  removeWhere(data.sessionEnrollments, (s) => ids.has(s.courseEnrollmentId.toLowerCase()));
  removeWhere(data.enrollments, (e) => ids.has(e.id.toLowerCase()));
  return { status: 204 };
};

/** Statuses of a session enrollment that no longer hold a seat, so do not block another session. */
const SESSION_DONE: ReadonlySet<AbsorbStatus> = new Set<AbsorbStatus>([9]);

function newSessionEnrollment(store: AbsorbStore, enrollment: AbsorbCourseEnrollment, sessionId: string, name: string): AbsorbSessionEnrollment {
  const now = store.timestamp();
  const row: AbsorbSessionEnrollment = {
    id: newGuid(),
    sessionId,
    courseEnrollmentId: enrollment.id,
    name,
    userId: enrollment.userId,
    fullName: enrollment.fullName,
    status: 0,
    progress: 0,
    score: null,
    timeSpentTicks: 0,
    dateEnrolled: now,
    dateStarted: null,
    dateCompleted: null,
    dateEdited: now,
  };
  store.data.sessionEnrollments.push(row);
  return row;
}

/**
 * POST /users/{userId}/enrollments/{courseId}/session/{sessionId}?reEnroll=&cancelSession=
 *
 * Single-session ILCs only, as the document says: with an active enrollment already holding a
 * seat in another session (anything but Absent) the call is a 422 unless cancelSession=true,
 * which removes that session enrollment. The same session again is a 422 unless reEnroll=true,
 * which retires the course enrollment and starts a new one. Without an active course enrollment
 * one is created.
 */
export const enrollInSession: Handler = (call, store) => {
  const reEnroll = booleanParam(call.query, 'reEnroll');
  const cancelSession = booleanParam(call.query, 'cancelSession');
  const user = store.user(param(call, 'userId'));
  const course = store.course(param(call, 'courseId'));
  const session = store.session(param(call, 'sessionId'));
  if (course.courseType !== 'InstructorLedCourse') throw unprocessable(`Course ${course.id} is not an instructor-led course.`);
  if (!sameId(session.courseId, course.id)) throw unprocessable(`Session ${session.id} does not belong to course ${course.id}.`);
  requireEnrollable(course);

  let enrollment = store.activeEnrollment(user.id, course.id);
  if (enrollment !== undefined && reEnroll) {
    retire(store, enrollment);
    enrollment = undefined;
  }
  if (enrollment === undefined) {
    enrollment = newCourseEnrollment(store, user, course);
  } else {
    const current = enrollment;
    const held = store.data.sessionEnrollments.filter((s) => s.courseEnrollmentId === current.id && !SESSION_DONE.has(s.status));
    if (held.some((s) => s.sessionId === session.id)) {
      throw unprocessable(`User ${user.id} is already enrolled in session ${session.id}; pass reEnroll=true to re-enroll.`);
    }
    if (held.length > 0 && !cancelSession) {
      throw unprocessable(`User ${user.id} is enrolled in another session of course ${course.id}; pass cancelSession=true to move.`);
    }
    const cancelled = new Set(held);
    removeWhere(store.data.sessionEnrollments, (s) => cancelled.has(s));
    current.dateEdited = store.timestamp();
  }
  const row = newSessionEnrollment(store, enrollment, session.id, session.name);
  return created({ userId: user.id, courseId: course.id, sessionId: session.id, enrollmentId: enrollment.id, sessionEnrollmentId: row.id });
};
