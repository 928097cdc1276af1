/**
 * Expected answers computed directly from the seeded dataset, by the contract's rules, written
 * independently of the server's code (its own small status table, its own ordering and units), so
 * the contract tests compare two separate readings of the same data.
 */
import type { AbsorbCourseEnrollment, Dataset, SelfCommunityMember } from '../../src/simulators/dataset/types.js';

const ONLINE: Record<string, string> = {
  not_started: 'NOT_STARTED',
  in_progress: 'IN_PROGRESS',
  completed: 'COMPLETED',
  failed: 'FAILED',
  expired: 'EXPIRED',
};
const WEBINAR: Record<string, string> = { Ongoing: 'IN_PROGRESS', Cleared: 'COMPLETED', Failed: 'FAILED' };
const ABSORB: [string, string][] = [
  ['NotStarted', 'NOT_STARTED'],
  ['InProgress', 'IN_PROGRESS'],
  ['PendingApproval', 'PENDING'],
  ['Complete', 'COMPLETED'],
  ['NotComplete', 'INCOMPLETE'],
  ['Failed', 'FAILED'],
  ['Declined', 'DECLINED'],
  ['PendingEvaluationRequired', 'PENDING'],
  ['OnWaitlist', 'PENDING'],
  ['Absent', 'ABSENT'],
  ['NotApplicable', 'NOT_APPLICABLE'],
  ['PendingProctor', 'PENDING'],
  ['ReadyForReview', 'PENDING'],
];
const COURSE_KIND: Record<string, string> = {
  OnlineCourse: 'ONLINE',
  InstructorLedCourse: 'INSTRUCTOR_LED',
  CourseBundle: 'BUNDLE',
  Curriculum: 'CURRICULUM',
};

export function absorbStatusName(status: number): string {
  return ABSORB[status]![0];
}
export function absorbUnified(status: number): string {
  return ABSORB[status]![1];
}

export function communityStatus(member: Pick<SelfCommunityMember, 'join_status' | 'user_completion_rate'>): string {
  if (member.join_status === 'invited' || member.join_status === 'requested') return 'PENDING';
  if (member.user_completion_rate >= 100) return 'COMPLETED';
  return member.user_completion_rate === 0 ? 'NOT_STARTED' : 'IN_PROGRESS';
}

