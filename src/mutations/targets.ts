/**
 * The records a mutation acts on, looked up through the request's loaders (batched, and cached
 * for the request like any read), with the caller's scope checked before anything is written.
 */
import { assertCanRead, forbidden } from '../auth/scope.js';
import type { Context } from '../context.js';
import type { AbsorbCourseEnrollment } from '../domain/model.js';
import type { UserError } from '../generated/graphql.js';
import { requireLoaders } from '../loaders/courses.js';
import { absorbUser } from '../loaders/people.js';
import { userError, type FieldPath } from './user-errors.js';

export type Found<T> = { ok: true; value: T } | { ok: false; userErrors: UserError[] };

/** The Absorb user of an employee (already checked against the caller's scope). */
export async function absorbUserOf(context: Context, employeeID: string, field: FieldPath): Promise<Found<{ id: string }>> {
  const outcome = await absorbUser(context.loaders, employeeID);
  if (!outcome.ok) throw outcome.error;
  if (outcome.value === null) return { ok: false, userErrors: [userError(field, `Employee ${employeeID} is not an Absorb user`, 'NOT_FOUND')] };
  return { ok: true, value: { id: outcome.value.id.toLowerCase() } };
}

export interface OwnedEnrollment {
  enrollment: AbsorbCourseEnrollment;
  /** The employee the enrollment belongs to; null when its Absorb user is not linked to one. */
  employeeID: string | null;
}

/**
 * An Absorb course enrollment by guid, and its owner. A caller limited to some employees may act
 * only on their enrollments (an unlinked one is refused too): FORBIDDEN, before any write.
 */
export async function enrollmentInScope(context: Context, enrollmentId: string, field: FieldPath): Promise<Found<OwnedEnrollment>> {
  const absorb = requireLoaders(context.loaders, 'absorb');
  const enrollment = await absorb.enrollmentById.load(enrollmentId);
  if (enrollment === null) return { ok: false, userErrors: [userError(field, `Absorb has no enrollment ${enrollmentId}`, 'NOT_FOUND')] };
  // The same batched user lookup Enrollment.user makes.
  const user = await absorb.userById.load(enrollment.absorbUserId.toLowerCase());
  const matched = user?.[absorb.userMatchField] ?? null;
  const employeeID = matched === null || matched === '' ? null : matched;
  if (context.caller.scope.employeeIDs !== 'all') {
    if (employeeID === null) throw forbidden('Not allowed to change an enrollment that is not linked to an employee');
    assertCanRead(context, employeeID);
  }
  return { ok: true, value: { enrollment: { ...enrollment, employeeID: employeeID ?? enrollment.employeeID }, employeeID } };
}
