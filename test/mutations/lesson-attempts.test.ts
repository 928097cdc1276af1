/**
 * startLessonAttempt and finishLessonAttempt on a fresh online-course enrollment: the attempt,
 * its lesson and its course enrollment come back changed, a later query sees them, Absorb's
 * refusals (already finished, not this lesson's attempt, lesson of another course) are user
 * errors, bad input costs no upstream request, retries with a key write once, a 5xx is not retried.
 */
import type { AbsorbCourse } from '../../src/simulators/dataset/types.js';
import { UNKNOWN_GUID, employeeOf, errorCodes, startWriteStack, userErrorsOf, userNotIn, type WriteStack } from './support.js';

const START = `
  mutation Start($enrollmentId: ID!, $lessonId: ID!, $key: String) {
    startLessonAttempt(enrollmentId: $enrollmentId, lessonId: $lessonId, idempotencyKey: $key) {
      attempt { id status providerStatus score dateStarted dateCompleted }
      lesson { lessonId status attempts { id } }
      enrollment { id status }
      userErrors { field message code }
    }
  }`;

const FINISH = `
  mutation Finish($attemptId: ID!, $input: FinishLessonAttemptInput!, $key: String) {
    finishLessonAttempt(attemptId: $attemptId, input: $input, idempotencyKey: $key) {
      attempt { id status providerStatus score dateStarted dateCompleted }
      lesson { lessonId status score }
      enrollment { id }
      userErrors { field message code }
    }
  }`;

type Attempt = { id: string; status: string; providerStatus: string; score: number | null; dateStarted: string | null; dateCompleted: string | null };
type StartAnswer = { startLessonAttempt: { attempt: Attempt | null; lesson: { lessonId: string; status: string; attempts: { id: string }[] } | null; enrollment: { id: string; status: string } | null; userErrors: unknown[] } };
type FinishAnswer = { finishLessonAttempt: { attempt: Attempt | null; lesson: { lessonId: string; status: string; score: number | null } | null; enrollment: { id: string } | null; userErrors: unknown[] } };

const START_ENDPOINT = 'POST /users/:userId/enrollments/:courseId/lessons/:lessonId/startattempt';
const FINISH_ENDPOINT = 'POST /users/:userId/enrollments/:courseId/lessons/:lessonId/attempts/:attemptId/finish';

let stack: WriteStack;
let course: AbsorbCourse;
let lessons: string[];

beforeAll(async () => {
  stack = await startWriteStack();
  const data = stack.data();
  course = data.courses.filter((c) => c.courseType === 'OnlineCourse' && c.activeStatus === 0 && data.lessons.filter((l) => l.courseId === c.id).length >= 3)[1]!;
  lessons = data.lessons.filter((l) => l.courseId === course.id).map((l) => l.id);
  await stack.send('{ user(employeeID: "EMP00001") { name } }');
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.simulators.controls.clearFaults();
  stack.resetLog();
});

/** A new learner enrolled in the course (through the mutation), their enrollment's global id. */
const enrolled: string[] = [];
async function freshEnrollment(): Promise<string> {
  const user = userNotIn(stack.data(), course, enrolled);
  enrolled.push(user.id);
  const result = await stack.send<{ enrollInCourse: { enrollment: { id: string } } }>(
    'mutation($e: ID!, $c: ID!) { enrollInCourse(userEmployeeID: $e, courseId: $c) { enrollment { id } } }',
    { e: employeeOf(user), c: `absorb:${course.id}` },
  );
  stack.resetLog();
  return result.data!.enrollInCourse.enrollment.id;
}

async function started(enrollmentId: string, lessonId = lessons[0]!): Promise<string> {
  const result = await stack.send<StartAnswer>(START, { enrollmentId, lessonId: `absorb:${lessonId}` });
  stack.resetLog();
  return result.data!.startLessonAttempt.attempt!.id;
}

