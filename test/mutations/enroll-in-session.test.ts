/**
 * enrollInSession: a seat in one session of an instructor-led course (and the course enrollment
 * it needs), Absorb's single-session rules as CONFLICT on the field that resolves them
 * (cancelSession, reEnroll), a wrong session named before any write, idempotent retries, 5xx.
 */
import type { AbsorbCourse } from '../../src/simulators/dataset/types.js';
import { UNKNOWN_GUID, activeCourse, activeEnrollmentsOf, employeeOf, errorCodes, startWriteStack, userErrorsOf, userNotIn, type WriteStack } from './support.js';

const ENROLL = `
  mutation Seat($e: ID!, $c: ID!, $s: ID!, $reEnroll: Boolean, $cancel: Boolean, $key: String) {
    enrollInSession(userEmployeeID: $e, courseId: $c, sessionId: $s, reEnroll: $reEnroll, cancelSession: $cancel, idempotencyKey: $key) {
      enrollment { id isActive course { id kind } sessions { id session { id } } }
      sessionEnrollment { id status session { id name } user { employeeID } }
      userErrors { field message code }
    }
  }`;

type SeatAnswer = {
  enrollInSession: {
    enrollment: { id: string; isActive: boolean; sessions: { id: string; session: { id: string } }[] } | null;
    sessionEnrollment: { id: string; status: string; session: { id: string }; user: { employeeID: string } } | null;
    userErrors: { field: string[] | null; code: string; message: string }[];
  };
};

let stack: WriteStack;
const ENDPOINT = 'POST /users/:userId/enrollments/:courseId/session/:sessionId';

beforeAll(async () => {
  stack = await startWriteStack();
  await stack.send('{ user(employeeID: "EMP00001") { name } }');
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.simulators.controls.clearFaults();
  stack.resetLog();
});

/** Instructor-led courses with at least two sessions, a different one per call. */
let nextCourse = 0;
function anIlc(): { course: AbsorbCourse; sessions: string[] } {
  const data = stack.data();
  const ilcs = data.courses.filter((c) => c.courseType === 'InstructorLedCourse' && c.activeStatus === 0 && data.sessions.filter((s) => s.courseId === c.id).length >= 2);
  const course = ilcs[nextCourse++ % ilcs.length]!;
  return { course, sessions: data.sessions.filter((s) => s.courseId === course.id).map((s) => s.id) };
}

