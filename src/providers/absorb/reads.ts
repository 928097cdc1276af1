/**
 * The read half of the Absorb client: every AbsorbApi method over the shared transport.
 *
 * Batched lookups cost as few requests as the URL allows: users, courses and sessions by many
 * values go through one `_filter=f eq v1 or f eq v2 …` per URL-sized chunk (values escaped, the
 * chunking measuring the real encoded URL), and course enrollments of many users through
 * `GET /bulk/studentcourses` chunked by its `userIds` limit and by URL length. Chunks run
 * concurrently, bounded; the rate limiter queues what exceeds the API's limit.
 *
 * `forRequest(scope)` gives these reads for one GraphQL request, over the transport's view for it;
 * what the reads learned of the deployment (whether `/sessions` filters on the course) is shared.
 */
import { z } from 'zod';
import type { AbsorbUserMatchField } from '../../config.js';
import type { Session } from '../../domain/model.js';
import type { AbsorbApi } from '../api.js';
import { ProviderError, describeCall, isProviderError } from '../errors.js';
import { mapConcurrent, type HttpLogger, type UpstreamRequestScope } from '../http/index.js';
import {
  normalizeAttempt,
  normalizeChapterEnrollment,
  normalizeCourse,
  normalizeCourseEnrollment,
  normalizeLessonEnrollment,
  normalizeSession,
  normalizeSessionEnrollment,
  normalizeUser,
} from './normalize.js';
import { chunkByCost, encodedLength, eq, eqIgnoringCase, guidLiteral, isGuid, packClauses, textLiteral } from './odata.js';
import { ABSORB_BULK_USER_IDS, ABSORB_PAGE_SIZE, ABSORB_ROUTES as R, type AbsorbRoute } from './routes.js';
import {
  attemptSchema,
  chapterEnrollmentSchema,
  courseEnrollmentSchema,
  courseSchema,
  instructorLedCourseSchema,
  lessonEnrollmentSchema,
  pagedSchema,
  rosterSessionEnrollmentSchema,
  sessionEnrollmentSchema,
  sessionSchema,
  userSchema,
  type AbsorbPage,
} from './schemas.js';
import type { AbsorbTransport } from './transport.js';

/** Default bound of one whole URL, base included: well under the 8–16 KB gateways accept. */
export const DEFAULT_MAX_URL_LENGTH = 8000;

export interface AbsorbReadSettings {
  userMatchField: AbsorbUserMatchField;
  maxUrlLength?: number;
  /** Most `userIds` per bulk request; ABSORB_BULK_USER_IDS by default. */
  bulkChunk?: number;
  logger?: HttpLogger;
}

export interface AbsorbReads extends AbsorbApi {
  /** These reads for one GraphQL request (see the module comment). */
  forRequest(scope: UpstreamRequestScope): AbsorbReads;
}

const pages = {
  users: pagedSchema(R.users.key, userSchema),
  courses: pagedSchema(R.courses.key, courseSchema),
  sessions: pagedSchema(R.sessions.key, sessionSchema),
  userEnrollments: pagedSchema(R.userEnrollments.key, courseEnrollmentSchema),
  courseEnrollments: pagedSchema(R.courseEnrollments.key, courseEnrollmentSchema),
  sessionEnrollments: pagedSchema(R.sessionEnrollments.key, rosterSessionEnrollmentSchema),
};

const arrays = {
  bulk: z.array(courseEnrollmentSchema),
  sessionEnrollments: z.array(sessionEnrollmentSchema),
  chapterEnrollments: z.array(chapterEnrollmentSchema),
  lessonEnrollments: z.array(lessonEnrollmentSchema),
  attempts: z.array(attemptSchema),
};

/** Distinct guids, lower-cased; anything that is not a guid cannot name an Absorb object and is dropped. */
function distinctGuids(ids: readonly string[]): string[] {
  return [...new Set(ids.filter(isGuid).map((id) => id.toLowerCase()))];
}

