/**
 * Mutations below a course enrollment: enrollInSession (instructor-led sessions), and
 * startLessonAttempt / finishLessonAttempt. Same steps as enrollments.ts.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { assertCanRead } from '../auth/scope.js';
import type { Context } from '../context.js';
import type {
  LessonAttemptOutcome,
  MutationEnrollInSessionArgs,
  MutationFinishLessonAttemptArgs,
  MutationStartLessonAttemptArgs,
  ResolversParentTypes,
} from '../generated/graphql.js';
import { pairKey } from '../loaders/absorb.js';
import { requireLoaders } from '../loaders/courses.js';
import type { AbsorbAttemptFinish } from '../providers/api.js';
import { assertMayWrite } from './authorize.js';
import { historical } from './enrollments.js';
import { readBack } from './read-back.js';
import { absorbWrite, runMutation, type RunResult } from './run.js';
import { absorbUserOf, enrollmentInScope } from './targets.js';
import { userError, type RefusalFields } from './user-errors.js';
import { InputCheck } from './validate.js';

type EnrollInSessionPayload = ResolversParentTypes['EnrollInSessionPayload'];
type StartLessonAttemptPayload = ResolversParentTypes['StartLessonAttemptPayload'];
type FinishLessonAttemptPayload = ResolversParentTypes['FinishLessonAttemptPayload'];

/** Absorb's attempt statuses: 1 InProgress, 3 Complete, 5 Failed. */
const ATTEMPT_STATUS: Readonly<Record<LessonAttemptOutcome, AbsorbAttemptFinish['status']>> = { IN_PROGRESS: 1, COMPLETED: 3, FAILED: 5 };

const SESSION_REFUSALS: RefusalFields = {
  // The employee's Absorb user and the session (of this course) were just found.
  notFound: ['courseId'],
  notFoundMessage: 'Absorb has no such course',
  conflict: ['sessionId'],
  conflictBy: [
    [/^course\b/i, ['courseId']],
    [/another session/i, ['cancelSession']],
  ],
  properties: { reEnroll: ['reEnroll'], cancelSession: ['cancelSession'] },
};

const START_REFUSALS: RefusalFields = {
  // The enrollment was just found, so its user and course exist: the lesson is what is missing.
  notFound: ['lessonId'],
  notFoundMessage: 'The course of this enrollment has no such lesson',
  conflict: ['lessonId'],
  conflictBy: [[/no active enrollment in course/i, ['enrollmentId']]],
};

const FINISH_REFUSALS: RefusalFields = {
  notFound: ['attemptId'],
  notFoundMessage: "No such attempt at this lesson in this enrollment's course",
  conflict: ['attemptId'],
  conflictBy: [[/\bstatus\b/i, ['input', 'outcome']]],
  properties: { status: ['input', 'outcome'], score: ['input', 'score'], startDate: ['input', 'startedAt'], completionDate: ['input', 'completedAt'] },
};

interface SessionResult extends RunResult {
  done?: { employeeID: string; userId: string; courseId: string; enrollmentId: string; sessionEnrollmentId: string };
}

