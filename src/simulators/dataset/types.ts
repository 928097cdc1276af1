/**
 * The simulators' seeded dataset, held in each upstream's own shapes so a simulator only pages,
 * filters and serialises it. One Dataset is shared by the three simulators of one run: the same
 * people appear across providers (Ruangkerja employeeID = Absorb employeeNumber = SelfCommunity
 * username), some in only one. Absorb writes mutate `absorb` in place.
 */

export interface DatasetOptions {
  seed: number;
  /** Number of employees; the other sizes scale from it. */
  employees: number;
}

/** The ground truth for one person, used by tests to compute expected answers independently. */
export interface Person {
  employeeID: string;
  firstName: string;
  lastName: string;
  email: string;
  /** Serial of the person's Ruangkerja user, or null when not in Ruangkerja. */
  ruangkerjaSerial: string | null;
  /** Guid of the person's Absorb user, or null when not in Absorb. */
  absorbUserId: string | null;
  /** SelfCommunity user id, or null when not in SelfCommunity. */
  selfCommunityUserId: number | null;
}

// ---- Ruangkerja -------------------------------------------------------------------------------

export interface RuangkerjaUser {
  serial: string;
  employeeID: string;
  name: string;
  username: string;
  email: string;
  isActive: boolean;
  companyName: string;
}

export type RuangkerjaCourseCategory = 'Online' | 'Webinar' | 'Offline';

export interface RuangkerjaCourse {
  serial: string;
  name: string;
  category: RuangkerjaCourseCategory;
}

export interface RuangkerjaBatch {
  courseSerial: string;
  serial: string;
  name: string;
  /** ISO date-times, or "" where the provider leaves them empty. */
  mainActivityStartAt: string;
  mainActivityEndAt: string;
  postActivityStartAt: string;
  postActivityEndAt: string;
  platform: string;
  location: string;
  note: string;
  status: 'Completed' | 'Ongoing';
}

export type RuangkerjaOnlineStatus = 'not_started' | 'completed' | 'expired' | 'failed' | 'in_progress';

export interface RuangkerjaOnlineAssignment {
  userSerial: string;
  courseSerial: string;
  preTest: number | null;
  postTest: number | null;
  /** Seconds (the document gives no unit). */
  timeSpent: number;
  /** YYYY-MM-DD or "". */
  completedAt: string;
  status: RuangkerjaOnlineStatus;
}

export type RuangkerjaUserAssignedStatus = 'Ongoing' | 'Cleared' | 'Failed';
export type RuangkerjaPostActivityStatus = 'NOT STARTED' | 'IN PROGRESS' | 'COMPLETED' | 'EXPIRED' | '';

export interface RuangkerjaWebinarAssignment {
  userSerial: string;
  courseSerial: string;
  batchSerial: string;
  absentReason: string;
  assignedCourseSerial: string;
  feedback: string;
  isAttend: boolean;
  userAssignedStatus: RuangkerjaUserAssignedStatus;
  postActivityStatus: RuangkerjaPostActivityStatus;
  postTestAttempt: number;
  postTestScore: number;
  postTestPassingScore: number | null;
}

export interface RuangkerjaData {
  users: RuangkerjaUser[];
  courses: RuangkerjaCourse[];
  batches: RuangkerjaBatch[];
  /** In the order the user endpoint lists them. */
  onlineAssignments: RuangkerjaOnlineAssignment[];
  /** In roster order for the batch endpoint. */
  webinarAssignments: RuangkerjaWebinarAssignment[];
  /** OAuth clients accepted by POST /oauth/token. */
  clients: { clientID: string; clientSecret: string }[];
}

// ---- Absorb -----------------------------------------------------------------------------------

/** 0 NotStarted … 12 ReadyForReview, as the document numbers them. */
export type AbsorbStatus = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12;

export interface AbsorbUser {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  emailAddress: string | null;
  employeeNumber: string | null;
  externalId: string | null;
  /** 0 Active, 1 Inactive. */
  activeStatus: 0 | 1;
}

export type AbsorbCourseType = 'OnlineCourse' | 'InstructorLedCourse' | 'CourseBundle' | 'Curriculum';

export interface AbsorbCourse {
  id: string;
  name: string;
  courseType: AbsorbCourseType;
  activeStatus: 0 | 1;
}

export interface AbsorbSession {
  id: string;
  courseId: string;
  name: string;
  sessionSchedules: { startDate: string; endDate: string }[];
}

export interface AbsorbChapter {
  id: string;
  courseId: string;
  name: string;
}

export interface AbsorbLesson {
  id: string;
  courseId: string;
  chapterId: string;
  name: string;
}

