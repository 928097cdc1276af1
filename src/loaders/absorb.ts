/**
 * Absorb loaders. Absorb has filter and bulk forms, so a list of N users costs a constant number of
 * requests: users by match field through one `_filter` per batch, enrollments of many users through
 * the bulk endpoint, courses and sessions by id through `_filter`.
 */
import type DataLoader from 'dataloader';
import type {
  AbsorbCourseEnrollment,
  ChapterEnrollment,
  Course,
  LessonAttempt,
  LessonEnrollment,
  Session,
  SessionEnrollment,
} from '../domain/model.js';
import type { AbsorbApi, AbsorbUserRecord, AbsorbWriteApi } from '../providers/api.js';
import { groupBy, mappedLoader, perKeyLoader, type LoaderMode } from './batch.js';

/** Batch sizes: the client splits a batch further by URL length; these bound one batch's work. */
const USER_BATCH = 500;
const BULK_ENROLLMENT_BATCH = 500;
const COURSE_BATCH = 200;

export type PairKey = `${string}|${string}`;
export const pairKey = (a: string, b: string): PairKey => `${a}|${b}`;
const splitPair = (key: PairKey): [string, string] => key.split('|') as [string, string];

export function matchValueOf(user: AbsorbUserRecord, field: AbsorbApi['userMatchField']): string | null {
  return user[field];
}

