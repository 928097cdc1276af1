/**
 * The dashboards' queries, answered against the demo simulators over real HTTP and compared with
 * values computed directly from the seeded dataset (test/helpers/expected.ts), with the exact
 * number of upstream requests each one costs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { contractQueries, DASHBOARD_QUERIES, SHARED_CONTRACT_FILE } from '../helpers/contract.js';
import { Expectations } from '../helpers/expected.js';
import { startStack, type Stack } from '../helpers/stack.js';

const queries = contractQueries();
const PAGE = 100;
const pages = (items: number, size = PAGE) => Math.max(1, Math.ceil(items / size));

let stack: Stack;
let expected: Expectations;

beforeAll(async () => {
  // The shared HTTP cache is off: each test counts what one query costs on its own.
  stack = await startStack({ env: { CACHE_ENABLED: 'false' } });
  expected = new Expectations(stack.simulators.dataset);
  // Log in to Ruangkerja and Absorb once, so each test counts only its own requests.
  await stack.query('{ a: user(employeeID: "EMP00002") { name } b: batch(courseSerial: "NONE", batchSerial: "NONE") { id } }');
});
afterAll(() => stack.close());
beforeEach(() => stack.resetLog());

it('keeps the contract queries verbatim', () => {
  if (existsSync(SHARED_CONTRACT_FILE)) expect(DASHBOARD_QUERIES.trim()).toBe(readFileSync(SHARED_CONTRACT_FILE, 'utf8').trim());
  expect(Object.keys(queries)).toEqual(['LearnerDashboard', 'TeamDashboard', 'BatchRoster', 'CourseDashboard', 'EnrollmentDetail']);
});

describe('LearnerDashboard', () => {
  type Answer = { user: Record<string, unknown> & { enrollments: { totalCount: number; nodes: Record<string, unknown>[] } } };

  it('answers one employee across every provider, as the dataset says', async () => {
    const { learnerEmployeeID: employeeID } = stack.simulators.dataset.samples;
    const result = await stack.query<Answer>(queries.LearnerDashboard!, { employeeID });
    expect(result.errors).toBeUndefined();
    const user = result.data!.user;
    const enrollments = expected.userEnrollments(employeeID);
    expect(user).toMatchObject({
      id: `user:${employeeID}`,
      employeeID,
      name: expected.name(employeeID),
      email: expected.email(employeeID),
      identities: expected.identities(employeeID),
      summary: expected.summary(enrollments),
    });
    expect(user.identities).toHaveLength(3);
    expect(user.enrollments.totalCount).toBe(enrollments.length);
    const nodes = user.enrollments.nodes;
    expect(nodes.map((n) => n.id)).toEqual(enrollments.slice(0, 100).map((e) => e.id));
    for (const [index, node] of nodes.entries()) {
      const want = enrollments[index]!;
      // LearnerDashboard asks no CommunityMembership-specific field.
      const { sessions: _s, dateEnrolled, dateStarted, dateExpires, joinStatus: _j, completionRate: _c, joinedAt: _ja, lastActiveAt: _la, ...rest } = want;
      expect(node).toMatchObject(rest);
      if (want.provider === 'ABSORB') {
        expect(node).toMatchObject({ dateEnrolled, dateStarted, dateExpires });
        const wantSessions = want.course.kind === 'INSTRUCTOR_LED' ? expected.sessionEnrollments(String(want.id).slice('absorb:'.length)) : [];
        expect(node.sessions).toEqual(wantSessions);
      }
    }
    // Every kind of enrollment is present for the sample learner.
    expect(new Set(nodes.map((n) => n.provider))).toEqual(new Set(['RUANGKERJA', 'ABSORB', 'SELFCOMMUNITY']));
  });

  it('costs exactly the upstream requests the APIs allow', async () => {
    const { dataset } = stack.simulators;
    const { learnerEmployeeID: employeeID } = dataset.samples;
    await stack.query(queries.LearnerDashboard!, { employeeID });
    const rk = expected.ruangkerjaUser(employeeID)!;
    const absorbUser = expected.absorbUser(employeeID)!;
    const active = dataset.absorb.enrollments.filter((e) => e.userId === absorbUser.id && e.isActive);
    const ilc = active.filter((e) => dataset.absorb.courses.find((c) => c.id === e.courseId)?.courseType === 'InstructorLedCourse');
    const memberCourses = new Set(expected.memberships(employeeID).map((m) => m.courseId));
    const communityPages = dataset.selfcommunity.courses
      .map((c) => pages(dataset.selfcommunity.members.filter((m) => m.courseId === c.id && m.join_status !== null).length))
      .reduce((a, b) => a + b, 0);
    expect(stack.requests()).toEqual({
      'ruangkerja GET /ruangkerja/users': 1,
      'ruangkerja GET /ruangkerja/dashboard/users/:employeeID/courses/online': pages(dataset.ruangkerja.onlineAssignments.filter((a) => a.userSerial === rk.serial).length),
      'ruangkerja GET /ruangkerja/dashboard/users/:employeeID/courses/webinar': pages(dataset.ruangkerja.webinarAssignments.filter((a) => a.userSerial === rk.serial).length),
      'absorb GET /users': 1,
      'absorb GET /bulk/studentcourses': 1,
      'absorb GET /courses': 1,
      'absorb GET /users/:userId/enrollments/:courseId/sessions': ilc.length,
      'selfcommunity GET /api/v2/course/:id/users/': communityPages,
      'selfcommunity GET /api/v2/course/:id/': memberCourses.size,
    });
  });

  it('is null for an employee no provider knows, without an error', async () => {
    const result = await stack.query(queries.LearnerDashboard!, { employeeID: 'NOBODY-0001' });
    expect(result).toEqual({ data: { user: null } });
  });

  it('rejects a malformed employeeID before asking any upstream', async () => {
    const result = await stack.query(queries.LearnerDashboard!, { employeeID: '../../etc/passwd' });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.requests()).toEqual({});
  });
});

describe('TeamDashboard', () => {
  type Member = { employeeID: string; name: string | null; summary: Record<string, unknown>; enrollments: { totalCount: number; nodes: { provider: string; status: string; course: { id: string; name: string } }[] } };

  it('answers many employees in the order asked, null for the unknown', async () => {
    const { teamEmployeeIDs } = stack.simulators.dataset.samples;
    const result = await stack.query<{ users: (Member | null)[] }>(queries.TeamDashboard!, { employeeIDs: teamEmployeeIDs });
    expect(result.errors).toBeUndefined();
    const users = result.data!.users;
    expect(users).toHaveLength(teamEmployeeIDs.length);
    expect(users.some((u) => u === null)).toBe(true);
    for (const [index, employeeID] of teamEmployeeIDs.entries()) {
      if (!expected.exists(employeeID)) {
        expect(users[index]).toBeNull();
        continue;
      }
      const enrollments = expected.userEnrollments(employeeID);
      const summary = expected.summary(enrollments);
      expect(users[index]).toEqual({
        employeeID,
        name: expected.name(employeeID),
        summary: { total: summary.total, completed: summary.completed, completionRate: summary.completionRate },
        enrollments: {
          totalCount: enrollments.length,
          nodes: enrollments.slice(0, 50).map((e) => ({ provider: e.provider, status: e.status, course: { id: e.course.id, name: e.course.name } })),
        },
      });
    }
  });

  it('filters enrollments by status while the summary keeps counting everything', async () => {
    const employeeIDs = stack.simulators.dataset.samples.teamEmployeeIDs.slice(0, 10);
    const result = await stack.query<{ users: (Member | null)[] }>(queries.TeamDashboard!, { employeeIDs, status: ['COMPLETED', 'FAILED'] });
    expect(result.errors).toBeUndefined();
    for (const [index, employeeID] of employeeIDs.entries()) {
      const user = result.data!.users[index];
      if (!user) continue;
      const all = expected.userEnrollments(employeeID);
      const matching = all.filter((e) => e.status === 'COMPLETED' || e.status === 'FAILED');
      expect(user.summary.total).toBe(all.length);
      expect(user.enrollments.totalCount).toBe(matching.length);
      expect(user.enrollments.nodes.map((n) => n.course.id)).toEqual(matching.slice(0, 50).map((e) => e.course.id));
    }
  });

  it('costs one Absorb user lookup and one bulk enrollment request for 50 employees, the same as for 10', async () => {
    const { teamEmployeeIDs } = stack.simulators.dataset.samples;
    const absorbCost = () =>
      Object.fromEntries(Object.entries(stack.requests()).filter(([key]) => key.startsWith('absorb ')));
    await stack.query(queries.TeamDashboard!, { employeeIDs: teamEmployeeIDs.slice(0, 10) });
    const forTen = absorbCost();
    stack.resetLog();
    await stack.query(queries.TeamDashboard!, { employeeIDs: teamEmployeeIDs });
    const forFifty = absorbCost();
    expect(forFifty).toEqual({ 'absorb GET /users': 1, 'absorb GET /bulk/studentcourses': 1 });
    expect(forTen).toEqual(forFifty);
  });
});

describe('BatchRoster', () => {
  type Participant = { user: { employeeID: string; name: string; summary: { total: number; completed: number } }; attended: boolean; userAssignedStatus: string; postActivityStatus: string | null; postTestScore: number };
  type Answer = {
    batch: {
      id: string;
      serial: string;
      name: string;
      course: { id: string; name: string };
      summary: Record<string, number | null>;
      participants: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Participant[] };
    };
  };

  it('answers the roster, its summary and each participant\'s learning', async () => {
    const { courseSerial, batchSerial } = stack.simulators.dataset.samples.batch;
    const result = await stack.query<Answer>(queries.BatchRoster!, { courseSerial, batchSerial });
    expect(result.errors).toBeUndefined();
    const batch = result.data!.batch;
    const roster = expected.batchRoster(courseSerial, batchSerial);
    const datasetBatch = stack.simulators.dataset.ruangkerja.batches.find((b) => b.courseSerial === courseSerial && b.serial === batchSerial)!;
    const course = stack.simulators.dataset.ruangkerja.courses.find((c) => c.serial === courseSerial)!;
    expect(roster).toHaveLength(150);
    expect(batch).toMatchObject({
      id: `ruangkerja:${courseSerial}:${batchSerial}`,
      serial: batchSerial,
      name: datasetBatch.name,
      course: { id: `ruangkerja:${courseSerial}`, name: course.name },
    });
    const tested = roster.filter((r) => r.assignment.postTestAttempt > 0);
    expect(batch.summary).toEqual({
      participants: 150,
      attended: roster.filter((r) => r.assignment.isAttend).length,
      cleared: roster.filter((r) => r.assignment.userAssignedStatus === 'Cleared').length,
      failed: roster.filter((r) => r.assignment.userAssignedStatus === 'Failed').length,
      attendanceRate: roster.filter((r) => r.assignment.isAttend).length / 150,
      averagePostTestScore: tested.length === 0 ? null : tested.reduce((s, r) => s + r.assignment.postTestScore, 0) / tested.length,
    });
    expect(batch.participants.totalCount).toBe(150);
    expect(batch.participants.pageInfo.hasNextPage).toBe(true);
    expect(batch.participants.nodes).toHaveLength(100);
    for (const [index, node] of batch.participants.nodes.entries()) {
      const { assignment, user } = roster[index]!;
      const enrollments = expected.userEnrollments(user.employeeID);
      expect(node).toEqual({
        user: {
          employeeID: user.employeeID,
          name: expected.name(user.employeeID),
          summary: { total: enrollments.length, completed: enrollments.filter((e) => e.status === 'COMPLETED').length },
        },
        attended: assignment.isAttend,
        userAssignedStatus: assignment.userAssignedStatus,
        postActivityStatus: assignment.postActivityStatus === '' ? null : assignment.postActivityStatus,
        postTestScore: assignment.postTestScore,
      });
    }
  });

  it('reads the 150-person roster in 2 pages and never asks Ruangkerja for the same user twice', async () => {
    const { courseSerial, batchSerial } = stack.simulators.dataset.samples.batch;
    await stack.query(queries.BatchRoster!, { courseSerial, batchSerial });
    const log = stack.simulators.controls.log;
    expect(log.count({ endpoint: '/ruangkerja/dashboard/courses/:courseSerial/webinar/:batchSerial/users' })).toBe(2);
    for (const endpoint of ['/ruangkerja/dashboard/users/:employeeID/courses/online', '/ruangkerja/dashboard/users/:employeeID/courses/webinar']) {
      const urls = log.matching({ endpoint }).map((e) => e.url.split('?')[0]);
      expect(new Set(urls).size).toBe(urls.length);
      expect(urls.length).toBe(100);
    }
    // Names come from Absorb's batched lookup, then the roster itself: no directory request.
    expect(log.count({ endpoint: '/ruangkerja/users' })).toBe(0);
  });

  it('is null for an unknown batch', async () => {
    const { courseSerial } = stack.simulators.dataset.samples.batch;
    const result = await stack.query(queries.BatchRoster!, { courseSerial, batchSerial: 'BATCH-NOPE' });
    expect(result).toEqual({ data: { batch: null } });
  });
});

describe('CourseDashboard', () => {
  type Answer = {
    course: {
      id: string;
      name: string;
      kind: string;
      summary: Record<string, number | null>;
      enrollments: { totalCount: number; nodes: Record<string, unknown>[] };
      sessions: { id: string; name: string; enrollments: { user: { employeeID: string; name: string } | null; status: string; dateCompleted: string | null }[] }[];
    };
  };

  it('answers an Absorb course with 300+ learners and resolves names in batches', async () => {
    const { absorbCourseId } = stack.simulators.dataset.samples;
    const result = await stack.query<Answer>(queries.CourseDashboard!, { id: `absorb:${absorbCourseId}` });
    expect(result.errors).toBeUndefined();
    const course = result.data!.course;
    // In id order, like every enrollment list (one course, one provider), not Absorb's own.
    const byId = (a: { id: string }, b: { id: string }) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : a.id.toLowerCase() > b.id.toLowerCase() ? 1 : 0);
    const enrollments = expected.absorbCourseEnrollments(absorbCourseId).sort(byId);
    expect(enrollments.length).toBeGreaterThanOrEqual(300);
    const wants = enrollments.map((e) => expected.absorbEnrollment(e));
    const { total, completed, inProgress, notStarted, failed, completionRate } = expected.summary(wants);
    expect(course.summary).toEqual({ total, completed, inProgress, notStarted, failed, completionRate });
    expect(course.kind).toBe('ONLINE');
    expect(course.sessions).toEqual([]);
    expect(course.enrollments.totalCount).toBe(enrollments.length);
    expect(course.enrollments.nodes).toHaveLength(200);
    for (const [index, node] of course.enrollments.nodes.entries()) {
      const e = enrollments[index]!;
      const employeeID = expected.employeeOfAbsorbUser(e.userId);
      expect(node).toEqual({
        user: employeeID === null ? null : { employeeID, name: expected.name(employeeID) },
        status: wants[index]!.status,
        providerStatus: wants[index]!.providerStatus,
        score: e.score,
        progress: e.progress,
      });
    }
    const userLookups = stack.simulators.controls.log.count({ provider: 'absorb', endpoint: '/users' });
    expect(userLookups).toBeGreaterThan(0);
    expect(userLookups).toBeLessThanOrEqual(4);
    expect(stack.simulators.controls.log.count({ provider: 'ruangkerja' })).toBe(0);
  });

  it('answers an instructor-led course with its sessions and their enrollments', async () => {
    const { absorbIlcCourseId } = stack.simulators.dataset.samples;
    const result = await stack.query<Answer>(queries.CourseDashboard!, { id: `absorb:${absorbIlcCourseId}` });
    expect(result.errors).toBeUndefined();
    const course = result.data!.course;
    const { dataset } = stack.simulators;
    const sessions = dataset.absorb.sessions.filter((s) => s.courseId.toLowerCase() === absorbIlcCourseId.toLowerCase());
    expect(course.kind).toBe('INSTRUCTOR_LED');
    expect(course.sessions.map((s) => s.id).sort()).toEqual(sessions.map((s) => `absorb:${s.id.toLowerCase()}`).sort());
    for (const session of course.sessions) {
      const roster = dataset.absorb.sessionEnrollments.filter((s) => `absorb:${s.sessionId.toLowerCase()}` === session.id);
      expect(session.enrollments).toHaveLength(roster.length);
      expect(session.enrollments.map((e) => e.user?.employeeID ?? null).sort()).toEqual(roster.map((r) => expected.employeeOfAbsorbUser(r.userId)).sort());
    }
  });

  it('answers a community course with memberships', async () => {
    const { communityCourseId } = stack.simulators.dataset.samples;
    const result = await stack.query<Answer>(queries.CourseDashboard!, { id: `selfcommunity:${communityCourseId}` });
    expect(result.errors).toBeUndefined();
    const members = stack.simulators.dataset.selfcommunity.members.filter((m) => m.courseId === communityCourseId && m.join_status !== null);
    expect(result.data!.course.kind).toBe('COMMUNITY');
    expect(result.data!.course.enrollments.totalCount).toBe(members.length);
    const first = result.data!.course.enrollments.nodes[0]!;
    expect(first).toHaveProperty('joinStatus');
    expect(first).toHaveProperty('completionRate');
  });

  it('is null for an unknown course and BAD_USER_INPUT for a malformed id', async () => {
    expect(await stack.query(queries.CourseDashboard!, { id: 'absorb:00000000-0000-4000-8000-000000000000' })).toEqual({ data: { course: null } });
    const bad = await stack.query(queries.CourseDashboard!, { id: 'moodle:1' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('EnrollmentDetail', () => {
  it('answers an Absorb enrollment with chapters, lessons and attempts', async () => {
    const { absorbEnrollmentId } = stack.simulators.dataset.samples;
    type Answer = { enrollment: { id: string; status: string; course: { id: string; name: string }; user: { employeeID: string }; chapters: Record<string, unknown>[]; lessons: (Record<string, unknown> & { attempts: Record<string, unknown>[] })[] } };
    const result = await stack.query<Answer>(queries.EnrollmentDetail!, { id: `absorb:${absorbEnrollmentId}` });
    expect(result.errors).toBeUndefined();
    const { dataset } = stack.simulators;
    const e = dataset.absorb.enrollments.find((x) => x.id === absorbEnrollmentId)!;
    const enrollment = result.data!.enrollment;
    expect(enrollment).toMatchObject({
      id: `absorb:${absorbEnrollmentId.toLowerCase()}`,
      status: expected.absorbEnrollment(e).status,
      course: { id: `absorb:${e.courseId.toLowerCase()}`, name: e.courseName },
      user: { employeeID: expected.employeeOfAbsorbUser(e.userId) },
    });
    const chapters = dataset.absorb.chapterEnrollments.filter((c) => c.courseEnrollmentId === e.id);
    const lessons = dataset.absorb.lessonEnrollments.filter((l) => l.courseEnrollmentId === e.id);
    expect(chapters.length).toBeGreaterThan(0);
    expect(enrollment.chapters.map((c) => c.id)).toEqual(chapters.map((c) => `absorb:${c.id.toLowerCase()}`));
    expect(enrollment.lessons.map((l) => l.id)).toEqual(lessons.map((l) => `absorb:${l.id.toLowerCase()}`));
    const attemptCount = enrollment.lessons.reduce((n, l) => n + l.attempts.length, 0);
    expect(attemptCount).toBe(dataset.absorb.attempts.filter((a) => lessons.some((l) => l.id === a.lessonEnrollmentId)).length);
    expect(attemptCount).toBeGreaterThan(0);
    // One request per lesson for attempts: Absorb has no bulk form for them.
    expect(stack.simulators.controls.log.count({ endpoint: '/users/:userId/enrollments/:courseId/lessons/:lessonId/attempts' })).toBe(lessons.length);
  });
});
