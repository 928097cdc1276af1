/**
 * unenroll: all the enrollments go in one Absorb write, the learners' lists no longer show them,
 * bad ids are refused before any upstream request, unknown ones before any write, and a retry
 * with the same key answers the first result even though the enrollments are gone.
 */
import { contractQueries } from '../helpers/contract.js';
import type { AbsorbCourseEnrollment } from '../../src/simulators/dataset/types.js';
import { UNKNOWN_GUID, employeeOf, errorCodes, startWriteStack, userErrorsOf, type WriteStack } from './support.js';

const UNENROLL = `
  mutation Unenroll($ids: [ID!]!, $key: String) {
    unenroll(enrollmentIds: $ids, idempotencyKey: $key) {
      unenrolledIds
      users { employeeID enrollments(provider: [ABSORB], includeHistory: true) { nodes { id } } }
      userErrors { field message code }
    }
  }`;

type UnenrollAnswer = { unenroll: { unenrolledIds: string[]; users: { employeeID: string; enrollments: { nodes: { id: string }[] } }[]; userErrors: unknown[] } };

let stack: WriteStack;
const ENDPOINT = 'POST /enrollments/unenroll';

beforeAll(async () => {
  stack = await startWriteStack();
  await stack.send('{ user(employeeID: "EMP00001") { name } }');
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.simulators.controls.clearFaults();
  stack.resetLog();
});

/** Active enrollments of two linked users, never handed out twice. */
const used = new Set<string>();
function enrollmentsOfTwoUsers(): AbsorbCourseEnrollment[] {
  const data = stack.data();
  const linked = data.users.filter((u) => u.employeeNumber !== null);
  const picked: AbsorbCourseEnrollment[] = [];
  for (const user of linked) {
    const enrollment = data.enrollments.find((e) => e.userId === user.id && e.isActive && !used.has(e.id));
    if (enrollment === undefined) continue;
    used.add(enrollment.id);
    picked.push(enrollment);
    if (picked.length === 2) return picked;
  }
  throw new Error('not enough enrollments');
}

const exists = (id: string) => stack.data().enrollments.some((e) => e.id === id);
const employeeOfEnrollment = (e: AbsorbCourseEnrollment) => employeeOf(stack.data().users.find((u) => u.id === e.userId)!);

describe('unenroll', () => {
  it('removes every enrollment with one write; the payload and the dashboards no longer list them', async () => {
    const targets = enrollmentsOfTwoUsers();
    const ids = targets.map((e) => `absorb:${e.id}`);
    const result = await stack.send<UnenrollAnswer>(UNENROLL, { ids: [...ids, ids[0]] });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.unenroll;
    expect(payload.userErrors).toEqual([]);
    expect(payload.unenrolledIds).toEqual(ids);
    expect(payload.users.map((u) => u.employeeID).sort()).toEqual(targets.map(employeeOfEnrollment).sort());
    for (const user of payload.users) for (const id of ids) expect(user.enrollments.nodes.map((n) => n.id)).not.toContain(id);
    expect(stack.absorbWrites()).toEqual({ [ENDPOINT]: 1 });
    for (const target of targets) expect(exists(target.id)).toBe(false);

    const dashboard = await stack.send<{ user: { enrollments: { nodes: { id: string }[] } } }>(contractQueries().LearnerDashboard!, { employeeID: employeeOfEnrollment(targets[0]!) });
    expect(dashboard.data!.user.enrollments.nodes.map((n) => n.id)).not.toContain(ids[0]);
  });

  it('refuses bad ids and bad counts before any upstream request', async () => {
    const cases: [string[], { field: string[]; code: string }[]][] = [
      [[], [{ field: ['enrollmentIds'], code: 'INVALID_VALUE' }]],
      [Array.from({ length: 101 }, () => `absorb:${UNKNOWN_GUID}`), [{ field: ['enrollmentIds'], code: 'INVALID_VALUE' }]],
      [[`absorb:${UNKNOWN_GUID}`, 'absorb:x', 'selfcommunity:3:4'], [
        { field: ['enrollmentIds', '1'], code: 'INVALID_ID' },
        { field: ['enrollmentIds', '2'], code: 'NOT_SUPPORTED' },
      ]],
    ];
    for (const [ids, expected] of cases) {
      const errors = userErrorsOf(await stack.send(UNENROLL, { ids }), 'unenroll');
      expect(errors.map(({ field, code }) => ({ field, code }))).toEqual(expected);
    }
    expect(stack.requests()).toEqual({});
  });

  it('answers NOT_FOUND at the position of an unknown enrollment, and removes none', async () => {
    const [known] = enrollmentsOfTwoUsers();
    const errors = userErrorsOf(await stack.send(UNENROLL, { ids: [`absorb:${known!.id}`, `absorb:${UNKNOWN_GUID}`] }), 'unenroll');
    expect(errors.map(({ field, code }) => ({ field, code }))).toEqual([{ field: ['enrollmentIds', '1'], code: 'NOT_FOUND' }]);
    expect(stack.absorbWrites()).toEqual({});
    expect(exists(known!.id)).toBe(true);
  });

  it("maps Absorb's 422 (an enrollment gone meanwhile) to a user error", async () => {
    const [target] = enrollmentsOfTwoUsers();
    // Read by our look-up, then removed in Absorb before the write arrives.
    stack.simulators.controls.addFault({ provider: 'absorb', method: 'POST', endpoint: '/enrollments/unenroll', kind: 'error', status: 422, times: 1 });
    const errors = userErrorsOf(await stack.send(UNENROLL, { ids: [`absorb:${target!.id}`] }), 'unenroll');
    expect(errors.map(({ field, code }) => ({ field, code }))).toEqual([{ field: ['enrollmentIds'], code: 'CONFLICT' }]);
    expect(exists(target!.id)).toBe(true);
  });

  it('with an idempotency key, a retry answers the first result without writing, though the enrollments are gone', async () => {
    const targets = enrollmentsOfTwoUsers();
    const variables = { ids: targets.map((e) => `absorb:${e.id}`), key: 'unenroll-team' };
    const first = await stack.send<UnenrollAnswer>(UNENROLL, variables);
    // The same set in another order is the same request.
    const retry = await stack.send<UnenrollAnswer>(UNENROLL, { ...variables, ids: [...variables.ids].reverse() });
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.unenroll.unenrolledIds).toEqual(first.data!.unenroll.unenrolledIds);
    expect(retry.data!.unenroll.userErrors).toEqual([]);
    expect(stack.absorbWrites()).toEqual({ [ENDPOINT]: 1 });
  });

  it('reports a 503 on the write once, not retried, and removes nothing', async () => {
    const targets = enrollmentsOfTwoUsers();
    stack.simulators.controls.addFault({ provider: 'absorb', method: 'POST', endpoint: '/enrollments/unenroll', kind: 'error', status: 503, times: 1 });
    const result = await stack.send(UNENROLL, { ids: targets.map((e) => `absorb:${e.id}`) });
    expect(errorCodes(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(stack.absorbWrites()).toEqual({ [ENDPOINT]: 1 });
    for (const target of targets) expect(exists(target.id)).toBe(true);
  });
});
