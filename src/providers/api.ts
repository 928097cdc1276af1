/**
 * What the loaders may ask of each provider. Each client (src/providers/<provider>/client.ts)
 * implements one of these over the shared HTTP layer, validates every response with zod and
 * normalizes it into domain types; the loaders see nothing of URLs, paging or auth.
 *
 * Every method reads a list to its end (all pages) and throws a ProviderError on failure.
 */
import type { AbsorbUserMatchField, RuangkerjaUserKey } from '../config.js';
import type {
  AbsorbCourseEnrollment,
  Batch,
  ChapterEnrollment,
  CommunityMembership,
  Course,
  LessonAttempt,
  LessonEnrollment,
  OnlineCourseEnrollment,
  Session,
  SessionEnrollment,
  WebinarEnrollment,
} from '../domain/model.js';

// ---- Ruangkerja -------------------------------------------------------------------------------

/** A user of the Ruangkerja directory (`GET /ruangkerja/users`). */
export interface RuangkerjaUserRecord {
  serial: string;
  employeeID: string;
  name: string | null;
  email: string | null;
  username: string | null;
  isActive: boolean | null;
  companyName: string | null;
}

/** One roster line of a webinar batch: who, and their assignment. */
export interface RuangkerjaRosterEntry {
  user: { serial: string; employeeID: string; name: string | null };
  /** Normalized with `course.name` and `batch.name` null: roster items do not carry them. */
  enrollment: WebinarEnrollment;
}

export interface RuangkerjaApi {
  readonly userKey: RuangkerjaUserKey;
  /** `GET /ruangkerja/users?employeeID=` (exact match); null when unknown. One request per employee. */
  findUserByEmployeeID(employeeID: string): Promise<RuangkerjaUserRecord | null>;
  /**
   * `GET /ruangkerja/dashboard/users/:employeeID/courses/online`, every page. `pathUser` is what the
   * path takes (the employeeID, or the serial when userKey is `serial`); `employeeID` builds ids.
   */
  onlineEnrollments(pathUser: string, employeeID: string): Promise<OnlineCourseEnrollment[]>;
  /** `GET /ruangkerja/dashboard/users/:employeeID/courses/webinar`, every page. */
  webinarEnrollments(pathUser: string, employeeID: string): Promise<WebinarEnrollment[]>;
  /** `GET …/courses/:courseSerial/webinar/:batchSerial/users`, every page in roster order; null when unknown. */
  batchRoster(courseSerial: string, batchSerial: string): Promise<RuangkerjaRosterEntry[] | null>;
  /** `GET /ruangkerja/dashboard/courses`, every page: the catalogue (kind ONLINE or WEBINAR; Offline as WEBINAR). */
  courses(): Promise<Course[]>;
  /** `GET /ruangkerja/dashboard/courses/:courseSerial/batches`, every page; null when the course is unknown. */
  batches(courseSerial: string): Promise<Batch[] | null>;
}

// ---- Absorb -----------------------------------------------------------------------------------

export interface AbsorbUserRecord {
  id: string;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  emailAddress: string | null;
  employeeNumber: string | null;
  externalId: string | null;
  activeStatus: number | null;
}

export interface AbsorbApi {
  readonly userMatchField: AbsorbUserMatchField;
  /**
   * Users whose match field (employeeNumber by default) equals one of `values`, in as few
   * `GET /users?_filter=` requests as the URL length allows (values escaped). Unknown values are
   * simply absent from the answer.
   */
  usersByMatchField(values: readonly string[]): Promise<AbsorbUserRecord[]>;
  /** Users by guid, batched like usersByMatchField. */
  usersByIds(ids: readonly string[]): Promise<AbsorbUserRecord[]>;
  /**
   * Course enrollments of many users through `GET /bulk/studentcourses` (chunked by the endpoint's
   * limit). `employeeID` of each enrollment is left null: the caller links users.
   */
  enrollmentsForUsers(userIds: readonly string[]): Promise<AbsorbCourseEnrollment[]>;
  /** `GET /users/:userId/enrollments`, every page, active and historical. */
  userEnrollments(userId: string): Promise<AbsorbCourseEnrollment[]>;
  /** `GET /courses/:courseId/enrollments`, every page, active and historical; null when the course is unknown. */
  courseEnrollments(courseId: string): Promise<AbsorbCourseEnrollment[] | null>;
  /** `GET /enrollments/:enrollmentId`; null when unknown. */
  enrollment(enrollmentId: string): Promise<AbsorbCourseEnrollment | null>;
  /** Courses by guid through `GET /courses?_filter=id eq guid'…' or …`, batched by URL length. */
  coursesByIds(ids: readonly string[]): Promise<Course[]>;
  /** Sessions of one instructor-led course (all pages). */
  sessionsForCourse(courseId: string): Promise<Session[]>;
  /** Sessions by guid, batched. */
  sessionsByIds(ids: readonly string[]): Promise<Session[]>;
  /** `GET /users/:userId/enrollments/:courseId/sessions`. */
  userSessionEnrollments(userId: string, courseId: string): Promise<SessionEnrollment[]>;
  /** `GET /courses/:courseId/sessions/:sessionId/enrollments`, every page. */
  sessionEnrollments(courseId: string, sessionId: string): Promise<SessionEnrollment[]>;
  /** `GET /users/:userId/enrollments/:courseId/chapters`. */
  chapterEnrollments(userId: string, courseId: string): Promise<ChapterEnrollment[]>;
  /** `GET /users/:userId/enrollments/:courseId/lessons`. */
  lessonEnrollments(userId: string, courseId: string): Promise<LessonEnrollment[]>;
  /** `GET /users/:userId/enrollments/:courseId/lessons/:lessonId/attempts`. */
  lessonAttempts(userId: string, courseId: string, lessonId: string): Promise<LessonAttempt[]>;
}

// ---- SelfCommunity ----------------------------------------------------------------------------

export interface SelfCommunityApi {
  /** The community courses whose members count as enrollments (SELFCOMMUNITY_COURSE_IDS). */
  readonly courseIds: readonly number[];
  /**
   * `GET /api/v2/course/:id/users/` with every join status (creator, manager, joined, invited,
   * requested), every page. `employeeID` of each membership is the member's username as given.
   * Null when the course is unknown.
   */
  courseMembers(courseId: number): Promise<CommunityMembership[] | null>;
  /** `GET /api/v2/course/:id/`; null when unknown. */
  course(courseId: number): Promise<Course | null>;
}

/** The configured providers; a provider that is not configured is null. */
export interface Providers {
  ruangkerja: RuangkerjaApi | null;
  absorb: AbsorbApi | null;
  selfcommunity: SelfCommunityApi | null;
}
