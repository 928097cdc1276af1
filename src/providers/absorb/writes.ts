/**
 * The write half of the Absorb client: AbsorbWriteApi over the same transport as the reads, so
 * writes share the one login (a second login would invalidate the readers' token) and the one
 * rate limit.
 *
 * - Each write is one POST, sent once: the HTTP layer never retries a non-idempotent call, since
 *   Absorb may have acted even when we saw a timeout or a 5xx. Repeating a write is the caller's
 *   decision (the GraphQL layer offers idempotency keys for that).
 * - Absorb's refusals surface as the HTTP layer maps them: 400/422 → BAD_USER_INPUT with the
 *   upstream's `validations`, 404 → NOT_FOUND.
 * - After a write that may have changed something (success, or a failure that is not a refusal),
 *   the shared response cache drops its answers under the paths the write touches, here and in
 *   Redis, so the next read (in this request or another) asks Absorb. A refusal changed nothing,
 *   so it keeps the cache.
 * - `forRequest(scope)` gives these writes for one GraphQL request, over the transport's view for
 *   it (the request's id goes upstream, its deadline bounds each write).
 */
import { ProviderError } from '../errors.js';
import type { UpstreamRequestScope } from '../http/index.js';
import type { AbsorbEnrollmentRef, AbsorbWriteApi } from '../api.js';
import { ABSORB_ROUTES as R } from './routes.js';
import type { AbsorbTransport } from './transport.js';
import { attemptStartedSchema, enrollmentWrittenSchema, sessionEnrollmentWrittenSchema, unreadAnswerSchema } from './write-schemas.js';

/** What the shared response cache (src/cache/response-cache.ts) offers writes. */
export interface PathInvalidator {
  invalidate(provider: 'absorb', pathPrefix: string): Promise<void>;
}

export interface AbsorbWriteOptions {
  /**
   * Where cached answers are dropped after a write: the client's response cache (its
   * UpstreamResilience.cache). None when the client is built without one (unit tests).
   */
  invalidator?: PathInvalidator;
}

export interface AbsorbWrites extends AbsorbWriteApi {
  /** These writes for one GraphQL request (see the module comment). */
  forRequest(scope: UpstreamRequestScope): AbsorbWrites;
}

/**
 * The cached paths an enrollment write can change, as prefixes: the users' enrollment lists and
 * everything under them (sessions, chapters, lessons, attempts), everything under the courses
 * (their rosters, session and lesson rosters), the bulk list, and enrollments by id (a
 * re-enrollment turns the previous one into history, and its id is not known here).
 */
export function touchedPaths(enrollments: readonly { userId: string; courseId: string }[]): string[] {
  const paths = new Set<string>();
  for (const { userId } of enrollments) paths.add(`/users/${userId.toLowerCase()}/enrollments`);
  for (const { courseId } of enrollments) paths.add(`/courses/${courseId.toLowerCase()}/`);
  paths.add(R.bulkStudentCourses.path);
  paths.add('/enrollments/');
  return [...paths];
}

/** A refusal (400/404/409/422) means Absorb did not act: nothing cached went stale. */
function changedNothing(error: unknown): boolean {
  return error instanceof ProviderError && (error.code === 'BAD_USER_INPUT' || error.code === 'NOT_FOUND');
}

export function createAbsorbWrites(base: AbsorbTransport, options: AbsorbWriteOptions = {}): AbsorbWrites {
  const { invalidator } = options;

  async function invalidate(enrollments: readonly { userId: string; courseId: string }[]): Promise<void> {
    if (invalidator === undefined) return;
    // ResponseCache.invalidate never throws for Redis trouble (it logs and carries on).
    await Promise.all(touchedPaths(enrollments).map((prefix) => invalidator.invalidate('absorb', prefix)));
  }

  /** Runs one write, then invalidates what it may have changed, whether it answered or failed. */
  async function write<T>(touches: readonly { userId: string; courseId: string }[], send: () => Promise<T>): Promise<T> {
    try {
      const answer = await send();
      await invalidate(touches);
      return answer;
    } catch (error) {
      if (!changedNothing(error)) await invalidate(touches);
      throw error;
    }
  }

  const lower = (id: string): string => id.toLowerCase();

  /** The writes over `transport`: the one they were built with, or its view for one request. */
  function over(transport: AbsorbTransport): AbsorbWrites {
    return {
      enrollUser: (userId, courseId, { reEnroll }) =>
        write([{ userId, courseId }], () =>
          transport.call(R.createEnrollment, {
            params: { userId: lower(userId), courseId: lower(courseId) },
            searchParams: { reEnroll },
            schema: enrollmentWrittenSchema,
          }),
        ),

      updateEnrollment: (userId, courseId, changes) =>
        write([{ userId, courseId }], () =>
          transport.call(R.createOrUpdateEnrollment, {
            params: { userId: lower(userId) },
            // Never reEnroll here: that would create an enrollment, not change this one.
            json: { courseId: lower(courseId), ...changes },
            schema: enrollmentWrittenSchema,
          }),
        ),

      unenroll: async (enrollments: readonly AbsorbEnrollmentRef[]) => {
        await write(enrollments, () => transport.call(R.unenroll, { json: enrollments.map((e) => lower(e.enrollmentId)), schema: unreadAnswerSchema }));
      },

      enrollUserInSession: (userId, courseId, sessionId, { reEnroll, cancelSession }) =>
        write([{ userId, courseId }], () =>
          transport.call(R.createSessionEnrollment, {
            params: { userId: lower(userId), courseId: lower(courseId), sessionId: lower(sessionId) },
            searchParams: { reEnroll, cancelSession },
            schema: sessionEnrollmentWrittenSchema,
          }),
        ),

      startLessonAttempt: (userId, courseId, lessonId) =>
        write([{ userId, courseId }], () =>
          transport.call(R.startLessonAttempt, {
            params: { userId: lower(userId), courseId: lower(courseId), lessonId: lower(lessonId) },
            schema: attemptStartedSchema,
          }),
        ),

      finishLessonAttempt: async (userId, courseId, lessonId, attemptId, finish) => {
        await write([{ userId, courseId }], () =>
          transport.call(R.finishUserLessonAttempt, {
            params: { userId: lower(userId), courseId: lower(courseId), lessonId: lower(lessonId), attemptId: lower(attemptId) },
            json: finish,
            schema: unreadAnswerSchema,
          }),
        );
      },

      forRequest: (scope) => over(base.forRequest(scope)),
    };
  }

  return over(base);
}
