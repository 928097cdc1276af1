/**
 * Course enrollment mutations: enrollInCourse, updateCourseEnrollment, unenroll. Each: may the
 * caller write → is the input valid (no upstream request yet) → is the employee in the caller's
 * scope → under the idempotency key: look up the Absorb records, write, forget what this request
 * read about them → read the changed objects back for the payload.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { assertCanRead } from '../auth/scope.js';
import type { Context } from '../context.js';
import { absorbId } from '../domain/ids.js';
import type {
  AbsorbEnrollmentStatus,
  MutationEnrollInCourseArgs,
  MutationUnenrollArgs,
  MutationUpdateCourseEnrollmentArgs,
  ResolversParentTypes,
  UserError,
} from '../generated/graphql.js';
import { requireLoaders } from '../loaders/courses.js';
import type { AbsorbEnrollmentChanges, AbsorbEnrollmentRef } from '../providers/api.js';
import { assertMayWrite } from './authorize.js';
import { readBack } from './read-back.js';
import { absorbWrite, runMutation, type RunResult } from './run.js';
import { absorbUserOf, enrollmentInScope } from './targets.js';
import type { RefusalFields } from './user-errors.js';
import { InputCheck, MAX_UNENROLL_IDS } from './validate.js';

type EnrollInCoursePayload = ResolversParentTypes['EnrollInCoursePayload'];
type UpdateCourseEnrollmentPayload = ResolversParentTypes['UpdateCourseEnrollmentPayload'];
type UnenrollPayload = ResolversParentTypes['UnenrollPayload'];

/** Absorb's numbers for its documented statuses. */
export const ABSORB_STATUS_NUMBER: Readonly<Record<AbsorbEnrollmentStatus, number>> = {
  NOT_STARTED: 0,
  IN_PROGRESS: 1,
  PENDING_APPROVAL: 2,
  COMPLETE: 3,
  NOT_COMPLETE: 4,
  FAILED: 5,
  DECLINED: 6,
  PENDING_EVALUATION_REQUIRED: 7,
  ON_WAITLIST: 8,
  ABSENT: 9,
  NOT_APPLICABLE: 10,
  PENDING_PROCTOR: 11,
  READY_FOR_REVIEW: 12,
};

// Where Absorb's refusals point (user-errors.ts).
const ENROLL_REFUSALS: RefusalFields = {
  // The employee's Absorb user was just found: what Absorb does not know is the course.
  notFound: ['courseId'],
  notFoundMessage: 'Absorb has no such course',
  conflict: ['courseId'],
  properties: { courseId: ['courseId'], userId: ['userEmployeeID'], reEnroll: ['reEnroll'] },
};

const UPDATE_REFUSALS: RefusalFields = {
  notFound: ['input', 'enrollmentId'],
  notFoundMessage: 'Absorb no longer has this enrollment',
  conflict: ['input', 'enrollmentId'],
  properties: {
    courseId: ['input', 'enrollmentId'],
    status: ['input', 'status'],
    dateCompleted: ['input', 'dateCompleted'],
    dateExpires: ['input', 'dateExpires'],
    courseVersionId: ['input', 'courseVersionId'],
    acceptedTermsAndConditions: ['input', 'acceptedTermsAndConditions'],
    enrollmentKeyId: ['input', 'enrollmentKeyId'],
    credits: ['input', 'credits'],
    score: ['input', 'score'],
  },
};

const UNENROLL_REFUSALS: RefusalFields = {
  notFound: ['enrollmentIds'],
  notFoundMessage: 'Absorb no longer has one of these enrollments',
  conflict: ['enrollmentIds'],
  properties: { body: ['enrollmentIds'] },
};

interface EnrollResult extends RunResult {
  done?: { employeeID: string; enrollmentId: string };
}

