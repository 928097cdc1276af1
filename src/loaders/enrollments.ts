/**
 * A user's enrollments across providers, by the contract: Ruangkerja online and webinar
 * assignments; Absorb course enrollments that are active (history on request); SelfCommunity
 * memberships in the configured courses. Each provider is asked only when the filters can match
 * something it holds, and a failing provider costs only its own part.
 */
import type { CourseKind, Enrollment } from '../domain/model.js';
import type { ProviderName } from '../domain/provider.js';
import type { EnrollmentStatus } from '../domain/status.js';
import type { ProviderError } from '../providers/errors.js';
import type { Loaders } from './index.js';
import { settle, type Outcome } from './outcome.js';
import { absorbUser, type Resolved } from './people.js';

export interface EnrollmentFilters {
  providers?: readonly ProviderName[] | null;
  statuses?: readonly EnrollmentStatus[] | null;
  kinds?: readonly CourseKind[] | null;
  includeHistory?: boolean | null;
}

const PROVIDER_ORDER: Record<ProviderName, number> = { ruangkerja: 0, absorb: 1, selfcommunity: 2 };

/** Provider, then course name, then id: the order the contract gives for a user's enrollments. */
export function compareEnrollments(a: Enrollment, b: Enrollment): number {
  return (
    PROVIDER_ORDER[a.provider] - PROVIDER_ORDER[b.provider] ||
    (a.course.name ?? '').localeCompare(b.course.name ?? '', 'en') ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

const wants = <T>(list: readonly T[] | null | undefined, value: T): boolean => !list || list.length === 0 || list.includes(value);
const wantsAny = <T>(list: readonly T[] | null | undefined, values: readonly T[]): boolean => values.some((value) => wants(list, value));

/** Absorb course kinds are not in enrollment answers; they are looked up (batched) only when needed. */
async function withAbsorbKinds(loaders: Loaders, enrollments: Enrollment[]): Promise<Enrollment[]> {
  const absorb = loaders.absorb!;
  return Promise.all(
    enrollments.map(async (enrollment) => {
      if (enrollment.course.kind !== null || enrollment.course.key.provider !== 'absorb') return enrollment;
      const course = await absorb.courseById.load(String(enrollment.course.key.nativeId));
      return { ...enrollment, course: { ...enrollment.course, kind: course?.kind ?? null, name: enrollment.course.name ?? course?.name ?? null } };
    }),
  );
}

async function ruangkerjaPart(loaders: Loaders, employeeID: string, filters: EnrollmentFilters): Promise<Outcome<Enrollment[]>> {
  return settle('ruangkerja', loaders.ruangkerja, async () => {
    const ruangkerja = loaders.ruangkerja!;
    const [online, webinar] = await Promise.all([
      wants(filters.kinds, 'ONLINE') ? ruangkerja.onlineEnrollments.load(employeeID) : [],
      wants(filters.kinds, 'WEBINAR') ? ruangkerja.webinarEnrollments.load(employeeID) : [],
    ]);
    return [...online, ...webinar];
  });
}

async function absorbPart(loaders: Loaders, employeeID: string, filters: EnrollmentFilters): Promise<Outcome<Enrollment[]>> {
  if (!loaders.absorb) return settle('absorb', null, async () => []);
  const user = await absorbUser(loaders, employeeID);
  if (!user.ok) return user;
  return settle('absorb', loaders.absorb, async () => {
    const absorb = loaders.absorb!;
    if (user.value === null) return [];
    const userId = user.value.id.toLowerCase();
    const enrollments = filters.includeHistory ? await absorb.allEnrollmentsByUserId.load(userId) : await absorb.activeEnrollmentsByUserId.load(userId);
    const linked: Enrollment[] = enrollments.map((enrollment) => ({ ...enrollment, employeeID }));
    return filters.kinds && filters.kinds.length > 0 ? withAbsorbKinds(loaders, linked) : linked;
  });
}

async function communityPart(loaders: Loaders, employeeID: string): Promise<Outcome<Enrollment[]>> {
  return settle('selfcommunity', loaders.selfcommunity, async () => {
    const community = loaders.selfcommunity!;
    const memberships = await community.membershipsOf(employeeID);
    // Course names order the list, so the (few) configured courses are looked up once per request.
    return Promise.all(
      memberships.map(async (membership) => {
        const course = await community.course.load(membership.courseId);
        return { ...membership, employeeID, course: { ...membership.course, name: course?.name ?? membership.course.name } };
      }),
    );
  });
}

/** The enrollments `User.enrollments` lists for these filters, in contract order, and the failures beside them. */
export async function userEnrollments(loaders: Loaders, employeeID: string, filters: EnrollmentFilters): Promise<Resolved<Enrollment[]>> {
  const parts = await Promise.all([
    wants(filters.providers, 'ruangkerja') && wantsAny(filters.kinds, ['ONLINE', 'WEBINAR']) ? ruangkerjaPart(loaders, employeeID, filters) : null,
    wants(filters.providers, 'absorb') && wantsAny(filters.kinds, ['ONLINE', 'INSTRUCTOR_LED', 'BUNDLE', 'CURRICULUM'])
      ? absorbPart(loaders, employeeID, filters)
      : null,
    wants(filters.providers, 'selfcommunity') && wants(filters.kinds, 'COMMUNITY') ? communityPart(loaders, employeeID) : null,
  ]);
  const failures: ProviderError[] = [];
  const enrollments: Enrollment[] = [];
  for (const part of parts) {
    if (part === null) continue;
    if (part.ok) enrollments.push(...part.value);
    else failures.push(part.error);
  }
  const matching = enrollments.filter(
    (e) => wants(filters.statuses, e.status) && (!filters.kinds || filters.kinds.length === 0 || (e.course.kind !== null && filters.kinds.includes(e.course.kind))),
  );
  return { value: matching.sort(compareEnrollments), failures };
}
