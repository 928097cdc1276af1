/**
 * The critical-path lower bound of each contract query: the longest chain of upstream round trips
 * that depend on each other's answers, given the upstream APIs' shapes and the seeded dataset,
 * for the request set of bench/minimum.ts (a call the minimum does not make is never assumed).
 * Everything not on one chain can run at the same time, so no server can answer in less than
 * `roundTrips × latency`: the benchmark compares p50 at concurrency 1 with that.
 *
 * Rules used below (docs/performance.md, "Critical path", explains them):
 * - A call depends on another only when it needs a value from its answer (an id, the list of
 *   courses, the page count) or when the minimum makes it only for some answers (e.g. Ruangkerja's
 *   directory is asked only for people Absorb does not know).
 * - A list whose first page tells the total (Absorb, SelfCommunity, Ruangkerja's paged object)
 *   costs 1 round trip, plus 1 when more pages follow (all fetched at once). Ruangkerja's bare-array
 *   online list tells no total: each further page is one more round trip.
 * - Logins are done before measuring (the benchmark warms up), so they are not on any chain.
 */
import type { Dataset } from '../src/simulators/dataset/types.js';

export interface CriticalPath {
  /** Dependent round trips on the longest chain. */
  roundTrips: number;
  /** That chain, one step per round trip. */
  chain: string[];
}

const PAGE = 100;
const ABSORB_PAGE = 1000;

/** Round trips of a list whose first page tells the count: the first page, then the rest at once. */
const pagedDepth = (items: number, size = PAGE) => (items > size ? 2 : 1);
/** Round trips of a bare-array list: one page after another until a short page. */
const arrayDepth = (items: number, size = PAGE) => Math.floor(items / size) + 1;

/** Longest of several chains (each a list of steps); ties keep the first. */
function longest(...chains: string[][]): string[] {
  return chains.reduce((best, chain) => (chain.length > best.length ? chain : best), []);
}

const path = (chain: string[]): CriticalPath => ({ roundTrips: chain.length, chain });

function repeat(step: string, times: number): string[] {
  return Array.from({ length: times }, (_, i) => (times === 1 ? step : `${step} (page round ${i + 1})`));
}

export class CriticalPaths {
  constructor(private readonly data: Dataset) {}

  private absorbUser(employeeID: string) {
    return this.data.absorb.users.find((u) => u.employeeNumber === employeeID) ?? null;
  }

  private rkUser(employeeID: string) {
    return this.data.ruangkerja.users.find((u) => u.employeeID === employeeID) ?? null;
  }

  private memberships(employeeID: string) {
    return this.data.selfcommunity.members.filter((m) => m.join_status !== null && m.username.toLowerCase() === employeeID.toLowerCase());
  }

  /** Every configured community course's member list, all read at once: the deepest one counts. */
  private communityPagesChain(): string[] {
    const depth = Math.max(
      1,
      ...this.data.selfcommunity.courses.map((course) => pagedDepth(this.data.selfcommunity.members.filter((m) => m.courseId === course.id && m.join_status !== null).length)),
    );
    return repeat('SelfCommunity: members of every configured course', depth);
  }

  /** One person's two Ruangkerja lists, read at once: the online bare array may need pages one by one. */
  private ruangkerjaListsChain(employeeID: string): string[] {
    const serial = this.rkUser(employeeID)?.serial;
    const online = serial === undefined ? 0 : this.data.ruangkerja.onlineAssignments.filter((a) => a.userSerial === serial).length;
    const webinar = serial === undefined ? 0 : this.data.ruangkerja.webinarAssignments.filter((a) => a.userSerial === serial).length;
    return longest(repeat('Ruangkerja: online list', arrayDepth(online)), repeat('Ruangkerja: webinar list', pagedDepth(webinar)));
  }

  /**
   * LearnerDashboard: Absorb's answers chain four deep, and nothing else is deeper:
   * `GET /users?_filter=employeeNumber eq …` gives the Absorb user id → `GET /bulk/studentcourses`
   * gives the enrollments and so the course ids → `GET /courses?_filter=id eq …` gives their kinds
   * → `GET /users/:id/enrollments/:courseId/sessions`, asked only for the instructor-led ones.
   * Beside it: Ruangkerja's directory and the two lists (1 round trip unless paged); SelfCommunity's
   * member pages (1) → the names of the learner's community courses (1).
   */
  learnerDashboard(employeeID: string): CriticalPath {
    const user = this.absorbUser(employeeID);
    const absorb = ['Absorb: user by employeeNumber'];
    if (user) {
      const active = this.data.absorb.enrollments.filter((e) => e.userId === user.id && e.isActive);
      absorb.push('Absorb: bulk enrollments of that user id');
      if (active.length > 0) absorb.push('Absorb: kinds of those courses');
      const ilc = active.some((e) => this.data.absorb.courses.find((c) => c.id === e.courseId)?.courseType === 'InstructorLedCourse');
      if (ilc) absorb.push('Absorb: session enrollments of each instructor-led enrollment');
    }
    const ruangkerja = longest(['Ruangkerja: directory'], this.ruangkerjaListsChain(employeeID));
    const community = [...this.communityPagesChain(), ...(this.memberships(employeeID).length > 0 ? ['SelfCommunity: names of the learner’s courses'] : [])];
    return path(longest(absorb, ruangkerja, community));
  }