export async function enrollInSession(args: MutationEnrollInSessionArgs, context: Context, info: GraphQLResolveInfo): Promise<EnrollInSessionPayload> {
  assertMayWrite(context);
  const check = new InputCheck();
  const employeeID = check.employeeID(args.userEmployeeID, ['userEmployeeID']);
  const courseId = check.absorbCourseId(args.courseId, ['courseId']);
  const sessionId = check.absorbId(args.sessionId, ['sessionId'], 'session');
  const idempotencyKey = check.idempotencyKey(args.idempotencyKey);
  if (!check.ok || employeeID === null || courseId === null || sessionId === null) return { enrollment: null, sessionEnrollment: null, userErrors: check.errors };
  assertCanRead(context, employeeID);
  const absorb = requireLoaders(context.loaders, 'absorb');
  const options = { reEnroll: args.reEnroll ?? false, cancelSession: args.cancelSession ?? false };

  const result = await runMutation<SessionResult>({
    context,
    mutation: 'enrollInSession',
    idempotencyKey,
    input: { employeeID, courseId, sessionId, ...options },
    failed: (userErrors) => ({ userErrors }),
    execute: async () => {
      const [user, session] = await Promise.all([absorbUserOf(context, employeeID, ['userEmployeeID']), absorb.sessionById.load(sessionId)]);
      if (!user.ok) return { userErrors: user.userErrors };
      // Looked up first so a wrong session is named as such (Absorb's 404 would not say which id it lacks).
      if (session === null) return { userErrors: [userError(['sessionId'], `Absorb has no session ${sessionId}`, 'NOT_FOUND')] };
      if (session.courseId.toLowerCase() !== courseId) return { userErrors: [userError(['sessionId'], `Session ${sessionId} is not a session of course ${courseId}`, 'INVALID_VALUE')] };
      const written = await absorbWrite(() => absorb.writes.enrollUserInSession(user.value.id, courseId, sessionId, options), SESSION_REFUSALS);
      if (!written.ok) return { userErrors: written.userErrors };
      absorb.invalidateEnrollmentsOf(user.value.id, courseId);
      const { enrollmentId, sessionEnrollmentId } = written.value;
      return { userErrors: [], done: { employeeID, userId: user.value.id, courseId, enrollmentId, sessionEnrollmentId } };
    },
  });

  const { done } = result;
  if (done === undefined) return { enrollment: null, sessionEnrollment: null, userErrors: result.userErrors };
  const [enrollment, sessionEnrollment] = await Promise.all([
    readBack(context, info, 'enrollment', () => absorb.enrollmentById.load(done.enrollmentId)),
    readBack(context, info, 'sessionEnrollment', async () =>
      (await absorb.userSessionEnrollments.load(pairKey(done.userId, done.courseId))).find((row) => row.id === done.sessionEnrollmentId),
    ),
  ]);
  return { enrollment: enrollment && { ...enrollment, employeeID: done.employeeID }, sessionEnrollment, userErrors: [] };
}

/** Where an attempt lives: enough to read it, its lesson and its course enrollment back. */
interface AttemptPlace {
  attemptId: string;
  enrollmentId: string;
  lessonId: string;
  userId: string;
  courseId: string;
  employeeID: string | null;
}

interface AttemptResult extends RunResult {
  done?: AttemptPlace;
}

/** The attempt, its lesson enrollment and its course enrollment, as Absorb holds them now. */
async function attemptPayload(context: Context, info: GraphQLResolveInfo, place: AttemptPlace) {
  const absorb = requireLoaders(context.loaders, 'absorb');
  const { userId, courseId, lessonId } = place;
  const [attempt, lesson, enrollment] = await Promise.all([
    readBack(context, info, 'attempt', async () => (await absorb.lessonAttempts.load(`${userId}|${courseId}|${lessonId}`)).find((a) => a.id === place.attemptId)),
    readBack(context, info, 'lesson', async () => (await absorb.lessonEnrollments.load(pairKey(userId, courseId))).find((l) => l.lessonId === lessonId)),
    readBack(context, info, 'enrollment', () => absorb.enrollmentById.load(place.enrollmentId)),
  ]);
  return { attempt, lesson, enrollment: enrollment && { ...enrollment, employeeID: place.employeeID ?? enrollment.employeeID }, userErrors: [] };
}