export async function enrollInCourse(args: MutationEnrollInCourseArgs, context: Context, info: GraphQLResolveInfo): Promise<EnrollInCoursePayload> {
  assertMayWrite(context);
  const check = new InputCheck();
  const employeeID = check.employeeID(args.userEmployeeID, ['userEmployeeID']);
  const courseId = check.absorbCourseId(args.courseId, ['courseId']);
  const idempotencyKey = check.idempotencyKey(args.idempotencyKey);
  if (!check.ok || employeeID === null || courseId === null) return { enrollment: null, user: null, userErrors: check.errors };
  assertCanRead(context, employeeID);
  const absorb = requireLoaders(context.loaders, 'absorb');
  const reEnroll = args.reEnroll ?? false;

  const result = await runMutation<EnrollResult>({
    context,
    mutation: 'enrollInCourse',
    idempotencyKey,
    input: { employeeID, courseId, reEnroll },
    failed: (userErrors) => ({ userErrors }),
    execute: async () => {
      const user = await absorbUserOf(context, employeeID, ['userEmployeeID']);
      if (!user.ok) return { userErrors: user.userErrors };
      const written = await absorbWrite(() => absorb.writes.enrollUser(user.value.id, courseId, { reEnroll }), ENROLL_REFUSALS);
      if (!written.ok) return { userErrors: written.userErrors };
      absorb.invalidateEnrollmentsOf(user.value.id, courseId);
      return { userErrors: [], done: { employeeID, enrollmentId: written.value.enrollmentId } };
    },
  });

  const { done } = result;
  if (done === undefined) return { enrollment: null, user: null, userErrors: result.userErrors };
  const enrollment = await readBack(context, info, 'enrollment', () => absorb.enrollmentById.load(done.enrollmentId));
  return { enrollment: enrollment && { ...enrollment, employeeID: done.employeeID }, user: { employeeID: done.employeeID }, userErrors: [] };
}

/** The document's settable properties, checked; undefined where the input leaves one out. */
function enrollmentChanges(input: MutationUpdateCourseEnrollmentArgs['input'], check: InputCheck): AbsorbEnrollmentChanges {
  const at = (name: string) => ['input', name] as const;
  const changes: AbsorbEnrollmentChanges = {};
  const status = check.notNull(input.status, at('status'));
  if (status !== undefined) changes.status = ABSORB_STATUS_NUMBER[status];
  const accepted = check.notNull(input.acceptedTermsAndConditions, at('acceptedTermsAndConditions'));
  if (accepted !== undefined) changes.acceptedTermsAndConditions = accepted;
  const dateCompleted = check.instant(input.dateCompleted, at('dateCompleted'), { notFuture: true });
  if (dateCompleted !== undefined) changes.dateCompleted = dateCompleted;
  const dateExpires = check.instant(input.dateExpires, at('dateExpires'));
  if (dateExpires !== undefined) changes.dateExpires = dateExpires;
  const guidOrNull = (value: string | null | undefined, name: string, what: string): string | null | undefined =>
    value === null || value === undefined ? value : check.absorbId(value, at(name), what);
  const courseVersionId = guidOrNull(input.courseVersionId, 'courseVersionId', 'course version');
  if (courseVersionId !== undefined) changes.courseVersionId = courseVersionId;
  const enrollmentKeyId = guidOrNull(input.enrollmentKeyId, 'enrollmentKeyId', 'enrollment key');
  if (enrollmentKeyId !== undefined) changes.enrollmentKeyId = enrollmentKeyId;
  const credits = check.nonNegative(input.credits, at('credits'));
  if (credits !== undefined) changes.credits = credits;
  const score = check.percent(input.score, at('score'));
  if (score !== undefined) changes.score = score;
  return changes;
}

interface UpdateResult extends RunResult {
  done?: { enrollmentId: string; employeeID: string | null };
}

