import * as reads from './reads.js';
import type { Handler } from './store.js';
import * as attempts from './writes-attempts.js';
import * as writes from './writes-enrollments.js';

/**
 * THE table of Absorb paths (upstream-docs/README.md), one line per operation, so a correction
 * is a one-line change. `auth: 'apiKey'` is only /authenticate; every other path also needs the
 * bearer token. Every `:param` is a guid: a malformed one is a 404, like an unknown id.
 */

export interface AbsorbRoute {
  method: 'get' | 'post';
  path: string;
  auth: 'apiKey' | 'token';
  handler: Handler | 'authenticate';
}

const get = (path: string, handler: Handler): AbsorbRoute => ({ method: 'get', path, auth: 'token', handler });
const post = (path: string, handler: Handler): AbsorbRoute => ({ method: 'post', path, auth: 'token', handler });

const userCourse = '/users/:userId/enrollments/:courseId';

export const ABSORB_ROUTES: readonly AbsorbRoute[] = [
  { method: 'post', path: '/authenticate', auth: 'apiKey', handler: 'authenticate' },

  get('/users', reads.listUsers),
  get('/users/:userId', reads.getUser),
  get('/courses', reads.listCourses),
  get('/courses/:courseId', reads.getCourse),
  get('/instructorLedCourses', reads.listInstructorLedCourses),
  get('/instructorLedCourses/:courseId', reads.getInstructorLedCourse),
  get('/sessions', reads.listSessions),

  get('/users/:userId/enrollments', reads.listUserEnrollments),
  get(userCourse, reads.getUserEnrollment),
  get('/users/:userId/grades/:courseId', reads.getUserEnrollment),
  post(userCourse, writes.createEnrollment),
  post('/users/:userId/enrollments', writes.createOrUpdateEnrollment),
  get('/courses/:courseId/enrollments', reads.listCourseEnrollments),
  get('/enrollments/:enrollmentId', reads.getEnrollment),
  post('/enrollments/unenroll', writes.unenroll),
  get('/bulk/studentcourses', reads.bulkStudentCourses),

  get(`${userCourse}/sessions`, reads.listUserSessionEnrollments),
  get(`${userCourse}/sessions/:sessionId`, reads.getUserSessionEnrollment),
  post(`${userCourse}/session/:sessionId`, writes.enrollInSession),
  get('/courses/:courseId/sessions/:sessionId/enrollments', reads.listSessionEnrollments),

  get(`${userCourse}/chapters`, reads.listUserChapterEnrollments),
  get(`${userCourse}/chapters/:chapterId`, reads.getUserChapterEnrollment),
  get('/courses/:courseId/lessons/:lessonId/enrollments', reads.listLessonEnrollments),
  get(`${userCourse}/lessons`, reads.listUserLessonEnrollments),
  get(`${userCourse}/lessons/:lessonId`, reads.getUserLessonEnrollment),
  get(`${userCourse}/chapters/:chapterId/lessons`, reads.listUserChapterLessonEnrollments),
  get(`${userCourse}/chapters/:chapterId/lessons/:lessonId`, reads.getUserChapterLessonEnrollment),

  get(`${userCourse}/lessons/:lessonId/attempts`, reads.listUserLessonAttempts),
  post(`${userCourse}/lessons/:lessonId/startattempt`, attempts.startAttempt),
  post(`${userCourse}/lessons/:lessonId/attempts/:attemptId/finish`, attempts.finishUserAttempt),
  post('/attempts/:attemptId/finish', attempts.finishAttempt),

  get('/myenrollments', reads.listMyEnrollments),
  get('/myenrollments/:courseId', reads.getMyEnrollment),
  post('/enroll/:courseId', writes.enrollMyself),
];
