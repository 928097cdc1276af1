/**
 * updateCourseEnrollment: the document's settable properties reach Absorb as given, the enrollment
 * comes back changed and a later query sees it; bad values are refused before any upstream
 * request; a historical enrollment is refused before any write; Absorb's refusals are user errors.
 */
import type { AbsorbCourseEnrollment } from '../../src/simulators/dataset/types.js';
import { UNKNOWN_GUID, errorCodes, startWriteStack, userErrorsOf, type WriteStack } from './support.js';

const UPDATE = `
  mutation Update($input: UpdateCourseEnrollmentInput!, $key: String) {
    updateCourseEnrollment(input: $input, idempotencyKey: $key) {
      enrollment { id status providerStatus score credits completedAt dateCompleted dateExpires isActive user { employeeID } }
      userErrors { field message code }
    }
  }`;

type UpdateAnswer = { updateCourseEnrollment: { enrollment: Record<string, unknown> | null; userErrors: { field: string[] | null; code: string; message: string }[] } };

let stack: WriteStack;
const ENDPOINT = 'POST /users/:userId/enrollments';

beforeAll(async () => {
  stack = await startWriteStack();
  await stack.send('{ user(employeeID: "EMP00001") { name } }');
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.simulators.controls.clearFaults();
  stack.resetLog();
});

/** Active enrollments of linked users, a different one per test. */
let next = 0;
function anActiveEnrollment(): AbsorbCourseEnrollment {
  const data = stack.data();
  const candidates = data.enrollments.filter((e) => e.isActive && e.status === 1 && data.users.some((u) => u.id === e.userId && u.employeeNumber !== null));
  const enrollment = candidates[next++];
  if (enrollment === undefined) throw new Error('no more in-progress enrollments');
  return enrollment;
}

const current = (id: string) => stack.data().enrollments.find((e) => e.id === id)!;