function tooLongError(route: AbsorbRoute, maxUrlLength: number): ProviderError {
  // The value itself is not quoted: it may be personal data.
  return new ProviderError({
    code: 'BAD_USER_INPUT',
    provider: 'absorb',
    endpoint: route.path,
    method: route.method,
    message: `${describeCall('absorb', route.method, route.path)}: a lookup value is too long to fit in a ${maxUrlLength}-character URL`,
  });
}

export function createAbsorbReads(base: AbsorbTransport, settings: AbsorbReadSettings): AbsorbReads {
  const maxUrlLength = settings.maxUrlLength ?? DEFAULT_MAX_URL_LENGTH;
  const bulkChunk = settings.bulkChunk ?? ABSORB_BULK_USER_IDS;
  if (!Number.isInteger(bulkChunk) || bulkChunk < 1) throw new RangeError('bulkChunk must be a positive integer');
  const { concurrency } = base;
  /** Set once a `/sessions` filter on the course link is refused; later calls, in any request, use the fallback at once. */
  let sessionFilterRefused = false;

  /** The reads over `transport`: the one they were built with, or its view for one request. */
  function over(transport: AbsorbTransport): AbsorbReads {
    /**
     * Every item of `route` matching any of `clauses`, in as few requests as the URL length allows.
     * The budget is what a URL with an empty `_filter` (and the largest `_offset` a read may send)
     * leaves of maxUrlLength; clause lengths are their encoded lengths, which add up exactly.
     */
    async function readByFilter<T>(route: AbsorbRoute, schema: z.ZodType<AbsorbPage<T>>, clauses: readonly string[]): Promise<T[]> {
      if (clauses.length === 0) return [];
      const fixed = transport.urlLength(route, { _filter: '', _limit: ABSORB_PAGE_SIZE, _offset: transport.maxPages - 1 });
      const { filters, tooLong } = packClauses(clauses, maxUrlLength - fixed);
      if (tooLong.length > 0) throw tooLongError(route, maxUrlLength);
      const lists = await mapConcurrent(filters, concurrency, (filter) => transport.readPaged(route, { schema, searchParams: { _filter: filter } }));
      return lists.flat();
    }

    function sessionsByIds(ids: readonly string[]): Promise<Session[]> {
      const clauses = distinctGuids(ids).map((id) => eq('id', guidLiteral(id)));
      return readByFilter(R.sessions, pages.sessions, clauses).then((sessions) => transport.normalize(R.sessions, sessions, normalizeSession));
    }

    /** A deployment whose `/sessions` cannot filter on the course link: the ILC lists its sessionIds. */
    async function sessionsThroughInstructorLedCourse(courseId: string): Promise<Session[]> {
      const course = await transport.callOrNull(R.instructorLedCourse, { params: { courseId }, schema: instructorLedCourseSchema });
      if (course === null) return [];
      return sessionsByIds(course.sessionIds ?? []);
    }

    return {
      userMatchField: settings.userMatchField,

      async usersByMatchField(values) {
        const field = settings.userMatchField;
        const clauses = [...new Set(values)].map((value) => eq(field, textLiteral(value)));
        const users = await readByFilter(R.users, pages.users, clauses);
        return transport.normalize(R.users, users, normalizeUser);
      },

      async usersByMatchFieldIgnoringCase(values) {
        const field = settings.userMatchField;
        const clauses = [...new Set(values.map((value) => value.toLowerCase()))].map((value) => eqIgnoringCase(field, value));
        const users = await readByFilter(R.users, pages.users, clauses);
        return transport.normalize(R.users, users, normalizeUser);
      },

      async usersByIds(ids) {
        const clauses = distinctGuids(ids).map((id) => eq('id', guidLiteral(id)));
        const users = await readByFilter(R.users, pages.users, clauses);
        return transport.normalize(R.users, users, normalizeUser);
      },

      async enrollmentsForUsers(userIds) {
        const ids = distinctGuids(userIds);
        if (ids.length === 0) return [];
        const route = R.bulkStudentCourses;
        // `?` plus, per id, `userIds=<guid>`, joined by `&`.
        const budget = maxUrlLength - transport.urlLength(route) - 1;
        const { chunks, tooLong } = chunkByCost(ids, bulkChunk, budget, (id) => encodedLength('userIds') + 1 + encodedLength(id), 1);
        if (tooLong.length > 0) throw tooLongError(route, maxUrlLength);
        const lists = await mapConcurrent(chunks, concurrency, (chunk) => transport.call(route, { searchParams: { userIds: chunk }, schema: arrays.bulk }));
        return transport.normalize(route, lists.flat(), normalizeCourseEnrollment);
      },

      async userEnrollments(userId) {
        const route = R.userEnrollments;
        const enrollments = await transport.readPaged(route, { params: { userId }, schema: pages.userEnrollments });
        return transport.normalize(route, enrollments, normalizeCourseEnrollment);
      },

      async courseEnrollments(courseId) {
        const route = R.courseEnrollments;
        const enrollments = await transport.readPaged(route, { params: { courseId }, schema: pages.courseEnrollments, nullWhenMissing: true });
        return enrollments === null ? null : transport.normalize(route, enrollments, normalizeCourseEnrollment);
      },

      async enrollment(enrollmentId) {
        const route = R.enrollment;
        const enrollment = await transport.callOrNull(route, { params: { enrollmentId }, schema: courseEnrollmentSchema });
        return enrollment === null ? null : (transport.normalize(route, [enrollment], normalizeCourseEnrollment)[0] ?? null);
      },

      async coursesByIds(ids) {
        const clauses = distinctGuids(ids).map((id) => eq('id', guidLiteral(id)));
        const courses = await readByFilter(R.courses, pages.courses, clauses);
        return transport.normalize(R.courses, courses, normalizeCourse);
      },

      async sessionsForCourse(courseId) {
        if (!isGuid(courseId)) return [];
        const id = courseId.toLowerCase();
        if (!sessionFilterRefused) {
          try {
            const found = await transport.readPaged(R.sessions, { schema: pages.sessions, searchParams: { _filter: eq('courseId', guidLiteral(id)) } });
            // Kept only if they really link to the course, in case an upstream ignores the filter.
            return transport.normalize(R.sessions, found, normalizeSession).filter((session) => session.courseId === id);
          } catch (error) {
            if (!isProviderError(error) || error.code !== 'BAD_USER_INPUT') throw error;
            sessionFilterRefused = true;
            settings.logger?.warn({ provider: 'absorb', endpoint: R.sessions.path }, 'sessions cannot be filtered by courseId; reading them through instructorLedCourses instead');
          }
        }
        return sessionsThroughInstructorLedCourse(id);
      },

      sessionsByIds,

      async userSessionEnrollments(userId, courseId) {
        const route = R.userSessionEnrollments;
        const rows = await transport.call(route, { params: { userId, courseId }, schema: arrays.sessionEnrollments });
        return transport.normalize(route, rows, (row) => normalizeSessionEnrollment(row, { userId, courseId }));
      },

      async sessionEnrollments(courseId, sessionId) {
        const route = R.sessionEnrollments;
        const rows = await transport.readPaged(route, { params: { courseId, sessionId }, schema: pages.sessionEnrollments });
        return transport.normalize(route, rows, (row) => normalizeSessionEnrollment(row, { courseId }));
      },

      async chapterEnrollments(userId, courseId) {
        const route = R.userChapterEnrollments;
        const rows = await transport.call(route, { params: { userId, courseId }, schema: arrays.chapterEnrollments });
        return transport.normalize(route, rows, (row) => normalizeChapterEnrollment(row, { userId, courseId }));
      },

      async lessonEnrollments(userId, courseId) {
        const route = R.userLessonEnrollments;
        const rows = await transport.call(route, { params: { userId, courseId }, schema: arrays.lessonEnrollments });
        return transport.normalize(route, rows, (row) => normalizeLessonEnrollment(row, { userId, courseId }));
      },

      async lessonAttempts(userId, courseId, lessonId) {
        const route = R.userLessonAttempts;
        const rows = await transport.call(route, { params: { userId, courseId, lessonId }, schema: arrays.attempts });
        return transport.normalize(route, rows, normalizeAttempt);
      },

      forRequest: (scope) => over(base.forRequest(scope)),
    };
  }

  return over(base);
}
