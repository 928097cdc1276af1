/**
 * enrollInCourse against the Absorb simulator over real HTTP: the enrollment is created once,
 * shows in the learner's dashboard right after, input problems are answered before any upstream
 * request, Absorb's refusals come back as user errors on the right field, an idempotency key makes
 * a retry write nothing, and a 5xx is reported once and not retried.
 */
import { contractQueries } from '../helpers/contract.js';
import {
  UNKNOWN_GUID,
  addInactiveCourse,
  activeCourse,
  activeEnrollmentsOf,
  employeeOf,
  enrollmentsOf,
  errorCodes,
  startWriteStack,
  token,
  userErrorsOf,
  userNotIn,
  type WriteStack,
} from './support.js';

const ENROLL = `
  mutation Enroll($employeeID: ID!, $courseId: ID!, $reEnroll: Boolean, $key: String) {
    enrollInCourse(userEmployeeID: $employeeID, courseId: $courseId, reEnroll: $reEnroll, idempotencyKey: $key) {
      enrollment { id provider status providerStatus isActive progress course { id name kind } user { employeeID } }
      user { employeeID }
      userErrors { field message code }
    }
  }`;

type EnrollAnswer = {
  enrollInCourse: {
    enrollment: { id: string; status: string; isActive: boolean; course: { id: string; kind: string }; user: { employeeID: string } } | null;
    user: { employeeID: string } | null;
    userErrors: { field: string[] | null; message: string; code: string }[];
  };
};

let stack: WriteStack;

beforeAll(async () => {
  stack = await startWriteStack();
  // Log in to Absorb once, so each test counts only its own requests.
  await stack.send('{ user(employeeID: "EMP00001") { name } }');
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.simulators.controls.clearFaults();
  stack.resetLog();
});