export async function updateCourseEnrollment(args: MutationUpdateCourseEnrollmentArgs, context: Context, info: GraphQLResolveInfo): Promise<UpdateCourseEnrollmentPayload> {
  assertMayWrite(context);
  const check = new InputCheck();
  const enrollmentId = check.absorbEnrollmentId(args.input.enrollmentId, ['input', 'enrollmentId']);
  const changes = enrollmentChanges(args.input, check);
  if (check.ok && Object.keys(changes).length === 0) check.fail(['input'], 'Give at least one property to change');
  const idempotencyKey = check.idempotencyKey(args.idempotencyKey);
  if (!check.ok || enrollmentId === null) return { enrollment: null, userErrors: check.errors };
  const absorb = requireLoaders(context.loaders, 'absorb');

  const result = await runMutation<UpdateResult>({
    context,
    mutation: 'updateCourseEnrollment',
    idempotencyKey,
    input: { enrollmentId, changes },
    failed: (userErrors) => ({ userErrors }),
    execute: async () => {
      const found = await enrollmentInScope(context, enrollmentId, ['input', 'enrollmentId']);
      if (!found.ok) return { userErrors: found.userErrors };
      const { enrollment, employeeID } = found.value;
      // Absorb changes the user's active enrollment in the course: on a historical one it would change another.
      if (!enrollment.isActive) return { userErrors: [historical(['input', 'enrollmentId'], args.input.enrollmentId)] };
      const written = await absorbWrite(() => absorb.writes.updateEnrollment(enrollment.absorbUserId, enrollment.absorbCourseId, changes), UPDATE_REFUSALS);
      if (!written.ok) return { userErrors: written.userErrors };
      absorb.invalidateEnrollmentsOf(enrollment.absorbUserId, enrollment.absorbCourseId);
      return { userErrors: [], done: { enrollmentId: written.value.enrollmentId, employeeID } };
    },
  });

  const { done } = result;
  if (done === undefined) return { enrollment: null, userErrors: result.userErrors };
  const enrollment = await readBack(context, info, 'enrollment', () => absorb.enrollmentById.load(done.enrollmentId));
  return { enrollment: enrollment && { ...enrollment, employeeID: done.employeeID ?? enrollment.employeeID }, userErrors: [] };
}

export function historical(field: readonly string[], id: string): UserError {
  return { field: [...field], message: `${id} is a historical enrollment; only the current (active) one can be changed`, code: 'CONFLICT' };
}

interface UnenrollResult extends RunResult {
  done?: { enrollmentIds: string[]; employeeIDs: string[] };
}

export async function unenroll(args: MutationUnenrollArgs, context: Context): Promise<UnenrollPayload> {
  assertMayWrite(context);
  const check = new InputCheck();
  if (args.enrollmentIds.length === 0 || args.enrollmentIds.length > MAX_UNENROLL_IDS) {
    check.fail(['enrollmentIds'], `Give 1–${MAX_UNENROLL_IDS} enrollment ids (got ${args.enrollmentIds.length})`);
  }
  // Each distinct guid, with the position it was first given at (user errors point there).
  const positions = new Map<string, number>();
  args.enrollmentIds.slice(0, MAX_UNENROLL_IDS).forEach((id, index) => {
    const guid = check.absorbEnrollmentId(id, ['enrollmentIds', String(index)]);
    if (guid !== null && !positions.has(guid)) positions.set(guid, index);
  });
  const idempotencyKey = check.idempotencyKey(args.idempotencyKey);
  const ids = [...positions.keys()];
  if (!check.ok) return { unenrolledIds: [], users: [], userErrors: check.errors };
  const absorb = requireLoaders(context.loaders, 'absorb');

  const result = await runMutation<UnenrollResult>({
    context,
    mutation: 'unenroll',
    idempotencyKey,
    // Sorted: the same set in another order is the same request.
    input: { enrollmentIds: [...ids].sort() },
    failed: (userErrors) => ({ userErrors }),
    execute: async () => {
      // Every enrollment is looked up (concurrently) and scope-checked before anything is removed.
      const found = await Promise.all(ids.map((id) => enrollmentInScope(context, id, ['enrollmentIds', String(positions.get(id) ?? 0)])));
      const missing = found.flatMap((item) => (item.ok ? [] : item.userErrors));
      if (missing.length > 0) return { userErrors: missing };
      const owned = found.flatMap((item) => (item.ok ? [item.value] : []));
      const refs: AbsorbEnrollmentRef[] = owned.map(({ enrollment }) => ({ enrollmentId: enrollment.enrollmentId, userId: enrollment.absorbUserId, courseId: enrollment.absorbCourseId }));
      const written = await absorbWrite(() => absorb.writes.unenroll(refs), UNENROLL_REFUSALS);
      if (!written.ok) return { userErrors: written.userErrors };
      for (const ref of refs) absorb.invalidateEnrollmentsOf(ref.userId, ref.courseId);
      const employeeIDs = [...new Set(owned.flatMap(({ employeeID }) => (employeeID === null ? [] : [employeeID])))];
      return { userErrors: [], done: { enrollmentIds: ids, employeeIDs } };
    },
  });

  const { done } = result;
  if (done === undefined) return { unenrolledIds: [], users: [], userErrors: result.userErrors };
  return { unenrolledIds: done.enrollmentIds.map(absorbId), users: done.employeeIDs.map((employeeID) => ({ employeeID })), userErrors: [] };
}