export async function startLessonAttempt(args: MutationStartLessonAttemptArgs, context: Context, info: GraphQLResolveInfo): Promise<StartLessonAttemptPayload> {
  assertMayWrite(context);
  const check = new InputCheck();
  const enrollmentId = check.absorbEnrollmentId(args.enrollmentId, ['enrollmentId']);
  const lessonId = check.absorbId(args.lessonId, ['lessonId'], 'lesson');
  const idempotencyKey = check.idempotencyKey(args.idempotencyKey);
  const failed = { attempt: null, lesson: null, enrollment: null };
  if (!check.ok || enrollmentId === null || lessonId === null) return { ...failed, userErrors: check.errors };
  const absorb = requireLoaders(context.loaders, 'absorb');

  const result = await runMutation<AttemptResult>({
    context,
    mutation: 'startLessonAttempt',
    idempotencyKey,
    input: { enrollmentId, lessonId },
    failed: (userErrors) => ({ userErrors }),
    execute: async () => {
      const found = await enrollmentInScope(context, enrollmentId, ['enrollmentId']);
      if (!found.ok) return { userErrors: found.userErrors };
      const { enrollment, employeeID } = found.value;
      // Absorb starts the attempt on the user's active enrollment: on a historical one it would start it elsewhere.
      if (!enrollment.isActive) return { userErrors: [historical(['enrollmentId'], args.enrollmentId)] };
      const { absorbUserId: userId, absorbCourseId: courseId } = enrollment;
      const written = await absorbWrite(() => absorb.writes.startLessonAttempt(userId, courseId, lessonId), START_REFUSALS);
      if (!written.ok) return { userErrors: written.userErrors };
      absorb.invalidateEnrollmentsOf(userId, courseId);
      return { userErrors: [], done: { attemptId: written.value.attemptId, enrollmentId, lessonId, userId, courseId, employeeID } };
    },
  });

  if (result.done === undefined) return { ...failed, userErrors: result.userErrors };
  return attemptPayload(context, info, result.done);
}

export async function finishLessonAttempt(args: MutationFinishLessonAttemptArgs, context: Context, info: GraphQLResolveInfo): Promise<FinishLessonAttemptPayload> {
  assertMayWrite(context);
  const { input } = args;
  const check = new InputCheck();
  const attemptId = check.absorbId(args.attemptId, ['attemptId'], 'attempt');
  const enrollmentId = check.absorbEnrollmentId(input.enrollmentId, ['input', 'enrollmentId']);
  const lessonId = check.absorbId(input.lessonId, ['input', 'lessonId'], 'lesson');
  const score = check.percent(input.score, ['input', 'score']);
  const startedAt = check.instant(input.startedAt, ['input', 'startedAt'], { notFuture: true });
  const completedAt = check.instant(input.completedAt, ['input', 'completedAt'], { notFuture: true });
  check.order(startedAt, completedAt, ['input', 'completedAt'], 'must not be before startedAt');
  const idempotencyKey = check.idempotencyKey(args.idempotencyKey);
  const failed = { attempt: null, lesson: null, enrollment: null };
  if (!check.ok || attemptId === null || enrollmentId === null || lessonId === null) return { ...failed, userErrors: check.errors };
  const finish: AbsorbAttemptFinish = {
    status: ATTEMPT_STATUS[input.outcome],
    ...(score === undefined ? {} : { score }),
    ...(startedAt === undefined || startedAt === null ? {} : { startDate: startedAt }),
    ...(completedAt === undefined || completedAt === null ? {} : { completionDate: completedAt }),
  };
  const absorb = requireLoaders(context.loaders, 'absorb');

  const result = await runMutation<AttemptResult>({
    context,
    mutation: 'finishLessonAttempt',
    idempotencyKey,
    input: { attemptId, enrollmentId, lessonId, finish },
    failed: (userErrors) => ({ userErrors }),
    execute: async () => {
      // The enrollment names the attempt's owner (for the scope); Absorb checks the attempt is theirs, in that lesson.
      const found = await enrollmentInScope(context, enrollmentId, ['input', 'enrollmentId']);
      if (!found.ok) return { userErrors: found.userErrors };
      const { enrollment, employeeID } = found.value;
      const { absorbUserId: userId, absorbCourseId: courseId } = enrollment;
      const written = await absorbWrite(() => absorb.writes.finishLessonAttempt(userId, courseId, lessonId, attemptId, finish), FINISH_REFUSALS);
      if (!written.ok) return { userErrors: written.userErrors };
      absorb.invalidateEnrollmentsOf(userId, courseId);
      return { userErrors: [], done: { attemptId, enrollmentId, lessonId, userId, courseId, employeeID } };
    },
  });

  if (result.done === undefined) return { ...failed, userErrors: result.userErrors };
  return attemptPayload(context, info, result.done);
}
