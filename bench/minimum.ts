/**
 * The fewest upstream requests each contract query can cost, computed from the seeded dataset and
 * the upstream APIs' shapes (docs/performance.md explains each line). The contract tests assert
 * the server makes exactly these; the benchmark prints them beside the measured counts.
 *
 * Counts assume the process has already logged in to Ruangkerja and Absorb, and no HTTP cache.
 */
import type { Dataset } from '../src/simulators/dataset/types.js';

export type RequestCounts = Record<string, number>;

/** Ruangkerja and SelfCommunity pages hold 100 items; Absorb pages 1000. */
const PAGE = 100;
/** Absorb's bulk enrollment endpoint takes at most this many userIds per call. */
const BULK_USER_IDS = 100;
/** The Absorb client keeps each URL within this many characters. */
const MAX_URL = 8000;

/** A list read whose page count the first answer tells: at least one request. */
const pagedReads = (items: number, size = PAGE) => Math.max(1, Math.ceil(items / size));
/** A bare-array list (no totals): read until a short page, so a full last page costs one more. */
const arrayReads = (items: number, size = PAGE) => Math.floor(items / size) + 1;

const add = (counts: RequestCounts, key: string, n: number) => {
  if (n > 0) counts[key] = (counts[key] ?? 0) + n;
};

/** `_filter` clauses packed into URLs of at most MAX_URL characters (URL-encoded as sent). */
function filterRequests(absorbBaseUrl: string, path: string, clauses: readonly string[]): number {
  if (clauses.length === 0) return 0;
  const fixed = `${absorbBaseUrl}${path}?_filter=&_limit=1000&_offset=199`.length;
  const budget = MAX_URL - fixed;
  const encoded = (text: string) => new URLSearchParams({ x: text }).toString().length - 2;
  const separator = encoded(' or ');
  const lengths = clauses.map(encoded).sort((a, b) => b - a);
  const bins: number[] = [];
  for (const length of lengths) {
    const bin = bins.findIndex((used) => used + separator + length <= budget);
    if (bin < 0) bins.push(length);
    else bins[bin]! += separator + length;
  }
  return bins.length;
}

export class MinimumRequests {
  constructor(
    private readonly data: Dataset,
    private readonly absorbBaseUrl: string,
  ) {}

  private rkUser(employeeID: string) {
    return this.data.ruangkerja.users.find((u) => u.employeeID === employeeID) ?? null;
  }

  private absorbUser(employeeID: string) {
    return this.data.absorb.users.find((u) => u.employeeNumber === employeeID) ?? null;
  }

  private memberships(employeeID: string) {
    return this.data.selfcommunity.members.filter((m) => m.join_status !== null && m.username.toLowerCase() === employeeID.toLowerCase());
  }

  private exists(employeeID: string): boolean {
    return this.absorbUser(employeeID) !== null || this.memberships(employeeID).length > 0 || this.rkUser(employeeID) !== null;
  }

  /** Every configured community course's members, read once per request. */
  private communityMemberPages(): number {
    return this.data.selfcommunity.courses
      .map((course) => pagedReads(this.data.selfcommunity.members.filter((m) => m.courseId === course.id && m.join_status !== null).length))
      .reduce((sum, n) => sum + n, 0);
  }

  /** A person's own Ruangkerja lists: the online list answers a bare array, the webinar list a paged object. */
  private ruangkerjaLists(counts: RequestCounts, employeeID: string): void {
    const serial = this.rkUser(employeeID)?.serial;
    const online = serial === undefined ? 0 : this.data.ruangkerja.onlineAssignments.filter((a) => a.userSerial === serial).length;
    const webinar = serial === undefined ? 0 : this.data.ruangkerja.webinarAssignments.filter((a) => a.userSerial === serial).length;
    add(counts, 'ruangkerja GET /ruangkerja/dashboard/users/:employeeID/courses/online', arrayReads(online));
    add(counts, 'ruangkerja GET /ruangkerja/dashboard/users/:employeeID/courses/webinar', pagedReads(webinar));
  }

  private userFilterRequests(field: 'employeeNumber' | 'id', values: readonly string[]): number {
    const clauses = [...new Set(values)].map((v) => (field === 'id' ? `id eq guid'${v}'` : `${field} eq '${v.replace(/'/g, "''")}'`));
    return filterRequests(this.absorbBaseUrl, '/users', clauses);
  }

  private bulkRequests(absorbUserCount: number): number {
    return Math.ceil(absorbUserCount / BULK_USER_IDS);
  }

