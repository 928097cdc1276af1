/**
 * Behaviour of the graph beyond the contract's happy paths: de-duplication whatever the query's
 * shape, partial failure, argument validation, and what errors may show.
 */
import { contractQueries } from '../helpers/contract.js';
import { startStack, type Stack } from '../helpers/stack.js';

const queries = contractQueries();
let stack: Stack;

beforeAll(async () => {
  // The shared HTTP cache is off: these tests count what one query costs on its own.
  stack = await startStack({ env: { NODE_ENV: 'production', UPSTREAM_RETRIES: '1', UPSTREAM_REQUEST_TIMEOUT_MS: '1500', CACHE_ENABLED: 'false' } });
  await stack.query('{ a: user(employeeID: "EMP00002") { name } b: batch(courseSerial: "NONE", batchSerial: "NONE") { id } }');
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.resetLog();
  stack.simulators.controls.clearFaults();
});

describe('the same data is never fetched twice in one request', () => {
  it('duplicated fields, aliases and fragments add no upstream request', async () => {
    const employeeID = stack.simulators.dataset.samples.learnerEmployeeID;
    await stack.query(queries.LearnerDashboard!, { employeeID });
    const plain = stack.requests();
    stack.resetLog();
    const result = await stack.query(
      `query Dup($id: ID!) {
        a: user(employeeID: $id) { ...U name name email }
        b: user(employeeID: $id) { ...U identities { provider } }
        users(employeeIDs: [$id, $id]) { ...U summary { total } }
      }
      fragment U on User {
        name
        identities { provider nativeId }
        summary { total completed inProgress notStarted failed expired completionRate timeSpentSeconds }
        enrollments(first: 100) {
          totalCount
          nodes {
            id provider status course { id name kind }
            ... on AbsorbCourseEnrollment { sessions { id name status dateCompleted } }
            ... on WebinarEnrollment { batch { id serial name } }
          }
        }
        again: enrollments(first: 100) { nodes { id course { name kind } } }
      }`,
      { id: employeeID },
    );
    expect(result.errors).toBeUndefined();
    expect(stack.requests()).toEqual(plain);
  });
});

describe('partial failure', () => {
  it('with Absorb down, LearnerDashboard still lists Ruangkerja and SelfCommunity enrollments and says what is missing', async () => {
    const employeeID = stack.simulators.dataset.samples.learnerEmployeeID;
    stack.simulators.controls.addFault({ provider: 'absorb', kind: 'error', status: 503 });
    type Answer = { user: { name: string | null; identities: { provider: string }[]; enrollments: { nodes: { provider: string }[] } } | null };
    const result = await stack.query<Answer>(queries.LearnerDashboard!, { employeeID });
    const user = result.data?.user;
    expect(user).not.toBeNull();
    const providers = new Set(user!.enrollments.nodes.map((n) => n.provider));
    expect(providers).toEqual(new Set(['RUANGKERJA', 'SELFCOMMUNITY']));
    expect(user!.identities.map((i) => i.provider)).toEqual(['RUANGKERJA', 'SELFCOMMUNITY']);
    expect(user!.name).not.toBeNull();
    expect(result.errors?.length).toBeGreaterThan(0);
    for (const error of result.errors!) {
      expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'absorb', upstreamStatus: 503 });
      expect(error.path?.[0]).toBe('user');
    }
    expect(result.errors!.map((e) => e.path?.join('.'))).toEqual(expect.arrayContaining(['user.enrollments', 'user.identities', 'user.summary']));
  });

  it('a Ruangkerja timeout costs only Ruangkerja\'s part', async () => {
    const employeeID = stack.simulators.dataset.samples.learnerEmployeeID;
    stack.simulators.controls.addFault({ provider: 'ruangkerja', kind: 'hang' });
    type Answer = { user: { enrollments: { nodes: { provider: string }[] } } };
    const started = Date.now();
    const result = await stack.query<Answer>(queries.LearnerDashboard!, { employeeID });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(new Set(result.data!.user.enrollments.nodes.map((n) => n.provider))).toEqual(new Set(['ABSORB', 'SELFCOMMUNITY']));
    expect(result.errors?.every((e) => e.extensions?.code === 'UPSTREAM_TIMEOUT' && e.extensions?.provider === 'ruangkerja')).toBe(true);
  });
});

describe('argument validation', () => {
  it.each([
    ['first above 500', '{ user(employeeID: "EMP00001") { enrollments(first: 501) { totalCount } } }', /first.*500/],
    ['first below 1', '{ user(employeeID: "EMP00001") { enrollments(first: 0) { totalCount } } }', /first.*500/],
    ['a forged cursor', '{ user(employeeID: "EMP00001") { enrollments(after: "bm9wZQ") { totalCount } } }', /after/],
    ['a malformed course id', '{ course(id: "absorb:123") { id } }', /absorb:<course guid>/],
    ['a malformed enrollment id', '{ enrollment(id: "ruangkerja:") { id } }', /not a valid id/],
    ['a malformed session id', '{ session(id: "x") { id } }', /absorb:<session guid>/],
  ])('rejects %s with BAD_USER_INPUT and no upstream request for it', async (_name, query, message) => {
    const result = await stack.query(query);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(message);
    const enrollmentLists = Object.keys(stack.requests()).filter((key) => /enrollments|courses\/online|bulk/.test(key));
    expect(enrollmentLists).toEqual([]);
  });

  it('refuses more than 500 employeeIDs at once', async () => {
    const ids = Array.from({ length: 501 }, (_, i) => `EMP${String(i + 1).padStart(5, '0')}`);
    const result = await stack.query('query($ids: [ID!]!) { users(employeeIDs: $ids) { employeeID } }', { ids });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.requests()).toEqual({});
  });
});

describe('what errors may show (production setting)', () => {
  it('never leaks a stack trace or an upstream credential', async () => {
    const employeeID = stack.simulators.dataset.samples.learnerEmployeeID;
    stack.simulators.controls.addFault({ provider: 'absorb', kind: 'malformedJson' });
    stack.simulators.controls.addFault({ provider: 'selfcommunity', kind: 'error', status: 500 });
    const result = await stack.query(queries.LearnerDashboard!, { employeeID });
    const text = JSON.stringify(result);
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/stacktrace|\.ts:\d+|\.js:\d+|node_modules/);
    for (const [name, value] of Object.entries(stack.simulators.env)) {
      if (/TOKEN|SECRET|PASSWORD|PRIVATE_KEY|API_KEY/.test(name)) expect(text).not.toContain(value);
    }
    expect(result.errors!.some((e) => e.extensions?.code === 'UPSTREAM_BAD_RESPONSE' && e.extensions?.provider === 'absorb')).toBe(true);
  });
});