describe('updateCourseEnrollment', () => {
  it('sets the given properties with one write, answers the enrollment read back, and a later query sees it', async () => {
    const target = anActiveEnrollment();
    const input = {
      enrollmentId: `absorb:${target.id}`,
      status: 'COMPLETE',
      dateCompleted: '2024-05-02T10:00:00.000Z',
      dateExpires: '2030-01-01T00:00:00.000Z',
      score: 87.5,
      credits: 2,
      acceptedTermsAndConditions: true,
      courseVersionId: `absorb:${UNKNOWN_GUID}`,
    };
    const result = await stack.send<UpdateAnswer>(UPDATE, { input });
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateCourseEnrollment).toEqual({
      enrollment: {
        id: `absorb:${target.id}`,
        status: 'COMPLETED',
        providerStatus: 'Complete',
        score: 87.5,
        credits: 2,
        completedAt: '2024-05-02',
        dateCompleted: '2024-05-02T10:00:00.000Z',
        dateExpires: '2030-01-01T00:00:00.000Z',
        isActive: true,
        user: { employeeID: expect.any(String) },
      },
      userErrors: [],
    });
    expect(stack.absorbWrites()).toEqual({ [ENDPOINT]: 1 });
    expect(current(target.id)).toMatchObject({ status: 3, score: 87.5, credits: 2, acceptedTermsAndConditions: true, courseVersionId: UNKNOWN_GUID });

    const later = await stack.send<{ enrollment: { status: string; score: number } }>('query($id: ID!) { enrollment(id: $id) { status score } }', { id: `absorb:${target.id}` });
    expect(later.data).toEqual({ enrollment: { status: 'COMPLETED', score: 87.5 } });
  });

  it('clears a nullable property given as null', async () => {
    const target = anActiveEnrollment();
    current(target.id).dateExpires = '2031-01-01T00:00:00Z';
    const result = await stack.send<UpdateAnswer>(UPDATE, { input: { enrollmentId: `absorb:${target.id}`, dateExpires: null } });
    expect(result.data!.updateCourseEnrollment.enrollment).toMatchObject({ dateExpires: null });
    expect(current(target.id).dateExpires).toBeNull();
  });

  it('refuses bad values before any upstream request, each on its field', async () => {
    const id = `absorb:${UNKNOWN_GUID}`;
    const cases: [Record<string, unknown>, { field: string[]; code: string }[]][] = [
      [{ enrollmentId: id }, [{ field: ['input'], code: 'INVALID_VALUE' }]],
      [{ enrollmentId: 'absorb:nope', score: 10 }, [{ field: ['input', 'enrollmentId'], code: 'INVALID_ID' }]],
      [{ enrollmentId: 'ruangkerja:EMP00001:COURSE-1', score: 10 }, [{ field: ['input', 'enrollmentId'], code: 'NOT_SUPPORTED' }]],
      [
        { enrollmentId: id, score: 100.5, credits: -1, status: null, acceptedTermsAndConditions: null },
        [
          { field: ['input', 'status'], code: 'INVALID_VALUE' },
          { field: ['input', 'acceptedTermsAndConditions'], code: 'INVALID_VALUE' },
          { field: ['input', 'credits'], code: 'INVALID_VALUE' },
          { field: ['input', 'score'], code: 'INVALID_VALUE' },
        ],
      ],
      [{ enrollmentId: id, score: -0.1 }, [{ field: ['input', 'score'], code: 'INVALID_VALUE' }]],
      [{ enrollmentId: id, dateCompleted: '2999-01-01T00:00:00Z' }, [{ field: ['input', 'dateCompleted'], code: 'INVALID_VALUE' }]],
      [{ enrollmentId: id, courseVersionId: 'v2', enrollmentKeyId: 'absorb:123' }, [
        { field: ['input', 'courseVersionId'], code: 'INVALID_ID' },
        { field: ['input', 'enrollmentKeyId'], code: 'INVALID_ID' },
      ]],
    ];
    for (const [input, expected] of cases) {
      const errors = userErrorsOf(await stack.send(UPDATE, { input }), 'updateCourseEnrollment');
      expect([input, errors.map(({ field, code }) => ({ field, code }))]).toEqual([input, expected]);
    }
    expect(stack.requests()).toEqual({});
  });

  it('leaves enums and date formats to GraphQL itself: refused before any resolver runs', async () => {
    const id = `absorb:${UNKNOWN_GUID}`;
    for (const input of [{ enrollmentId: id, status: 'DONE' }, { enrollmentId: id, dateExpires: 'next tuesday' }]) {
      const result = await stack.send(UPDATE, { input });
      expect(result.data).toBeUndefined();
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    }
    expect(stack.requests()).toEqual({});
  });

  it('answers NOT_FOUND for an unknown enrollment and CONFLICT for a historical one, writing nothing', async () => {
    const unknown = userErrorsOf(await stack.send(UPDATE, { input: { enrollmentId: `absorb:${UNKNOWN_GUID}`, score: 1 } }), 'updateCourseEnrollment');
    expect(unknown.map((e) => [e.field, e.code])).toEqual([[['input', 'enrollmentId'], 'NOT_FOUND']]);
    const history = stack.data().enrollments.find((e) => !e.isActive);
    const historical = userErrorsOf(await stack.send(UPDATE, { input: { enrollmentId: `absorb:${history!.id}`, score: 1 } }), 'updateCourseEnrollment');
    expect(historical.map((e) => [e.field, e.code])).toEqual([[['input', 'enrollmentId'], 'CONFLICT']]);
    expect(stack.absorbWrites()).toEqual({});
  });

  it("maps an Absorb 400's validations to the input fields they name", async () => {
    const target = anActiveEnrollment();
    // Absorb refuses what our checks let through (here, injected): its validations name its own properties.
    stack.simulators.controls.addFault({ provider: 'absorb', method: 'POST', endpoint: '/users/:userId/enrollments', kind: 'error', status: 400, times: 1 });
    const errors = userErrorsOf(await stack.send(UPDATE, { input: { enrollmentId: `absorb:${target.id}`, score: 5 } }), 'updateCourseEnrollment');
    expect(errors).toEqual([{ field: null, code: 'INVALID_VALUE', message: expect.any(String) }]);
    expect(stack.absorbWrites()).toEqual({ [ENDPOINT]: 1 });
  });

  it('with an idempotency key, a retry changes nothing more and answers the same', async () => {
    const target = anActiveEnrollment();
    const variables = { input: { enrollmentId: `absorb:${target.id}`, score: 42 }, key: 'update-1' };
    const first = await stack.send<UpdateAnswer>(UPDATE, variables);
    // Someone changes it in Absorb meanwhile: the retry must not put 42 back.
    current(target.id).score = 60;
    const retry = await stack.send<UpdateAnswer>(UPDATE, variables);
    expect(retry.data!.updateCourseEnrollment.userErrors).toEqual([]);
    expect(retry.data!.updateCourseEnrollment.enrollment!.id).toBe(first.data!.updateCourseEnrollment.enrollment!.id);
    expect(current(target.id).score).toBe(60);
    expect(stack.absorbWrites()).toEqual({ [ENDPOINT]: 1 });
  });

  it('reports a 503 on the write once, not retried', async () => {
    const target = anActiveEnrollment();
    stack.simulators.controls.addFault({ provider: 'absorb', method: 'POST', endpoint: '/users/:userId/enrollments', kind: 'error', status: 503, times: 1 });
    const result = await stack.send(UPDATE, { input: { enrollmentId: `absorb:${target.id}`, score: 12 } });
    expect(errorCodes(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(stack.absorbWrites()).toEqual({ [ENDPOINT]: 1 });
    expect(current(target.id).score).not.toBe(12);
  });
});
