/**
 * The Enrollment interface and its four provider types. The fields every enrollment shares are
 * resolved the same way for each; provider-specific fields read the domain type directly.
 */
import type { Context } from '../context.js';
import { toProviderEnum } from '../domain/provider.js';
import type { Enrollment as EnrollmentModel, UserRef } from '../domain/model.js';
import type {
  AbsorbCourseEnrollmentResolvers,
  CommunityMembershipResolvers,
  EnrollmentResolvers,
  OnlineCourseEnrollmentResolvers,
  WebinarEnrollmentResolvers,
} from '../generated/graphql.js';
import { courseKind, requireLoaders } from '../loaders/courses.js';
import { pairKey } from '../loaders/absorb.js';
import { enrollmentInScope } from './lookups.js';

/** The employee behind an Absorb user guid, through the batched user lookup; null when not linked. */
export async function absorbUserRef(context: Context, absorbUserId: string): Promise<UserRef | null> {
  const absorb = requireLoaders(context.loaders, 'absorb');
  const user = await absorb.userById.load(absorbUserId.toLowerCase());
  const employeeID = user?.[absorb.userMatchField] ?? null;
  return employeeID === null || employeeID === '' ? null : { employeeID };
}

/**
 * The employee behind a SelfCommunity username. A username matches an employeeID whatever its
 * case, so the member is the employee Absorb knows by that employeeID in any case, spelled as
 * Absorb spells it (one batched lookup for a page of members): the same User, with the same id,
 * as `user(employeeID:)` gives. A member Absorb does not know keeps the username as given.
 */
export async function communityMemberRef(context: Context, username: string): Promise<UserRef> {
  const absorb = context.loaders.absorb;
  if (!absorb) return { employeeID: username };
  const user = await absorb.userByEmployeeIDIgnoringCase.load(username.toLowerCase());
  const employeeID = user?.[absorb.userMatchField];
  return { employeeID: employeeID ? employeeID : username };
}

/**
 * The employee an enrollment belongs to: named in it (a plain value, see courseName in
 * loaders/courses.ts), else looked up from the Absorb user guid or SelfCommunity username it names.
 */
export function enrollmentOwner(enrollment: EnrollmentModel, context: Context): UserRef | null | Promise<UserRef | null> {
  if (enrollment.employeeID !== null) return { employeeID: enrollment.employeeID };
  switch (enrollment.kind) {
    case 'absorb':
      return absorbUserRef(context, enrollment.absorbUserId);
    case 'community':
      return communityMemberRef(context, enrollment.username);
    default:
      return null;
  }
}

const shared = {
  id: (e: EnrollmentModel) => e.id,
  provider: (e: EnrollmentModel) => toProviderEnum(e.provider),
  status: (e: EnrollmentModel) => e.status,
  providerStatus: (e: EnrollmentModel) => e.providerStatus,
  score: (e: EnrollmentModel) => e.score,
  completedAt: (e: EnrollmentModel) => e.completedAt,
  timeSpentSeconds: (e: EnrollmentModel) => e.timeSpentSeconds,
  course: (e: EnrollmentModel) => e.course,
  user: (e: EnrollmentModel, _args: unknown, context: Context) => enrollmentOwner(e, context),
};

const TYPE_NAMES = {
  online: 'OnlineCourseEnrollment',
  webinar: 'WebinarEnrollment',
  absorb: 'AbsorbCourseEnrollment',
  community: 'CommunityMembership',
} as const;

/**
 * Federation references go the way `Query.enrollment` goes (same lookup, same scope checks). A
 * reference typed as one provider type whose id names an enrollment of another kind is null: the
 * id and the type disagree, so nothing answers to that reference.
 */
function referenceOfKind<K extends EnrollmentModel['kind']>(kind: K) {
  return async ({ id }: { id: string }, context: Context): Promise<Extract<EnrollmentModel, { kind: K }> | null> => {
    const enrollment = await enrollmentInScope(context, id);
    return enrollment !== null && enrollment.kind === kind ? (enrollment as Extract<EnrollmentModel, { kind: K }>) : null;
  };
}

export const Enrollment: EnrollmentResolvers = {
  __resolveType: (enrollment) => TYPE_NAMES[enrollment.kind],
  // An entity interface (Federation 2.3): a subgraph holding `Enrollment @interfaceObject` sends
  // only the id, and the concrete type comes from `__resolveType`.
  __resolveReference: ({ id }, context) => enrollmentInScope(context, id),
};

export const OnlineCourseEnrollment: OnlineCourseEnrollmentResolvers = {
  __resolveReference: referenceOfKind('online'),
  ...shared,
  preTest: (e) => e.preTest,
  postTest: (e) => e.postTest,
};

export const WebinarEnrollment: WebinarEnrollmentResolvers = {
  __resolveReference: referenceOfKind('webinar'),
  ...shared,
  batch: (e) => e.batch,
  attended: (e) => e.attended,
  absentReason: (e) => e.absentReason,
  feedback: (e) => e.feedback,
  userAssignedStatus: (e) => e.userAssignedStatus,
  postActivityStatus: (e) => e.postActivityStatus,
  postTestAttempt: (e) => e.postTestAttempt,
  postTestScore: (e) => e.postTestScore,
  postTestPassingScore: (e) => e.postTestPassingScore,
};

export const AbsorbCourseEnrollment: AbsorbCourseEnrollmentResolvers = {
  __resolveReference: referenceOfKind('absorb'),
  ...shared,
  progress: (e) => e.progress,
  dateEnrolled: (e) => e.dateEnrolled,
  dateStarted: (e) => e.dateStarted,
  dateExpires: (e) => e.dateExpires,
  dateCompleted: (e) => e.dateCompleted,
  dateDue: (e) => e.dateDue,
  isActive: (e) => e.isActive,
  credits: (e) => e.credits,
  // Only instructor-led courses have sessions: other kinds answer [] without asking Absorb.
  sessions: async (e, _args, context) => {
    if ((await courseKind(context.loaders, e.course)) !== 'INSTRUCTOR_LED') return [];
    return requireLoaders(context.loaders, 'absorb').userSessionEnrollments.load(pairKey(e.absorbUserId.toLowerCase(), e.absorbCourseId.toLowerCase()));
  },
  chapters: (e, _args, { loaders }) =>
    requireLoaders(loaders, 'absorb').chapterEnrollments.load(pairKey(e.absorbUserId.toLowerCase(), e.absorbCourseId.toLowerCase())),
  lessons: (e, _args, { loaders }) =>
    requireLoaders(loaders, 'absorb').lessonEnrollments.load(pairKey(e.absorbUserId.toLowerCase(), e.absorbCourseId.toLowerCase())),
};

export const CommunityMembership: CommunityMembershipResolvers = {
  __resolveReference: referenceOfKind('community'),
  ...shared,
  joinStatus: (e) => e.joinStatus,
  completionRate: (e) => e.completionRate,
  joinedAt: (e) => e.joinedAt,
  lastActiveAt: (e) => e.lastActiveAt,
};