/** The document's course enrollment resource (fields it lists; null where absent). */
export interface AbsorbCourseEnrollment {
  id: string;
  courseId: string;
  courseName: string;
  progress: number;
  score: number | null;
  status: AbsorbStatus;
  dateCompleted: string | null;
  dateExpires: string | null;
  dateEdited: string;
  dateAdded: string;
  fullName: string;
  courseVersionId: string | null;
  userId: string;
  acceptedTermsAndConditions: boolean;
  /** 100-nanosecond ticks; `timeSpent` is derived from it when served. */
  timeSpentTicks: number;
  dateStarted: string | null;
  enrollmentKeyId: string | null;
  certificateId: string | null;
  credits: number | null;
  isActive: boolean;
  dateDue: string | null;
  accessDate: string | null;
  jobTitle: string | null;
  courseCollectionId: string | null;
  avatar: string | null;
}

export interface AbsorbSessionEnrollment {
  id: string;
  sessionId: string;
  courseEnrollmentId: string;
  name: string;
  userId: string;
  fullName: string;
  status: AbsorbStatus;
  progress: number;
  score: number | null;
  timeSpentTicks: number;
  dateEnrolled: string;
  dateStarted: string | null;
  dateCompleted: string | null;
  dateEdited: string;
}

export interface AbsorbChapterEnrollment {
  id: string;
  courseEnrollmentId: string;
  chapterId: string;
  name: string;
  userId: string;
  fullName: string;
  status: AbsorbStatus;
  progress: number;
  score: number | null;
  timeSpentTicks: number;
  dateEnrolled: string;
  dateStarted: string | null;
  dateCompleted: string | null;
}

export interface AbsorbLessonEnrollment {
  id: string;
  chapterEnrollmentId: string;
  type: string;
  attempts: number;
  failures: number;
  lastAttempt: string | null;
  courseEnrollmentId: string;
  chapterId: string;
  lessonId: string;
  name: string;
  userId: string;
  fullName: string;
  status: AbsorbStatus;
  progress: number;
  score: number | null;
  timeSpentTicks: number;
  dateEnrolled: string;
  dateStarted: string | null;
  dateCompleted: string | null;
  dateEdited: string;
  dateAdded: string;
}

export interface AbsorbAttempt {
  id: string;
  lessonEnrollmentId: string;
  userId: string;
  courseId: string;
  lessonId: string;
  timeSpentTicks: number;
  /** 1 InProgress, 3 Complete, 5 Failed. */
  status: 1 | 3 | 5;
  score: number | null;
  startDate: string | null;
  completionDate: string | null;
}

export interface AbsorbData {
  users: AbsorbUser[];
  courses: AbsorbCourse[];
  sessions: AbsorbSession[];
  chapters: AbsorbChapter[];
  lessons: AbsorbLesson[];
  enrollments: AbsorbCourseEnrollment[];
  sessionEnrollments: AbsorbSessionEnrollment[];
  chapterEnrollments: AbsorbChapterEnrollment[];
  lessonEnrollments: AbsorbLessonEnrollment[];
  attempts: AbsorbAttempt[];
  /** Accepted API keys and admin logins for POST /authenticate. */
  apiKeys: string[];
  logins: { username: string; password: string; privateKey: string }[];
}

// ---- SelfCommunity ----------------------------------------------------------------------------

export type SelfCommunityJoinStatus = 'creator' | 'manager' | 'joined' | 'invited' | 'requested';

export interface SelfCommunityCourse {
  id: number;
  name: string;
  slug: string;
  description: string;
  type: string;
  privacy: string;
  created_at: string;
}

export interface SelfCommunityMember {
  courseId: number;
  /** The SelfCommunity user id. */
  id: number;
  username: string;
  real_name: string;
  avatar: string;
  join_status: SelfCommunityJoinStatus | null;
  user_completion_rate: number;
  last_active_at: string | null;
  joined_at: string | null;
}

export interface SelfCommunityData {
  courses: SelfCommunityCourse[];
  members: SelfCommunityMember[];
  /** Bearer tokens with the course manager role (403 for any other valid token). */
  managerTokens: string[];
  /** Valid tokens without the manager role. */
  plainTokens: string[];
}

/** Well-known values of a built dataset that demo pages, GraphiQL tabs and tests start from. */
export interface DatasetSamples {
  /** Present in all three providers, with online, webinar, Absorb (ILC with sessions, online with
   * chapters/lessons/attempts, a historical enrollment) and community data. */
  learnerEmployeeID: string;
  /** 50 employees, mixed across providers, one of them in none. */
  teamEmployeeIDs: string[];
  /** A webinar batch with 150 participants. */
  batch: { courseSerial: string; batchSerial: string };
  /** An Absorb online course with at least 300 enrollments. */
  absorbCourseId: string;
  /** An Absorb instructor-led course with sessions and session enrollments. */
  absorbIlcCourseId: string;
  /** An Absorb course enrollment with chapters, lessons and attempts. */
  absorbEnrollmentId: string;
  /** A SelfCommunity course id listed in the demo's SELFCOMMUNITY_COURSE_IDS. */
  communityCourseId: number;
}

export interface Dataset {
  options: DatasetOptions;
  samples: DatasetSamples;
  people: Person[];
  ruangkerja: RuangkerjaData;
  absorb: AbsorbData;
  selfcommunity: SelfCommunityData;
}