export function createAbsorbLoaders(absorb: AbsorbApi & AbsorbWriteApi, mode: LoaderMode) {
  const userById: DataLoader<string, AbsorbUserRecord | null> = mappedLoader(
    async (ids) => {
      const users = await absorb.usersByIds(ids);
      for (const user of users) primeUserByMatch(user);
      return new Map(users.map((user) => [user.id.toLowerCase(), user]));
    },
    null,
    mode,
    { maxBatchSize: USER_BATCH },
  );

  /**
   * Users found by their match value, keyed by `keyOf(value)` (the first user per key), each also
   * primed by guid for the lookups that come next.
   */
  function keyedByMatchValue(users: readonly AbsorbUserRecord[], keyOf: (value: string) => string): Map<string, AbsorbUserRecord> {
    const byKey = new Map<string, AbsorbUserRecord>();
    for (const user of users) {
      const value = matchValueOf(user, absorb.userMatchField);
      if (value !== null && !byKey.has(keyOf(value))) byKey.set(keyOf(value), user);
      userById.prime(user.id.toLowerCase(), user);
    }
    return byKey;
  }

  const userByEmployeeID: DataLoader<string, AbsorbUserRecord | null> = mappedLoader(
    async (values) => keyedByMatchValue(await absorb.usersByMatchField(values), (value) => value),
    null,
    mode,
    { maxBatchSize: USER_BATCH },
  );

  /**
   * A user by a match value spelled in any case (keys lower-cased): how a SelfCommunity username,
   * matched to employeeIDs case-insensitively, finds the employeeID as Absorb spells it.
   */
  const userByEmployeeIDIgnoringCase: DataLoader<string, AbsorbUserRecord | null> = mappedLoader(
    async (lowerValues) => {
      const users = await absorb.usersByMatchFieldIgnoringCase(lowerValues);
      for (const user of users) primeUserByMatch(user);
      return keyedByMatchValue(users, (value) => value.toLowerCase());
    },
    null,
    mode,
    { maxBatchSize: USER_BATCH },
  );

  function primeUserByMatch(user: AbsorbUserRecord): void {
    const value = matchValueOf(user, absorb.userMatchField);
    if (value !== null) userByEmployeeID.prime(value, user);
  }

  const enrollmentById: DataLoader<string, AbsorbCourseEnrollment | null> = perKeyLoader(mode, (id: string) => absorb.enrollment(id));

  const primeEnrollments = (enrollments: readonly AbsorbCourseEnrollment[]) => {
    for (const enrollment of enrollments) enrollmentById.prime(enrollment.enrollmentId, enrollment);
  };

  /** Active enrollments of many users in one bulk request per batch. */
  const activeEnrollmentsByUserId: DataLoader<string, AbsorbCourseEnrollment[]> = mappedLoader(
    async (userIds) => {
      const enrollments = (await absorb.enrollmentsForUsers(userIds)).filter((e) => e.isActive);
      primeEnrollments(enrollments);
      return groupBy(enrollments, (e) => e.absorbUserId.toLowerCase());
    },
    [],
    mode,
    { maxBatchSize: BULK_ENROLLMENT_BATCH },
  );

  /** Active and historical enrollments: the per-user list, asked only with includeHistory. */
  const allEnrollmentsByUserId = perKeyLoader(mode, async (userId: string) => {
    const enrollments = await absorb.userEnrollments(userId);
    primeEnrollments(enrollments);
    return enrollments;
  });

  const courseEnrollments = perKeyLoader(mode, async (courseId: string) => {
    const enrollments = await absorb.courseEnrollments(courseId);
    if (enrollments) primeEnrollments(enrollments);
    return enrollments;
  });

  const courseById: DataLoader<string, Course | null> = mappedLoader(
    async (ids) => new Map((await absorb.coursesByIds(ids)).map((course) => [String(course.key.nativeId).toLowerCase(), course])),
    null,
    mode,
    { maxBatchSize: COURSE_BATCH },
  );

  const sessionById: DataLoader<string, Session | null> = mappedLoader(
    async (ids) => new Map((await absorb.sessionsByIds(ids)).map((session) => [session.id.toLowerCase(), session])),
    null,
    mode,
    { maxBatchSize: COURSE_BATCH },
  );

  const sessionsByCourse = perKeyLoader(mode, async (courseId: string) => {
    const sessions = await absorb.sessionsForCourse(courseId);
    for (const session of sessions) sessionById.prime(session.id.toLowerCase(), session);
    return sessions;
  });

  const userSessionEnrollments = perKeyLoader<PairKey, SessionEnrollment[]>(mode, (key) => absorb.userSessionEnrollments(...splitPair(key)));
  const sessionRoster = perKeyLoader<PairKey, SessionEnrollment[]>(mode, (key) => absorb.sessionEnrollments(...splitPair(key)));
  const chapterEnrollments = perKeyLoader<PairKey, ChapterEnrollment[]>(mode, (key) => absorb.chapterEnrollments(...splitPair(key)));
  const lessonEnrollments = perKeyLoader<PairKey, LessonEnrollment[]>(mode, (key) => absorb.lessonEnrollments(...splitPair(key)));
  const lessonAttempts = perKeyLoader<`${string}|${string}|${string}`, LessonAttempt[]>(mode, (key) => {
    const [userId = '', courseId = '', lessonId = ''] = key.split('|');
    return absorb.lessonAttempts(userId, courseId, lessonId);
  });

  /**
   * After a write: forgets what this request read about the user's enrollments in the course, so
   * the next read (the mutation's payload, a later field of the same request) asks again. Lists
   * keyed by something the write does not name (session rosters, attempts, enrollments by id,
   * which a re-enrollment changes for an id not known here) are forgotten whole.
   */
  function invalidateEnrollmentsOf(userId: string, courseId: string): void {
    const user = userId.toLowerCase();
    const course = courseId.toLowerCase();
    activeEnrollmentsByUserId.clear(user);
    allEnrollmentsByUserId.clear(user);
    courseEnrollments.clear(course);
    userSessionEnrollments.clear(pairKey(user, course));
    chapterEnrollments.clear(pairKey(user, course));
    lessonEnrollments.clear(pairKey(user, course));
    sessionRoster.clearAll();
    lessonAttempts.clearAll();
    enrollmentById.clearAll();
  }

  const writes: AbsorbWriteApi = absorb;

  return {
    userMatchField: absorb.userMatchField,
    /** The write half of the client, for mutations (src/resolvers/mutation.ts). */
    writes,
    invalidateEnrollmentsOf,
    userById,
    userByEmployeeID,
    userByEmployeeIDIgnoringCase,
    primeUser: (user: AbsorbUserRecord) => {
      userById.prime(user.id.toLowerCase(), user);
      primeUserByMatch(user);
    },
    enrollmentById,
    activeEnrollmentsByUserId,
    allEnrollmentsByUserId,
    courseEnrollments,
    courseById,
    sessionById,
    sessionsByCourse,
    userSessionEnrollments,
    sessionRoster,
    chapterEnrollments,
    lessonEnrollments,
    lessonAttempts,
  };
}

export type AbsorbLoaders = ReturnType<typeof createAbsorbLoaders>;