const nullIfEmpty = (value: string | null | undefined): string | null => (value === null || value === undefined || value === '' ? null : value);
const utc = (value: string | null): string | null => (value === null || value === '' ? null : new Date(/Z|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`).toISOString());
const day = (value: string | null): string | null => utc(value)?.slice(0, 10) ?? null;
const seconds = (ticks: number): number => Math.floor(ticks / 10_000_000);

export interface ExpectedEnrollment {
  id: string;
  provider: string;
  status: string;
  providerStatus: string | null;
  score: number | null;
  completedAt: string | null;
  timeSpentSeconds: number | null;
  course: { id: string; provider: string; nativeId: string; name: string | null; kind: string };
  [field: string]: unknown;
}

export class Expectations {
  constructor(private readonly data: Dataset) {}

  absorbUser(employeeID: string) {
    return this.data.absorb.users.find((u) => u.employeeNumber === employeeID) ?? null;
  }

  ruangkerjaUser(employeeID: string) {
    return this.data.ruangkerja.users.find((u) => u.employeeID === employeeID) ?? null;
  }

  /** Memberships in the configured courses (every course in demo mode), matched case-insensitively. */
  memberships(employeeID: string): SelfCommunityMember[] {
    return this.data.selfcommunity.members.filter((m) => m.join_status !== null && m.username.toLowerCase() === employeeID.toLowerCase());
  }

  exists(employeeID: string): boolean {
    return this.absorbUser(employeeID) !== null || this.ruangkerjaUser(employeeID) !== null || this.memberships(employeeID).length > 0;
  }

  name(employeeID: string): string | null {
    const absorb = this.absorbUser(employeeID);
    const absorbName = absorb ? [absorb.firstName, absorb.lastName].filter((p) => p && p.trim() !== '').join(' ') : '';
    if (absorbName !== '') return absorbName;
    const ruangkerja = nullIfEmpty(this.ruangkerjaUser(employeeID)?.name);
    if (ruangkerja) return ruangkerja;
    return this.memberships(employeeID).map((m) => nullIfEmpty(m.real_name)).find((n) => n !== null) ?? null;
  }

  email(employeeID: string): string | null {
    return nullIfEmpty(this.absorbUser(employeeID)?.emailAddress) ?? nullIfEmpty(this.ruangkerjaUser(employeeID)?.email);
  }

  identities(employeeID: string) {
    const identities: { provider: string; nativeId: string }[] = [];
    if (this.ruangkerjaUser(employeeID)) identities.push({ provider: 'RUANGKERJA', nativeId: employeeID });
    const absorb = this.absorbUser(employeeID);
    if (absorb) identities.push({ provider: 'ABSORB', nativeId: absorb.id.toLowerCase() });
    const member = this.memberships(employeeID)[0];
    if (member) identities.push({ provider: 'SELFCOMMUNITY', nativeId: String(member.id) });
    return identities;
  }

  private absorbCourse(courseId: string) {
    return this.data.absorb.courses.find((c) => c.id.toLowerCase() === courseId.toLowerCase())!;
  }

  absorbEnrollment(e: AbsorbCourseEnrollment): ExpectedEnrollment {
    const course = this.absorbCourse(e.courseId);
    return {
      id: `absorb:${e.id.toLowerCase()}`,
      provider: 'ABSORB',
      status: absorbUnified(e.status),
      providerStatus: absorbStatusName(e.status),
      score: e.score,
      completedAt: day(e.dateCompleted),
      timeSpentSeconds: seconds(e.timeSpentTicks),
      course: { id: `absorb:${course.id.toLowerCase()}`, provider: 'ABSORB', nativeId: course.id.toLowerCase(), name: e.courseName, kind: COURSE_KIND[course.courseType]! },
      progress: e.progress,
      dateEnrolled: utc(e.dateAdded),
      dateStarted: utc(e.dateStarted),
      dateExpires: utc(e.dateExpires),
      isActive: e.isActive,
    };
  }

  /** Every enrollment LearnerDashboard lists, in contract order, with the fields it asks. */
  userEnrollments(employeeID: string): ExpectedEnrollment[] {
    const rk = this.ruangkerjaUser(employeeID);
    const courseName = (serial: string) => this.data.ruangkerja.courses.find((c) => c.serial === serial)?.name ?? null;
    const online: ExpectedEnrollment[] = rk
      ? this.data.ruangkerja.onlineAssignments
          .filter((a) => a.userSerial === rk.serial)
          .map((a) => ({
            id: `ruangkerja:${employeeID}:${a.courseSerial}`,
            provider: 'RUANGKERJA',
            status: ONLINE[a.status]!,
            providerStatus: a.status,
            score: a.postTest,
            completedAt: a.completedAt === '' ? null : a.completedAt,
            timeSpentSeconds: Math.floor(a.timeSpent),
            course: { id: `ruangkerja:${a.courseSerial}`, provider: 'RUANGKERJA', nativeId: a.courseSerial, name: courseName(a.courseSerial), kind: 'ONLINE' },
            preTest: a.preTest,
            postTest: a.postTest,
          }))
      : [];
    const webinar: ExpectedEnrollment[] = rk
      ? this.data.ruangkerja.webinarAssignments
          .filter((a) => a.userSerial === rk.serial)
          .map((a) => {
            const batch = this.data.ruangkerja.batches.find((b) => b.courseSerial === a.courseSerial && b.serial === a.batchSerial)!;
            return {
              id: `ruangkerja:${employeeID}:${a.courseSerial}:${a.batchSerial}`,
              provider: 'RUANGKERJA',
              status: WEBINAR[a.userAssignedStatus]!,
              providerStatus: a.userAssignedStatus,
              score: a.postTestScore,
              completedAt: null,
              timeSpentSeconds: null,
              course: { id: `ruangkerja:${a.courseSerial}`, provider: 'RUANGKERJA', nativeId: a.courseSerial, name: courseName(a.courseSerial), kind: 'WEBINAR' },
              batch: { id: `ruangkerja:${a.courseSerial}:${a.batchSerial}`, serial: a.batchSerial, name: batch.name },
              attended: a.isAttend,
              absentReason: nullIfEmpty(a.absentReason),
              feedback: nullIfEmpty(a.feedback),
              userAssignedStatus: a.userAssignedStatus,
              postActivityStatus: nullIfEmpty(a.postActivityStatus),
              postTestAttempt: a.postTestAttempt,
              postTestScore: a.postTestScore,
              postTestPassingScore: a.postTestPassingScore,
            };
          })
      : [];
    const absorbUser = this.absorbUser(employeeID);
    const absorb = absorbUser
      ? this.data.absorb.enrollments.filter((e) => e.userId === absorbUser.id && e.isActive).map((e) => this.absorbEnrollment(e))
      : [];
    const community: ExpectedEnrollment[] = this.memberships(employeeID).map((m) => {
      const course = this.data.selfcommunity.courses.find((c) => c.id === m.courseId)!;
      return {
        id: `selfcommunity:${m.courseId}:${m.id}`,
        provider: 'SELFCOMMUNITY',
        status: communityStatus(m),
        providerStatus: m.join_status,
        score: null,
        completedAt: null,
        timeSpentSeconds: null,
        course: { id: `selfcommunity:${m.courseId}`, provider: 'SELFCOMMUNITY', nativeId: String(m.courseId), name: course.name, kind: 'COMMUNITY' },
        joinStatus: m.join_status,
        completionRate: m.user_completion_rate / 100,
        joinedAt: utc(m.joined_at),
        lastActiveAt: utc(m.last_active_at),
      };
    });
    const byNameThenId = (a: ExpectedEnrollment, b: ExpectedEnrollment) =>
      (a.course.name ?? '').localeCompare(b.course.name ?? '', 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return [...[...online, ...webinar].sort(byNameThenId), ...absorb.sort(byNameThenId), ...community.sort(byNameThenId)];
  }

  summary(enrollments: readonly { status: string; timeSpentSeconds: number | null }[]) {
    const count = (status: string) => enrollments.filter((e) => e.status === status).length;
    return {
      total: enrollments.length,
      completed: count('COMPLETED'),
      inProgress: count('IN_PROGRESS'),
      notStarted: count('NOT_STARTED'),
      failed: count('FAILED'),
      expired: count('EXPIRED'),
      completionRate: enrollments.length === 0 ? null : count('COMPLETED') / enrollments.length,
      timeSpentSeconds: enrollments.reduce((sum, e) => sum + (e.timeSpentSeconds ?? 0), 0),
    };
  }

  /** The ILC session enrollments of one Absorb course enrollment. */
  sessionEnrollments(enrollmentId: string) {
    return this.data.absorb.sessionEnrollments
      .filter((s) => s.courseEnrollmentId === enrollmentId)
      .map((s) => ({ id: `absorb:${s.id.toLowerCase()}`, name: s.name, status: absorbUnified(s.status), dateCompleted: utc(s.dateCompleted) }));
  }

  batchRoster(courseSerial: string, batchSerial: string) {
    return this.data.ruangkerja.webinarAssignments
      .filter((a) => a.courseSerial === courseSerial && a.batchSerial === batchSerial)
      .map((a) => ({ assignment: a, user: this.data.ruangkerja.users.find((u) => u.serial === a.userSerial)! }));
  }

  absorbCourseEnrollments(courseId: string) {
    return this.data.absorb.enrollments.filter((e) => e.courseId.toLowerCase() === courseId.toLowerCase() && e.isActive);
  }

  employeeOfAbsorbUser(userId: string): string | null {
    return this.data.absorb.users.find((u) => u.id.toLowerCase() === userId.toLowerCase())?.employeeNumber ?? null;
  }
}
