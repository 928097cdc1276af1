/**
 * The provider-neutral model. Normalizers (src/providers/<provider>/normalize.ts) build these from
 * validated upstream responses; resolvers receive them through the codegen mappers, so the
 * compiler checks every field a resolver reads.
 */
import type { CourseKey } from './ids.js';
import type { ProviderName } from './provider.js';
import type { EnrollmentStatus } from './status.js';

export type CourseKind = 'ONLINE' | 'WEBINAR' | 'INSTRUCTOR_LED' | 'BUNDLE' | 'CURRICULUM' | 'COMMUNITY';

export interface Course {
  key: CourseKey;
  /** Null when the provider did not tell (e.g. a course referenced but no longer listed). */
  name: string | null;
  /** Null when the source did not say (an Absorb enrollment names its course but not its type). */
  kind: CourseKind | null;
}

/** A Ruangkerja webinar batch. Schedule fields are null where the provider does not give them. */
export interface Batch {
  courseSerial: string;
  serial: string;
  name: string | null;
  /** Known when the batch came from the course's batch list; null when only referenced. */
  schedule: BatchSchedule | null;
}

export interface BatchSchedule {
  mainActivityStartAt: string | null;
  mainActivityEndAt: string | null;
  postActivityStartAt: string | null;
  postActivityEndAt: string | null;
  platform: string | null;
  location: string | null;
  note: string | null;
  status: string | null;
}

/** An Absorb instructor-led session. */
export interface Session {
  id: string;
  courseId: string;
  name: string | null;
  schedules: { startsAt: string | null; endsAt: string | null }[];
}

interface EnrollmentBase {
  /** The global id (see domain/ids.ts). */
  id: string;
  provider: ProviderName;
  status: EnrollmentStatus;
  providerStatus: string | null;
  score: number | null;
  /** Calendar date (YYYY-MM-DD) the enrollment was completed. */
  completedAt: string | null;
  timeSpentSeconds: number | null;
  course: Course;
  /** The employee this enrollment belongs to, when known. */
  employeeID: string | null;
}

export interface OnlineCourseEnrollment extends EnrollmentBase {
  kind: 'online';
  provider: 'ruangkerja';
  preTest: number | null;
  postTest: number | null;
}

export interface WebinarEnrollment extends EnrollmentBase {
  kind: 'webinar';
  provider: 'ruangkerja';
  batch: Batch;
  attended: boolean;
  absentReason: string | null;
  feedback: string | null;
  userAssignedStatus: string | null;
  postActivityStatus: string | null;
  postTestAttempt: number | null;
  postTestScore: number | null;
  postTestPassingScore: number | null;
  assignedCourseSerial: string | null;
}

export interface AbsorbCourseEnrollment extends EnrollmentBase {
  kind: 'absorb';
  provider: 'absorb';
  enrollmentId: string;
  absorbUserId: string;
  absorbCourseId: string;
  progress: number | null;
  dateEnrolled: string | null;
  dateStarted: string | null;
  dateExpires: string | null;
  dateCompleted: string | null;
  dateDue: string | null;
  isActive: boolean;
  credits: number | null;
  fullName: string | null;
}

export interface CommunityMembership extends EnrollmentBase {
  kind: 'community';
  provider: 'selfcommunity';
  courseId: number;
  memberId: number;
  username: string;
  realName: string | null;
  joinStatus: string | null;
  /** Fraction 0–1. */
  completionRate: number;
  joinedAt: string | null;
  lastActiveAt: string | null;
}

export type Enrollment = OnlineCourseEnrollment | WebinarEnrollment | AbsorbCourseEnrollment | CommunityMembership;

/** An Absorb activity enrollment below a course enrollment (session, chapter or lesson). */
interface ActivityEnrollmentBase {
  id: string;
  name: string | null;
  status: EnrollmentStatus;
  providerStatus: string;
  progress: number | null;
  score: number | null;
  timeSpentSeconds: number | null;
  dateStarted: string | null;
  dateCompleted: string | null;
  absorbUserId: string;
  absorbCourseId: string;
}

export interface SessionEnrollment extends ActivityEnrollmentBase {
  sessionId: string;
  courseEnrollmentId: string;
  dateEnrolled: string | null;
}

export interface ChapterEnrollment extends ActivityEnrollmentBase {
  chapterId: string;
  courseEnrollmentId: string;
}

export interface LessonEnrollment extends ActivityEnrollmentBase {
  lessonId: string;
  chapterId: string | null;
  courseEnrollmentId: string;
  attempts: number | null;
}

export interface LessonAttempt {
  id: string;
  status: EnrollmentStatus;
  providerStatus: string;
  score: number | null;
  timeSpentSeconds: number | null;
  dateStarted: string | null;
  dateCompleted: string | null;
}

/** A person as one provider knows them. */
export interface Identity {
  provider: ProviderName;
  /** The identifier that provider's API takes for the person. */
  nativeId: string;
  name: string | null;
  email: string | null;
}

/** A user as resolvers pass it around: the key, plus anything already known. */
export interface UserRef {
  employeeID: string;
}