  learnerDashboard(employeeID: string): RequestCounts {
    const counts: RequestCounts = {};
    const absorbUser = this.absorbUser(employeeID);
    // identities needs Ruangkerja's own word on the person: one directory request.
    add(counts, 'ruangkerja GET /ruangkerja/users', 1);
    this.ruangkerjaLists(counts, employeeID);
    add(counts, 'absorb GET /users', 1);
    if (absorbUser) {
      const active = this.data.absorb.enrollments.filter((e) => e.userId === absorbUser.id && e.isActive);
      add(counts, 'absorb GET /bulk/studentcourses', 1);
      add(counts, 'absorb GET /courses', active.length > 0 ? filterRequests(this.absorbBaseUrl, '/courses', [...new Set(active.map((e) => `id eq guid'${e.courseId}'`))]) : 0);
      const ilc = active.filter((e) => this.data.absorb.courses.find((c) => c.id === e.courseId)?.courseType === 'InstructorLedCourse');
      add(counts, 'absorb GET /users/:userId/enrollments/:courseId/sessions', ilc.length);
    }
    add(counts, 'selfcommunity GET /api/v2/course/:id/users/', this.communityMemberPages());
    add(counts, 'selfcommunity GET /api/v2/course/:id/', new Set(this.memberships(employeeID).map((m) => m.courseId)).size);
    return counts;
  }

  teamDashboard(employeeIDs: readonly string[]): RequestCounts {
    const counts: RequestCounts = {};
    const known = employeeIDs.filter((id) => this.exists(id));
    const inAbsorb = known.filter((id) => this.absorbUser(id) !== null);
    add(counts, 'absorb GET /users', this.userFilterRequests('employeeNumber', employeeIDs));
    add(counts, 'absorb GET /bulk/studentcourses', this.bulkRequests(inAbsorb.length));
    add(counts, 'selfcommunity GET /api/v2/course/:id/users/', this.communityMemberPages());
    // Not in Absorb: the directory settles existence (unknown people) or gives the name (Ruangkerja comes before SelfCommunity).
    add(counts, 'ruangkerja GET /ruangkerja/users', employeeIDs.filter((id) => this.absorbUser(id) === null).length);
    for (const id of known) this.ruangkerjaLists(counts, id);
    add(counts, 'selfcommunity GET /api/v2/course/:id/', new Set(known.flatMap((id) => this.memberships(id).map((m) => m.courseId))).size);
    return counts;
  }

  batchRoster(courseSerial: string, batchSerial: string, first = 100): RequestCounts {
    const counts: RequestCounts = {};
    const roster = this.data.ruangkerja.webinarAssignments.filter((a) => a.courseSerial === courseSerial && a.batchSerial === batchSerial);
    const shown = roster.slice(0, first).map((a) => this.data.ruangkerja.users.find((u) => u.serial === a.userSerial)!.employeeID);
    const batches = this.data.ruangkerja.batches.filter((b) => b.courseSerial === courseSerial).length;
    add(counts, 'ruangkerja GET /ruangkerja/dashboard/courses/:courseSerial/batches', pagedReads(batches));
    add(counts, 'ruangkerja GET /ruangkerja/dashboard/courses/:courseSerial/webinar/:batchSerial/users', pagedReads(roster.length));
    add(counts, 'ruangkerja GET /ruangkerja/dashboard/courses', pagedReads(this.data.ruangkerja.courses.length));
    for (const id of shown) this.ruangkerjaLists(counts, id);
    add(counts, 'absorb GET /users', this.userFilterRequests('employeeNumber', shown));
    add(counts, 'absorb GET /bulk/studentcourses', this.bulkRequests(shown.filter((id) => this.absorbUser(id) !== null).length));
    add(counts, 'selfcommunity GET /api/v2/course/:id/users/', this.communityMemberPages());
    add(counts, 'selfcommunity GET /api/v2/course/:id/', new Set(shown.flatMap((id) => this.memberships(id).map((m) => m.courseId))).size);
    return counts;
  }

  /** CourseDashboard for an Absorb course that is not instructor-led. */
  absorbCourseDashboard(courseId: string, first = 200): RequestCounts {
    const counts: RequestCounts = {};
    const all = this.data.absorb.enrollments.filter((e) => e.courseId.toLowerCase() === courseId.toLowerCase());
    const shown = all.filter((e) => e.isActive).slice(0, first);
    add(counts, 'absorb GET /courses', 1);
    add(counts, 'absorb GET /courses/:courseId/enrollments', pagedReads(all.length, 1000));
    add(counts, 'absorb GET /users', this.userFilterRequests('id', shown.map((e) => e.userId.toLowerCase())));
    return counts;
  }

  /** EnrollmentDetail for an Absorb course enrollment. */
  enrollmentDetail(enrollmentId: string): RequestCounts {
    const counts: RequestCounts = {};
    const lessons = this.data.absorb.lessonEnrollments.filter((l) => l.courseEnrollmentId === enrollmentId);
    add(counts, 'absorb GET /enrollments/:enrollmentId', 1);
    add(counts, 'absorb GET /users/:userId/enrollments/:courseId/chapters', 1);
    add(counts, 'absorb GET /users/:userId/enrollments/:courseId/lessons', 1);
    add(counts, 'absorb GET /users/:userId/enrollments/:courseId/lessons/:lessonId/attempts', lessons.length);
    add(counts, 'absorb GET /users', 1);
    return counts;
  }
}
