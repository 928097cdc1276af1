/**
 * Lookups by key that more than one entry point makes: a `Query` field and the federation
 * `__resolveReference` of the same type. Sharing them keeps the two paths to the same answer, the
 * same scope checks and the same upstream cost.
 */
import { assertCanRead, forbidden } from '../auth/scope.js';
import type { Context } from '../context.js';
import type { Enrollment, UserRef } from '../domain/model.js';
import { parseEnrollmentId } from '../domain/ids.js';
import { requireLoaders } from '../loaders/courses.js';
import type { Loaders } from '../loaders/index.js';
import { PersonUnknowable, personExists } from '../loaders/people.js';
import { enrollmentOwner } from './enrollment.js';

/**
 * The person if any provider knows them, else null; the caller checks scope first. `ahead` says
 * what the query goes on to read of the person (see personExists): `eager` when their
 * enrollments, summary or identities, `nameAsked` when their name.
 */
export async function userIfKnown(loaders: Loaders, employeeID: string, ahead: { eager?: boolean; nameAsked?: boolean } = {}): Promise<UserRef | null> {
  try {
    return (await personExists(loaders, employeeID, ahead)) ? { employeeID } : null;
  } catch (error) {
    // No healthy provider knows the person and one failed: say which, rather than "nobody".
    if (error instanceof PersonUnknowable) throw error.failures[0];
    throw error;
  }
}

/**
 * A Ruangkerja enrollment id names its employee, so the scope is checked before any request. An
 * Absorb or SelfCommunity id does not: the enrollment is read, then refused if its employee is
 * outside the caller's scope (an unlinked one, too), so nothing of it is answered.
 */
export async function enrollmentInScope(context: Context, id: string): Promise<Enrollment | null> {
  const key = parseEnrollmentId(id);
  if (key.provider === 'ruangkerja') assertCanRead(context, key.employeeID);
  const enrollment = await enrollmentById(context.loaders, id);
  if (enrollment !== null && context.caller.scope.employeeIDs !== 'all') {
    // An Absorb enrollment names its user by guid, a SelfCommunity one by username: the same
    // batched lookups Enrollment.user makes.
    const owner = (await enrollmentOwner(enrollment, context))?.employeeID ?? null;
    if (owner === null) throw forbidden('Not allowed to read an enrollment that is not linked to an employee');
    assertCanRead(context, owner);
  }
  return enrollment;
}

async function enrollmentById(loaders: Loaders, id: string): Promise<Enrollment | null> {
  const key = parseEnrollmentId(id);
  switch (key.provider) {
    case 'absorb':
      return requireLoaders(loaders, 'absorb').enrollmentById.load(key.enrollmentId);
    case 'ruangkerja': {
      const ruangkerja = requireLoaders(loaders, 'ruangkerja');
      const list: Enrollment[] =
        key.batchSerial === null
          ? await ruangkerja.onlineEnrollments.load(key.employeeID)
          : await ruangkerja.webinarEnrollments.load(key.employeeID);
      return list.find((e) => e.id === id) ?? null;
    }
    case 'selfcommunity': {
      const members = await requireLoaders(loaders, 'selfcommunity').members.load(key.courseId);
      return members?.find((m) => m.memberId === key.memberId) ?? null;
    }
  }
}