describe('enrollInCourse', () => {
  it('creates one enrollment with one Absorb write, answers it read fresh, and LearnerDashboard lists it next', async () => {
    const course = activeCourse(stack.data(), 'OnlineCourse', 9);
    const user = userNotIn(stack.data(), course);
    const employeeID = employeeOf(user);

    const result = await stack.send<EnrollAnswer>(ENROLL, { employeeID, courseId: `absorb:${course.id}` });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.enrollInCourse;
    expect(payload.userErrors).toEqual([]);
    const [created] = activeEnrollmentsOf(stack.data(), user.id, course.id);
    expect(created).toBeDefined();
    expect(payload.enrollment).toEqual({
      id: `absorb:${created!.id}`,
      provider: 'ABSORB',
      status: 'NOT_STARTED',
      providerStatus: 'NotStarted',
      isActive: true,
      progress: 0,
      course: { id: `absorb:${course.id}`, name: course.name, kind: 'ONLINE' },
      user: { employeeID },
    });
    expect(payload.user).toEqual({ employeeID });
    expect(stack.absorbWrites()).toEqual({ 'POST /users/:userId/enrollments/:courseId': 1 });

    // The dashboards' own query, in a request of its own, shows the new enrollment.
    const dashboard = await stack.send<{ user: { enrollments: { nodes: { id: string; status: string; isActive?: boolean }[] } } }>(contractQueries().LearnerDashboard!, { employeeID });
    expect(dashboard.errors).toBeUndefined();
    expect(dashboard.data!.user.enrollments.nodes).toContainEqual(expect.objectContaining({ id: `absorb:${created!.id}`, status: 'NOT_STARTED', isActive: true }));
  });

  it('forgets what the request read: a second enrollment in the same request sees the first', async () => {
    const first = activeCourse(stack.data(), 'OnlineCourse', 1);
    const second = activeCourse(stack.data(), 'OnlineCourse', 2);
    const user = stack.data().users.find((u) => u.employeeNumber !== null && ![first, second].some((c) => stack.data().enrollments.some((e) => e.userId === u.id && e.courseId === c.id)));
    const employeeID = employeeOf(user!);
    const result = await stack.send<Record<'a' | 'b', { user: { enrollments: { totalCount: number } } }>>(
      `mutation Two($e: ID!, $c1: ID!, $c2: ID!) {
        a: enrollInCourse(userEmployeeID: $e, courseId: $c1) { user { enrollments(provider: [ABSORB]) { totalCount } } }
        b: enrollInCourse(userEmployeeID: $e, courseId: $c2) { user { enrollments(provider: [ABSORB]) { totalCount } } }
      }`,
      { e: employeeID, c1: `absorb:${first.id}`, c2: `absorb:${second.id}` },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.b.user.enrollments.totalCount).toBe(result.data!.a.user.enrollments.totalCount + 1);
  });

  it('refuses malformed input before any upstream request, naming each field', async () => {
    const cases: [Record<string, unknown>, { field: string[]; code: string }[]][] = [
      [{ employeeID: '../admin', courseId: 'absorb:not-a-guid' }, [{ field: ['userEmployeeID'], code: 'INVALID_ID' }, { field: ['courseId'], code: 'INVALID_ID' }]],
      [{ employeeID: 'EMP00001', courseId: 'ruangkerja:COURSE-1' }, [{ field: ['courseId'], code: 'NOT_SUPPORTED' }]],
      [{ employeeID: 'EMP00001', courseId: `absorb:${UNKNOWN_GUID}`, key: '' }, [{ field: ['idempotencyKey'], code: 'INVALID_VALUE' }]],
      [{ employeeID: 'EMP00001', courseId: `absorb:${UNKNOWN_GUID}`, key: 'k'.repeat(201) }, [{ field: ['idempotencyKey'], code: 'INVALID_VALUE' }]],
    ];
    for (const [variables, expected] of cases) {
      const errors = userErrorsOf(await stack.send(ENROLL, variables), 'enrollInCourse');
      expect(errors.map(({ field, code }) => ({ field, code }))).toEqual(expected);
      for (const error of errors) expect(error.message.length).toBeGreaterThan(0);
    }
    expect(stack.absorbRequests()).toEqual({});
  });

  it('answers NOT_FOUND for an employee Absorb does not know, after one look-up and no write', async () => {
    const course = activeCourse(stack.data(), 'OnlineCourse');
    const errors = userErrorsOf(await stack.send(ENROLL, { employeeID: 'NOBODY-HERE', courseId: `absorb:${course.id}` }), 'enrollInCourse');
    expect(errors).toEqual([{ field: ['userEmployeeID'], code: 'NOT_FOUND', message: expect.stringContaining('NOBODY-HERE') }]);
    expect(stack.absorbWrites()).toEqual({});
    expect(stack.absorbRequests()).toEqual({ 'GET /users': 1 });
  });

  it("maps Absorb's 404 and 422 to user errors on the field at fault", async () => {
    const course = activeCourse(stack.data(), 'OnlineCourse');
    const enrolled = stack.data().enrollments.find((e) => e.courseId === course.id && e.isActive && stack.data().users.some((u) => u.id === e.userId && u.employeeNumber !== null));
    const employeeID = employeeOf(stack.data().users.find((u) => u.id === enrolled!.userId)!);

    const unknownCourse = userErrorsOf(await stack.send(ENROLL, { employeeID, courseId: `absorb:${UNKNOWN_GUID}` }), 'enrollInCourse');
    expect(unknownCourse).toEqual([{ field: ['courseId'], code: 'NOT_FOUND', message: 'Absorb has no such course' }]);

    const already = userErrorsOf(await stack.send(ENROLL, { employeeID, courseId: `absorb:${course.id}` }), 'enrollInCourse');
    expect(already).toEqual([{ field: ['courseId'], code: 'CONFLICT', message: expect.stringContaining('already has an active enrollment') }]);

    const inactive = addInactiveCourse(stack.data());
    const refused = userErrorsOf(await stack.send(ENROLL, { employeeID, courseId: `absorb:${inactive!.id}` }), 'enrollInCourse');
    expect(refused).toEqual([{ field: ['courseId'], code: 'CONFLICT', message: expect.stringContaining('inactive') }]);
    expect(stack.absorbWrites()).toEqual({ 'POST /users/:userId/enrollments/:courseId': 3 });
  });

  it('re-enrolls with reEnroll: true, keeping the old enrollment as history', async () => {
    const course = activeCourse(stack.data(), 'OnlineCourse', 3);
    const user = userNotIn(stack.data(), course);
    const employeeID = employeeOf(user);
    const first = await stack.send<EnrollAnswer>(ENROLL, { employeeID, courseId: `absorb:${course.id}` });
    const second = await stack.send<EnrollAnswer>(ENROLL, { employeeID, courseId: `absorb:${course.id}`, reEnroll: true });
    expect(second.data!.enrollInCourse.userErrors).toEqual([]);
    expect(second.data!.enrollInCourse.enrollment!.id).not.toBe(first.data!.enrollInCourse.enrollment!.id);
    expect(enrollmentsOf(stack.data(), user.id, course.id).map((e) => e.isActive)).toEqual([false, true]);
  });

  it('with an idempotency key, a retry returns the first enrollment and writes nothing', async () => {
    const course = activeCourse(stack.data(), 'OnlineCourse', 4);
    const user = userNotIn(stack.data(), course);
    const variables = { employeeID: employeeOf(user), courseId: `absorb:${course.id}`, reEnroll: true, key: 'enroll-4f1c' };
    const first = await stack.send<EnrollAnswer>(ENROLL, variables);
    const retry = await stack.send<EnrollAnswer>(ENROLL, variables);
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.enrollInCourse).toEqual(first.data!.enrollInCourse);
    // reEnroll: true would have made a second enrollment had the write been sent again.
    expect(enrollmentsOf(stack.data(), user.id, course.id)).toHaveLength(1);
    expect(stack.absorbWrites()).toEqual({ 'POST /users/:userId/enrollments/:courseId': 1 });

    // The same key with other input is refused, not answered with the first payload.
    const other = userErrorsOf(await stack.send(ENROLL, { ...variables, reEnroll: false }), 'enrollInCourse');
    expect(other).toEqual([{ field: ['idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED', message: expect.any(String) }]);
    expect(stack.absorbWrites()).toEqual({ 'POST /users/:userId/enrollments/:courseId': 1 });
  });

  it("keeps keys per caller: another caller's request with the same key is its own", async () => {
    const course = activeCourse(stack.data(), 'OnlineCourse', 8);
    const user = userNotIn(stack.data(), course);
    const variables = { employeeID: employeeOf(user), courseId: `absorb:${course.id}`, key: 'shared-key' };
    expect(userErrorsOf(await stack.send(ENROLL, variables), 'enrollInCourse')).toEqual([]);
    const someoneElse = await token('learning:read:all learning:write', undefined, 'another-admin');
    const theirs = userErrorsOf(await stack.send(ENROLL, variables, someoneElse), 'enrollInCourse');
    // Sent to Absorb, which refuses a second active enrollment.
    expect(theirs.map((e) => e.code)).toEqual(['CONFLICT']);
    expect(stack.absorbWrites()).toEqual({ 'POST /users/:userId/enrollments/:courseId': 2 });
  });

  it('lets concurrent retries with one key write once and all answer the same enrollment', async () => {
    const course = activeCourse(stack.data(), 'OnlineCourse', 5);
    const user = userNotIn(stack.data(), course);
    const variables = { employeeID: employeeOf(user), courseId: `absorb:${course.id}`, reEnroll: true, key: 'double-click' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => stack.send<EnrollAnswer>(ENROLL, variables)));
    const ids = new Set(answers.map((answer) => answer.data?.enrollInCourse.enrollment?.id));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^absorb:/);
    expect(enrollmentsOf(stack.data(), user.id, course.id)).toHaveLength(1);
    expect(stack.absorbWrites()).toEqual({ 'POST /users/:userId/enrollments/:courseId': 1 });
  });

  it('reports an upstream 503 on the write once, as UPSTREAM_UNAVAILABLE, without retrying it', async () => {
    const course = activeCourse(stack.data(), 'OnlineCourse', 6);
    const user = userNotIn(stack.data(), course);
    stack.simulators.controls.addFault({ provider: 'absorb', method: 'POST', endpoint: '/users/:userId/enrollments/:courseId', kind: 'error', status: 503, times: 1 });
    const variables = { employeeID: employeeOf(user), courseId: `absorb:${course.id}`, key: 'after-outage' };
    const failed = await stack.send<EnrollAnswer>(ENROLL, variables);
    expect(failed.data).toBeNull();
    expect(failed.errors).toHaveLength(1);
    expect(failed.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'absorb', upstreamStatus: 503 });
    expect(failed.errors![0]!.path).toEqual(['enrollInCourse']);
    expect(stack.absorbWrites()).toEqual({ 'POST /users/:userId/enrollments/:courseId': 1 });
    expect(enrollmentsOf(stack.data(), user.id, course.id)).toHaveLength(0);

    // The failure was not remembered under the key: the client's own retry is sent, once.
    const retried = await stack.send<EnrollAnswer>(ENROLL, variables);
    expect(retried.data!.enrollInCourse.userErrors).toEqual([]);
    expect(stack.absorbWrites()).toEqual({ 'POST /users/:userId/enrollments/:courseId': 2 });
    expect(activeEnrollmentsOf(stack.data(), user.id, course.id)).toHaveLength(1);
  });

  it('answers a read failure after a successful write as a field error, keeping the enrollment', async () => {
    const course = activeCourse(stack.data(), 'OnlineCourse', 7);
    const user = userNotIn(stack.data(), course);
    stack.simulators.controls.addFault({ provider: 'absorb', method: 'GET', endpoint: '/enrollments/:enrollmentId', kind: 'error', status: 500, times: 10 });
    const result = await stack.send<EnrollAnswer>(ENROLL, { employeeID: employeeOf(user), courseId: `absorb:${course.id}` });
    expect(result.data!.enrollInCourse).toMatchObject({ enrollment: null, user: { employeeID: employeeOf(user) }, userErrors: [] });
    expect(errorCodes(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(result.errors![0]!.path).toEqual(['enrollInCourse', 'enrollment']);
    expect(activeEnrollmentsOf(stack.data(), user.id, course.id)).toHaveLength(1);
  });
});