describe('enrollInSession', () => {
  it('enrolls in the course and the session with one write; the payload reads both back', async () => {
    const { course, sessions } = anIlc();
    const user = userNotIn(stack.data(), course);
    const employeeID = employeeOf(user);
    const result = await stack.send<SeatAnswer>(ENROLL, { e: employeeID, c: `absorb:${course.id}`, s: `absorb:${sessions[0]}` });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.enrollInSession;
    expect(payload.userErrors).toEqual([]);
    const [enrollment] = activeEnrollmentsOf(stack.data(), user.id, course.id);
    const row = stack.data().sessionEnrollments.find((s) => s.courseEnrollmentId === enrollment!.id);
    const session = stack.data().sessions.find((s) => s.id === sessions[0])!;
    expect(payload.sessionEnrollment).toEqual({ id: `absorb:${row!.id}`, status: 'NOT_STARTED', session: { id: `absorb:${session.id}`, name: session.name }, user: { employeeID } });
    expect(payload.enrollment).toMatchObject({ id: `absorb:${enrollment!.id}`, isActive: true, sessions: [{ id: `absorb:${row!.id}`, session: { id: `absorb:${sessions[0]}` } }] });
    expect(stack.absorbWrites()).toEqual({ [ENDPOINT]: 1 });
  });

  it('refuses a second session without cancelSession (CONFLICT on it) and moves the seat with it', async () => {
    const { course, sessions } = anIlc();
    const user = userNotIn(stack.data(), course);
    const base = { e: employeeOf(user), c: `absorb:${course.id}` };
    await stack.send(ENROLL, { ...base, s: `absorb:${sessions[0]}` });
    const again = userErrorsOf(await stack.send(ENROLL, { ...base, s: `absorb:${sessions[0]}` }), 'enrollInSession');
    expect(again.map((e) => [e.field, e.code])).toEqual([[['sessionId'], 'CONFLICT']]);
    const other = userErrorsOf(await stack.send(ENROLL, { ...base, s: `absorb:${sessions[1]}` }), 'enrollInSession');
    expect(other.map((e) => [e.field, e.code])).toEqual([[['cancelSession'], 'CONFLICT']]);
    const moved = await stack.send<SeatAnswer>(ENROLL, { ...base, s: `absorb:${sessions[1]}`, cancel: true });
    expect(moved.data!.enrollInSession.enrollment!.sessions.map((s) => s.session.id)).toEqual([`absorb:${sessions[1]}`]);
    expect(stack.absorbWrites()).toEqual({ [ENDPOINT]: 4 });
  });

  it('names a session that does not exist, or belongs to another course, before any write', async () => {
    const { course } = anIlc();
    const { sessions: otherSessions } = anIlc();
    const user = userNotIn(stack.data(), course);
    const base = { e: employeeOf(user), c: `absorb:${course.id}` };
    const unknown = userErrorsOf(await stack.send(ENROLL, { ...base, s: `absorb:${UNKNOWN_GUID}` }), 'enrollInSession');
    expect(unknown.map((e) => [e.field, e.code])).toEqual([[['sessionId'], 'NOT_FOUND']]);
    const foreign = userErrorsOf(await stack.send(ENROLL, { ...base, s: `absorb:${otherSessions[0]}` }), 'enrollInSession');
    expect(foreign.map((e) => [e.field, e.code])).toEqual([[['sessionId'], 'INVALID_VALUE']]);
    expect(stack.absorbWrites()).toEqual({});
  });

  it('refuses malformed ids before any upstream request', async () => {
    const errors = userErrorsOf(await stack.send(ENROLL, { e: 'EMP 1', c: 'absorb:zz', s: 'session-1' }), 'enrollInSession');
    expect(errors.map(({ field, code }) => ({ field, code }))).toEqual([
      { field: ['userEmployeeID'], code: 'INVALID_ID' },
      { field: ['courseId'], code: 'INVALID_ID' },
      { field: ['sessionId'], code: 'INVALID_ID' },
    ]);
    expect(stack.requests()).toEqual({});
  });

  it("maps Absorb's 422 for a course that is not instructor-led to the course", async () => {
    const online = activeCourse(stack.data(), 'OnlineCourse', 1);
    const { sessions } = anIlc();
    // A session of another course is refused by us; make Absorb see this one as the online course's.
    const session = stack.data().sessions.find((s) => s.id === sessions[0])!;
    const original = session.courseId;
    session.courseId = online.id;
    try {
      const user = userNotIn(stack.data(), online);
      const errors = userErrorsOf(await stack.send(ENROLL, { e: employeeOf(user), c: `absorb:${online.id}`, s: `absorb:${session.id}` }), 'enrollInSession');
      expect(errors.map((e) => [e.field, e.code])).toEqual([[['courseId'], 'CONFLICT']]);
      expect(errors[0]!.message).toMatch(/not an instructor-led course/);
    } finally {
      session.courseId = original;
    }
  });

  it('with an idempotency key, concurrent and later retries write once', async () => {
    const { course, sessions } = anIlc();
    const user = userNotIn(stack.data(), course);
    const variables = { e: employeeOf(user), c: `absorb:${course.id}`, s: `absorb:${sessions[0]}`, reEnroll: true, key: 'seat-1' };
    const answers = await Promise.all([1, 2, 3].map(() => stack.send<SeatAnswer>(ENROLL, variables)));
    const later = await stack.send<SeatAnswer>(ENROLL, variables);
    const ids = new Set([...answers, later].map((a) => a.data!.enrollInSession.sessionEnrollment!.id));
    expect(ids.size).toBe(1);
    expect(stack.absorbWrites()).toEqual({ [ENDPOINT]: 1 });
    expect(stack.data().enrollments.filter((e) => e.userId === user.id && e.courseId === course.id)).toHaveLength(1);
  });

  it('reports a 503 on the write once, not retried', async () => {
    const { course, sessions } = anIlc();
    const user = userNotIn(stack.data(), course);
    stack.simulators.controls.addFault({ provider: 'absorb', method: 'POST', endpoint: '/users/:userId/enrollments/:courseId/session/:sessionId', kind: 'error', status: 503, times: 1 });
    const result = await stack.send(ENROLL, { e: employeeOf(user), c: `absorb:${course.id}`, s: `absorb:${sessions[0]}` });
    expect(errorCodes(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(stack.absorbWrites()).toEqual({ [ENDPOINT]: 1 });
    expect(activeEnrollmentsOf(stack.data(), user.id, course.id)).toHaveLength(0);
  });
});
