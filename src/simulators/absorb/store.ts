import type {
  AbsorbAttempt,
  AbsorbChapter,
  AbsorbCourse,
  AbsorbCourseEnrollment,
  AbsorbData,
  AbsorbLesson,
  AbsorbLessonEnrollment,
  AbsorbSession,
  AbsorbUser,
} from '../dataset/types.js';
import { notFound, unprocessable } from './errors.js';
import { isoSeconds, sameId } from './ids.js';
import type { Query } from './query.js';

/**
 * Lookups over `dataset.absorb` that answer 404 for unknown ids, shared by reads and writes.
 * Plain scans: the dataset is thousands of rows, and an index would have to follow every write.
 */
export class AbsorbStore {
  constructor(
    readonly data: AbsorbData,
    private readonly clock: () => number,
  ) {}

  /** The simulator's time as Absorb writes dates. */
  timestamp(): string {
    return isoSeconds(this.clock());
  }

  now(): number {
    return this.clock();
  }

  user(id: string): AbsorbUser {
    return this.data.users.find((u) => sameId(u.id, id)) ?? throwNotFound(`User ${id}`);
  }

  course(id: string): AbsorbCourse {
    return this.data.courses.find((c) => sameId(c.id, id)) ?? throwNotFound(`Course ${id}`);
  }

  instructorLedCourse(id: string): AbsorbCourse {
    const course = this.data.courses.find((c) => sameId(c.id, id) && c.courseType === 'InstructorLedCourse');
    return course ?? throwNotFound(`Instructor-led course ${id}`);
  }

  session(id: string): AbsorbSession {
    return this.data.sessions.find((s) => sameId(s.id, id)) ?? throwNotFound(`Session ${id}`);
  }

  /** A session addressed under a course path; a session of another course is not found there. */
  sessionOfCourse(course: AbsorbCourse, sessionId: string): AbsorbSession {
    const session = this.session(sessionId);
    if (!sameId(session.courseId, course.id)) throw notFound(`Session ${sessionId} of course ${course.id}`);
    return session;
  }

  sessionsOf(courseId: string): AbsorbSession[] {
    return this.data.sessions.filter((s) => sameId(s.courseId, courseId));
  }

  chapterOfCourse(course: AbsorbCourse, chapterId: string): AbsorbChapter {
    const chapter = this.data.chapters.find((c) => sameId(c.id, chapterId)) ?? throwNotFound(`Chapter ${chapterId}`);
    if (!sameId(chapter.courseId, course.id)) throw notFound(`Chapter ${chapterId} of course ${course.id}`);
    return chapter;
  }

  lessonOfCourse(course: AbsorbCourse, lessonId: string): AbsorbLesson {
    const lesson = this.data.lessons.find((l) => sameId(l.id, lessonId)) ?? throwNotFound(`Lesson ${lessonId}`);
    if (!sameId(lesson.courseId, course.id)) throw notFound(`Lesson ${lessonId} of course ${course.id}`);
    return lesson;
  }

  enrollment(id: string): AbsorbCourseEnrollment {
    return this.data.enrollments.find((e) => sameId(e.id, id)) ?? throwNotFound(`Enrollment ${id}`);
  }

  attempt(id: string): AbsorbAttempt {
    return this.data.attempts.find((a) => sameId(a.id, id)) ?? throwNotFound(`Attempt ${id}`);
  }

  /** The user's current enrollment in the course; historical ones have isActive false. */
  activeEnrollment(userId: string, courseId: string): AbsorbCourseEnrollment | undefined {
    return this.data.enrollments.find((e) => e.isActive && sameId(e.userId, userId) && sameId(e.courseId, courseId));
  }

  /** For reads under `/users/{userId}/enrollments/{courseId}/…`: the enrollment they hang from. */
  requireActiveEnrollment(userId: string, courseId: string): AbsorbCourseEnrollment {
    this.user(userId);
    this.course(courseId);
    return this.activeEnrollment(userId, courseId) ?? throwNotFound(`An active enrollment of user ${userId} in course ${courseId}`);
  }

  /** For writes that need a lesson enrollment to act on: absent is a state problem, so 422. */
  activeLessonEnrollment(userId: string, courseId: string, lessonId: string): AbsorbLessonEnrollment {
    const enrollment = this.activeEnrollment(userId, courseId);
    if (enrollment === undefined) throw unprocessable(`User ${userId} has no active enrollment in course ${courseId}.`);
    const lessonEnrollment = this.data.lessonEnrollments.find((l) => l.courseEnrollmentId === enrollment.id && sameId(l.lessonId, lessonId));
    if (lessonEnrollment === undefined) throw unprocessable(`User ${userId} has no active enrollment in lesson ${lessonId}.`);
    return lessonEnrollment;
  }

  /** The Absorb user an admin login acts as, for the "my" endpoints: the user of that username. */
  userOfLogin(login: string): AbsorbUser {
    const lower = login.toLowerCase();
    return this.data.users.find((u) => u.username.toLowerCase() === lower) ?? throwNotFound(`The Absorb user of login ${login}`);
  }
}

function throwNotFound(what: string): never {
  throw notFound(what);
}

/** What a route handler is given: path parameters (guids, already validated), query, body, login. */
export interface Call {
  params: Readonly<Record<string, string>>;
  query: Query;
  body: unknown;
  /** The admin login of the bearer token; null only for /authenticate. */
  login: string | null;
}

export interface Reply {
  status: number;
  /** Omitted for an empty answer. */
  body?: unknown;
}

export type Handler = (call: Call, store: AbsorbStore) => Reply;

export function ok(body: unknown): Reply {
  return { status: 200, body };
}

export function created(body: unknown): Reply {
  return { status: 201, body };
}

/** A path parameter the route template guarantees. */
export function param(call: Call, name: string): string {
  const value = call.params[name];
  if (value === undefined) throw new Error(`Route has no :${name} parameter`);
  return value;
}

export function loginOf(call: Call): string {
  if (call.login === null) throw new Error('Route needs an authenticated login');
  return call.login;
}