describe('startLessonAttempt', () => {
  it('starts an attempt with one write; attempt, lesson and course enrollment come back started', async () => {
    const enrollmentId = await freshEnrollment();
    const result = await stack.send<StartAnswer>(START, { enrollmentId, lessonId: `absorb:${lessons[0]}` });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.startLessonAttempt;
    const stored = stack.data().attempts.at(-1)!;
    expect(payload).toEqual({
      attempt: { id: `absorb:${stored.id}`, status: 'IN_PROGRESS', providerStatus: 'InProgress', score: null, dateStarted: expect.any(String), dateCompleted: null },
      lesson: { lessonId: `absorb:${lessons[0]}`, status: 'IN_PROGRESS', attempts: [{ id: `absorb:${stored.id}` }] },
      enrollment: { id: enrollmentId, status: 'IN_PROGRESS' },
      userErrors: [],
    });
    expect(stack.absorbWrites()).toEqual({ [START_ENDPOINT]: 1 });
  });

  it('refuses a historical enrollment before any write, and maps a lesson of another course to NOT_FOUND', async () => {
    const history = stack.data().enrollments.find((e) => !e.isActive);
    const historical = userErrorsOf(await stack.send(START, { enrollmentId: `absorb:${history!.id}`, lessonId: `absorb:${lessons[0]}` }), 'startLessonAttempt');
    expect(historical.map((e) => [e.field, e.code])).toEqual([[['enrollmentId'], 'CONFLICT']]);
    expect(stack.absorbWrites()).toEqual({});

    const enrollmentId = await freshEnrollment();
    const foreignLesson = stack.data().lessons.find((l) => l.courseId !== course.id)!;
    const foreign = userErrorsOf(await stack.send(START, { enrollmentId, lessonId: `absorb:${foreignLesson.id}` }), 'startLessonAttempt');
    expect(foreign.map((e) => [e.field, e.code])).toEqual([[['lessonId'], 'NOT_FOUND']]);
    expect(stack.absorbWrites()).toEqual({ [START_ENDPOINT]: 1 });
  });

  it('refuses malformed ids before any upstream request', async () => {
    const errors = userErrorsOf(await stack.send(START, { enrollmentId: 'absorb:1', lessonId: 'lesson' }), 'startLessonAttempt');
    expect(errors.map(({ field, code }) => ({ field, code }))).toEqual([
      { field: ['enrollmentId'], code: 'INVALID_ID' },
      { field: ['lessonId'], code: 'INVALID_ID' },
    ]);
    expect(stack.requests()).toEqual({});
  });

  it('with an idempotency key, a retry answers the same attempt and starts no other', async () => {
    const enrollmentId = await freshEnrollment();
    const variables = { enrollmentId, lessonId: `absorb:${lessons[1]}`, key: 'start-1' };
    const before = stack.data().attempts.length;
    const first = await stack.send<StartAnswer>(START, variables);
    const retry = await stack.send<StartAnswer>(START, variables);
    expect(retry.data!.startLessonAttempt.attempt!.id).toBe(first.data!.startLessonAttempt.attempt!.id);
    expect(stack.data().attempts.length).toBe(before + 1);
    expect(stack.absorbWrites()).toEqual({ [START_ENDPOINT]: 1 });
  });

  it('reports a 503 on the write once, not retried', async () => {
    const enrollmentId = await freshEnrollment();
    const before = stack.data().attempts.length;
    stack.simulators.controls.addFault({ provider: 'absorb', method: 'POST', endpoint: '/users/:userId/enrollments/:courseId/lessons/:lessonId/startattempt', kind: 'error', status: 503, times: 1 });
    const result = await stack.send(START, { enrollmentId, lessonId: `absorb:${lessons[0]}` });
    expect(errorCodes(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(stack.absorbWrites()).toEqual({ [START_ENDPOINT]: 1 });
    expect(stack.data().attempts.length).toBe(before);
  });
});

describe('finishLessonAttempt', () => {
  it('finishes with one write; the attempt and its lesson come back completed and a later query sees them', async () => {
    const enrollmentId = await freshEnrollment();
    const attemptId = await started(enrollmentId);
    const input = { enrollmentId, lessonId: `absorb:${lessons[0]}`, outcome: 'COMPLETED', score: 91, completedAt: new Date().toISOString() };
    const result = await stack.send<FinishAnswer>(FINISH, { attemptId, input });
    expect(result.errors).toBeUndefined();
    expect(result.data!.finishLessonAttempt).toMatchObject({
      attempt: { id: attemptId, status: 'COMPLETED', providerStatus: 'Complete', score: 91, dateCompleted: expect.any(String) },
      lesson: { lessonId: `absorb:${lessons[0]}`, status: 'COMPLETED', score: 91 },
      enrollment: { id: enrollmentId },
      userErrors: [],
    });
    expect(stack.absorbWrites()).toEqual({ [FINISH_ENDPOINT]: 1 });

    const later = await stack.send<{ enrollment: { lessons: { lessonId: string; status: string; attempts: { id: string; status: string }[] }[] } }>(
      'query($id: ID!) { enrollment(id: $id) { ... on AbsorbCourseEnrollment { lessons { lessonId status attempts { id status } } } } }',
      { id: enrollmentId },
    );
    expect(later.data!.enrollment.lessons).toContainEqual({ lessonId: `absorb:${lessons[0]}`, status: 'COMPLETED', attempts: [{ id: attemptId, status: 'COMPLETED' }] });
  });

  it("maps Absorb's refusals: a finished attempt is CONFLICT, another lesson's is NOT_FOUND", async () => {
    const enrollmentId = await freshEnrollment();
    const attemptId = await started(enrollmentId);
    const input = { enrollmentId, lessonId: `absorb:${lessons[0]}`, outcome: 'FAILED' };
    expect(userErrorsOf(await stack.send(FINISH, { attemptId, input }), 'finishLessonAttempt')).toEqual([]);
    const twice = userErrorsOf(await stack.send(FINISH, { attemptId, input }), 'finishLessonAttempt');
    expect(twice.map((e) => [e.field, e.code])).toEqual([[['attemptId'], 'CONFLICT']]);
    expect(twice[0]!.message).toMatch(/already finished/);
    const wrongLesson = userErrorsOf(await stack.send(FINISH, { attemptId, input: { ...input, lessonId: `absorb:${lessons[1]}` } }), 'finishLessonAttempt');
    expect(wrongLesson.map((e) => [e.field, e.code])).toEqual([[['attemptId'], 'NOT_FOUND']]);
    expect(stack.absorbWrites()).toEqual({ [FINISH_ENDPOINT]: 3 });
  });

  it('refuses bad scores, ids and dates before any upstream request', async () => {
    const enrollmentId = `absorb:${UNKNOWN_GUID}`;
    const lessonId = `absorb:${UNKNOWN_GUID}`;
    const cases: [Record<string, unknown>, Record<string, unknown>, { field: string[]; code: string }[]][] = [
      [{ attemptId: 'attempt-1' }, { enrollmentId, lessonId, outcome: 'COMPLETED', score: 150 }, [
        { field: ['attemptId'], code: 'INVALID_ID' },
        { field: ['input', 'score'], code: 'INVALID_VALUE' },
      ]],
      [{ attemptId: lessonId }, { enrollmentId, lessonId, outcome: 'COMPLETED', startedAt: '2024-03-02T10:00:00Z', completedAt: '2024-03-01T10:00:00Z' }, [
        { field: ['input', 'completedAt'], code: 'INVALID_VALUE' },
      ]],
      [{ attemptId: lessonId }, { enrollmentId, lessonId, outcome: 'COMPLETED', completedAt: '2999-03-01T10:00:00Z' }, [{ field: ['input', 'completedAt'], code: 'INVALID_VALUE' }]],
      [{ attemptId: lessonId }, { enrollmentId: 'ruangkerja:EMP00001:C1', lessonId: 'absorb:', outcome: 'FAILED' }, [
        { field: ['input', 'enrollmentId'], code: 'NOT_SUPPORTED' },
        { field: ['input', 'lessonId'], code: 'INVALID_ID' },
      ]],
    ];
    for (const [args, input, expected] of cases) {
      const errors = userErrorsOf(await stack.send(FINISH, { ...args, input }), 'finishLessonAttempt');
      expect(errors.map(({ field, code }) => ({ field, code }))).toEqual(expected);
    }
    expect(stack.requests()).toEqual({});
  });

  it('with an idempotency key, a retry writes nothing more', async () => {
    const enrollmentId = await freshEnrollment();
    const attemptId = await started(enrollmentId);
    const variables = { attemptId, input: { enrollmentId, lessonId: `absorb:${lessons[0]}`, outcome: 'COMPLETED', score: 70 }, key: 'finish-1' };
    const first = await stack.send<FinishAnswer>(FINISH, variables);
    const retry = await stack.send<FinishAnswer>(FINISH, variables);
    // Without the key the retry would be refused (already finished); with it, it answers as the first did.
    expect(retry.data!.finishLessonAttempt.userErrors).toEqual([]);
    expect(retry.data!.finishLessonAttempt.attempt).toEqual(first.data!.finishLessonAttempt.attempt);
    expect(stack.absorbWrites()).toEqual({ [FINISH_ENDPOINT]: 1 });
  });

  it('reports a 503 on the write once, not retried', async () => {
    const enrollmentId = await freshEnrollment();
    const attemptId = await started(enrollmentId);
    stack.simulators.controls.addFault({ provider: 'absorb', method: 'POST', endpoint: '/users/:userId/enrollments/:courseId/lessons/:lessonId/attempts/:attemptId/finish', kind: 'error', status: 503, times: 1 });
    const result = await stack.send(FINISH, { attemptId, input: { enrollmentId, lessonId: `absorb:${lessons[0]}`, outcome: 'COMPLETED' } });
    expect(errorCodes(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(stack.absorbWrites()).toEqual({ [FINISH_ENDPOINT]: 1 });
    expect(stack.data().attempts.find((a) => `absorb:${a.id}` === attemptId)!.status).toBe(1);
  });
});