  /**
   * TeamDashboard: `GET /users?_filter=employeeNumber eq … or …` (all ids at once) is the root:
   * the people it does not know are looked up in Ruangkerja's directory (the minimum asks the
   * directory only for them), and a person's Ruangkerja lists are read only once the person is
   * known to exist. So someone known only to Ruangkerja costs Absorb → directory → lists = 3.
   * Beside it: Absorb users → bulk enrollments (2); SelfCommunity members (1) → course names (1);
   * someone known to SelfCommunity but not Absorb: members (1) → lists (1).
   */
  teamDashboard(employeeIDs: readonly string[]): CriticalPath {
    const community = this.communityPagesChain();
    const chains: string[][] = [['Absorb: users by employeeNumber', 'Absorb: bulk enrollments']];
    const known = employeeIDs.filter((id) => this.absorbUser(id) !== null || this.memberships(id).length > 0 || this.rkUser(id) !== null);
    if (known.some((id) => this.memberships(id).length > 0)) chains.push([...community, 'SelfCommunity: names of the team’s community courses']);
    for (const id of known) {
      const existence = this.absorbUser(id)
        ? ['Absorb: users by employeeNumber']
        : this.memberships(id).length > 0
          ? community
          : ['Absorb: users by employeeNumber (not there)', 'Ruangkerja: directory, for people Absorb does not know'];
      chains.push([...existence, ...this.ruangkerjaListsChain(id)]);
    }
    return path(longest(...chains));
  }

  /**
   * BatchRoster: the roster is the root (its path needs only the two serials from the query). Its
   * first page tells the total and holds the participants shown when `first` fits in it, so for
   * them Absorb users by employeeNumber → bulk enrollments, each participant's Ruangkerja lists and
   * the names of their community courses need only that page; the other pages (fetched at once,
   * for the summary) run beside. The course's batch list, the catalogue and SelfCommunity's member
   * pages need nothing from another answer: they run beside the roster.
   */
  batchRoster(courseSerial: string, batchSerial: string, first = 100): CriticalPath {
    const rk = this.data.ruangkerja;
    const roster = rk.webinarAssignments.filter((a) => a.courseSerial === courseSerial && a.batchSerial === batchSerial);
    const shown = roster.slice(0, first).map((a) => rk.users.find((u) => u.serial === a.userSerial)!.employeeID);
    const rosterChain = repeat('Ruangkerja: batch roster', pagedDepth(roster.length));
    const shownChain = first <= PAGE ? ['Ruangkerja: batch roster, first page'] : rosterChain;
    const after = longest(
      shown.some((id) => this.absorbUser(id) !== null) ? ['Absorb: participants by employeeNumber', 'Absorb: bulk enrollments'] : [],
      ...shown.map((id) => this.ruangkerjaListsChain(id)),
      shown.some((id) => this.memberships(id).length > 0) ? ['SelfCommunity: names of the participants’ community courses'] : [],
    );
    const batches = rk.batches.filter((b) => b.courseSerial === courseSerial).length;
    return path(
      longest(
        [...shownChain, ...after],
        rosterChain,
        repeat('Ruangkerja: batches of the course', pagedDepth(batches)),
        repeat('Ruangkerja: course catalogue', pagedDepth(rk.courses.length)),
        [...this.communityPagesChain(), 'SelfCommunity: names of the participants’ community courses'],
      ),
    );
  }

  /**
   * CourseDashboard (an Absorb course, not instructor-led): `GET /courses/:id/enrollments` needs
   * only the course id from the query, so it runs beside `GET /courses?_filter=id eq …` (name,
   * kind); its pages of 1000 (1 round trip up to 1000 enrollments) → the shown learners by user id
   * (`GET /users?_filter=id eq guid'…' or …`, several URLs at once) = 2.
   */
  absorbCourseDashboard(courseId: string): CriticalPath {
    const enrollments = this.data.absorb.enrollments.filter((e) => e.courseId.toLowerCase() === courseId.toLowerCase()).length;
    return path(longest(['Absorb: course by id'], [...repeat('Absorb: course enrollments', pagedDepth(enrollments, ABSORB_PAGE)), 'Absorb: shown learners by user id']));
  }

  /**
   * EnrollmentDetail: `GET /enrollments/:id` gives the user and course ids → chapters, lessons and
   * the user (employeeID) at once → each lesson's attempts (lesson ids come from the lessons) = 3.
   */
  enrollmentDetail(enrollmentId: string): CriticalPath {
    const lessons = this.data.absorb.lessonEnrollments.filter((l) => l.courseEnrollmentId === enrollmentId).length;
    return path([
      'Absorb: enrollment by id',
      'Absorb: chapters, lessons and the user',
      ...(lessons > 0 ? ['Absorb: attempts of each lesson'] : []),
    ]);
  }
}
