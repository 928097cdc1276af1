/**
 * THE table of Absorb Integration API v2 paths the client uses (upstream-docs/README.md, "Absorb
 * LMS"), one line per operation so a correction is a one-line change. The enrollment document gives
 * operations but no paths; these come from Absorb's own test suite and public clients, and the
 * simulator serves the same table (src/simulators/absorb/routes.ts).
 *
 * `answer` says how a response is read: `token` a bare JSON string, `paged` the envelope
 * `{totalItems, returnedItems, limit, offset, <key>: [...]}` walked with `_limit`/`_offset` (a page
 * index), `array` a bare array that is not paged, `object` one resource, `empty` no body (204). Templates use `:name`
 * placeholders, so errors, logs and metrics name the template, never a filled-in URL.
 */

export type AbsorbAnswer = 'token' | 'paged' | 'array' | 'object' | 'empty';

export interface AbsorbRoute {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly answer: AbsorbAnswer;
  /** The items' key in a paged envelope. */
  readonly key?: string;
}

const userCourse = '/users/:userId/enrollments/:courseId';

// prettier-ignore
export const ABSORB_ROUTES = {
  authenticate:            { method: 'POST', path: '/authenticate', answer: 'token' },
  users:                   { method: 'GET', path: '/users', answer: 'paged', key: 'users' },
  courses:                 { method: 'GET', path: '/courses', answer: 'paged', key: 'courses' },
  instructorLedCourse:     { method: 'GET', path: '/instructorLedCourses/:courseId', answer: 'object' },
  sessions:                { method: 'GET', path: '/sessions', answer: 'paged', key: 'sessions' },
  userEnrollments:         { method: 'GET', path: '/users/:userId/enrollments', answer: 'paged', key: 'enrollments' },
  courseEnrollments:       { method: 'GET', path: '/courses/:courseId/enrollments', answer: 'paged', key: 'enrollments' },
  enrollment:              { method: 'GET', path: '/enrollments/:enrollmentId', answer: 'object' },
  bulkStudentCourses:      { method: 'GET', path: '/bulk/studentcourses', answer: 'array' },
  userSessionEnrollments:  { method: 'GET', path: `${userCourse}/sessions`, answer: 'array' },
  sessionEnrollments:      { method: 'GET', path: '/courses/:courseId/sessions/:sessionId/enrollments', answer: 'paged', key: 'enrollments' },
  userChapterEnrollments:  { method: 'GET', path: `${userCourse}/chapters`, answer: 'array' },
  userLessonEnrollments:   { method: 'GET', path: `${userCourse}/lessons`, answer: 'array' },
  userLessonAttempts:      { method: 'GET', path: `${userCourse}/lessons/:lessonId/attempts`, answer: 'array' },
  // Writes (writes.ts): POSTs, never retried.
  createEnrollment:        { method: 'POST', path: userCourse, answer: 'object' },
  createOrUpdateEnrollment: { method: 'POST', path: '/users/:userId/enrollments', answer: 'object' },
  unenroll:                { method: 'POST', path: '/enrollments/unenroll', answer: 'empty' },
  createSessionEnrollment: { method: 'POST', path: `${userCourse}/session/:sessionId`, answer: 'object' },
  startLessonAttempt:      { method: 'POST', path: `${userCourse}/lessons/:lessonId/startattempt`, answer: 'object' },
  finishUserLessonAttempt: { method: 'POST', path: `${userCourse}/lessons/:lessonId/attempts/:attemptId/finish`, answer: 'object' },
} as const satisfies Record<string, AbsorbRoute>;

export type AbsorbRouteName = keyof typeof ABSORB_ROUTES;

/** Page size asked of every paged list: the API's documented maximum. */
export const ABSORB_PAGE_SIZE = 1000;

/** The API's largest `_offset` (a page index). */
export const ABSORB_MAX_OFFSET = 65535;

/**
 * Most `userIds` one `GET /bulk/studentcourses` takes. The document names no limit; the simulator
 * enforces 100 (MAX_BULK_USER_IDS), a bound real deployments also need, so the client batches by it.
 */
export const ABSORB_BULK_USER_IDS = 100;
