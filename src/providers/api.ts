/**
 * What the loaders may ask of each provider. Each client (src/providers/<provider>/client.ts)
 * implements one of these over the shared HTTP layer, validates every response with zod and
 * normalizes it into domain types; the loaders see nothing of URLs, paging or auth.
 *
 * Every method reads a list to its end (all pages) and throws a ProviderError on failure.
 *
 * Each client is built once per server; `forRequest(scope)` gives the same client for one GraphQL
 * request, whose calls carry the request's id upstream and end at its deadline (see
 * HttpClient.forRequest). It is a cheap view, made once per provider a request uses: limits,
 * login, rate limiter and caches are the client's own, shared by every request.
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
import type { UpstreamRequestScope } from './http/types.js';

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

/** The start of a roster: its first entries, in roster order, and how many it has in all. */
export interface RosterHead {
  entries: RuangkerjaRosterEntry[];
  total: number;
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
  /**
   * `GET …/courses/:courseSerial/webinar/:batchSerial/users`, every page in roster order; null when
   * unknown. `onFirstPage` hears the first page's entries and the roster's total as soon as that page
   * is in, while the other pages are still being read: enough for a page of participants it holds.
   */
  batchRoster(courseSerial: string, batchSerial: string, onFirstPage?: (head: RosterHead) => void): Promise<RuangkerjaRosterEntry[] | null>;
  /** `GET /ruangkerja/dashboard/courses`, every page: the catalogue (kind ONLINE or WEBINAR; Offline as WEBINAR). */
  courses(): Promise<Course[]>;
  /** `GET /ruangkerja/dashboard/courses/:courseSerial/batches`, every page; null when the course is unknown. */
  batches(courseSerial: string): Promise<Batch[] | null>;
  /** This client for one GraphQL request (see the module comment). */
  forRequest(scope: UpstreamRequestScope): RuangkerjaApi;
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
  /** The same, matching each value whatever its case (`tolower(field) eq …`). */
  usersByMatchFieldIgnoringCase(values: readonly string[]): Promise<AbsorbUserRecord[]>;
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

/** What Absorb answers to a course enrollment write: the enrollment it created or updated. */
export interface AbsorbEnrollmentWritten {
  enrollmentId: string;
  courseId: string;
  userId: string;
}

/** What Absorb answers to an instructor-led session enrollment. */
export interface AbsorbSessionEnrollmentWritten {
  enrollmentId: string;
  sessionEnrollmentId: string;
  userId: string;
  courseId: string;
  sessionId: string;
}

/**
 * The document's settable properties of a course enrollment. Absent: left unchanged; null:
 * cleared (where the property may be empty). Dates are ISO-8601 instants, ids guids.
 */
export interface AbsorbEnrollmentChanges {
  status?: number;
  dateCompleted?: string | null;
  dateExpires?: string | null;
  courseVersionId?: string | null;
  acceptedTermsAndConditions?: boolean;
  enrollmentKeyId?: string | null;
  credits?: number | null;
  score?: number | null;
}

/** How an attempt finishes: status 1 (InProgress), 3 (Complete) or 5 (Failed). */
export interface AbsorbAttemptFinish {
  status: 1 | 3 | 5;
  score?: number | null;
  startDate?: string;
  completionDate?: string;
}

/** A course enrollment a write touches: whose lists and caches it changes. */
export interface AbsorbEnrollmentRef {
  enrollmentId: string;
  userId: string;
  courseId: string;
}

/**
 * Absorb writes (src/providers/absorb/writes.ts). Each is sent once, never retried (the upstream
 * may have acted even when we saw an error); Absorb's refusals arrive as ProviderError
 * BAD_USER_INPUT (400/422, with `validations`) or NOT_FOUND (404). After a write the shared
 * cache's answers under the paths it changes are dropped, so a read that follows sees the change.
 */
export interface AbsorbWriteApi {
  /** `POST /users/:userId/enrollments/:courseId?reEnroll=`. */
  enrollUser(userId: string, courseId: string, options: { reEnroll: boolean }): Promise<AbsorbEnrollmentWritten>;
  /** `POST /users/:userId/enrollments` with `{courseId, ...changes}`: changes the active enrollment in the course. */
  updateEnrollment(userId: string, courseId: string, changes: AbsorbEnrollmentChanges): Promise<AbsorbEnrollmentWritten>;
  /** `POST /enrollments/unenroll` with the enrollment ids: all or none. */
  unenroll(enrollments: readonly AbsorbEnrollmentRef[]): Promise<void>;
  /** `POST /users/:userId/enrollments/:courseId/session/:sessionId?reEnroll=&cancelSession=`. */
  enrollUserInSession(
    userId: string,
    courseId: string,
    sessionId: string,
    options: { reEnroll: boolean; cancelSession: boolean },
  ): Promise<AbsorbSessionEnrollmentWritten>;
  /** `POST /users/:userId/enrollments/:courseId/lessons/:lessonId/startattempt`; answers the attempt id. */
  startLessonAttempt(userId: string, courseId: string, lessonId: string): Promise<{ attemptId: string }>;
  /** `POST /users/:userId/enrollments/:courseId/lessons/:lessonId/attempts/:attemptId/finish`: 404 unless the attempt is the user's, in that lesson. */
  finishLessonAttempt(userId: string, courseId: string, lessonId: string, attemptId: string, finish: AbsorbAttemptFinish): Promise<void>;
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
  /** This client for one GraphQL request (see the module comment). */
  forRequest(scope: UpstreamRequestScope): SelfCommunityApi;
}

/** Reads and writes (mutations) in one client, so both share its login and rate limit. */
export interface AbsorbProvider extends AbsorbApi, AbsorbWriteApi {
  /** This client for one GraphQL request (see the module comment). */
  forRequest(scope: UpstreamRequestScope): AbsorbProvider;
}

/** The configured providers; a provider that is not configured is null. */
export interface Providers {
  ruangkerja: RuangkerjaApi | null;
  absorb: AbsorbProvider | null;
  selfcommunity: SelfCommunityApi | null;
}
