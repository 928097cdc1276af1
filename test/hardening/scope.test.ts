/**
 * What a token's claims let a caller read. An employee outside the scope is FORBIDDEN and never
 * reaches an upstream: a learner's token reads only its own employee, a manager's its team.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { callerFromClaims } from '../../src/auth/caller.js';
import type { Context } from '../../src/context.js';
import { User } from '../../src/resolvers/user.js';
import { contractQueries } from '../helpers/contract.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { API_KEY, AUDIENCE, ISSUER, JWT_SECRET, postJson, signHs256, type RawResponse } from './support.js';

describe('employee scope from token claims', () => {
  let stack: Stack;
  let learner: string;
  let others: string[];

  beforeAll(async () => {
    stack = await startStack({
      employees: 60,
      env: { AUTH_REQUIRED: 'true', API_KEYS: `dash:${API_KEY}`, AUTH_JWT_SECRET: JWT_SECRET, AUTH_AUDIENCE: AUDIENCE, AUTH_ISSUER: ISSUER },
    });
    const { samples } = stack.simulators.dataset;
    learner = samples.learnerEmployeeID;
    others = samples.teamEmployeeIDs.filter((id) => id !== learner);
  });
  afterAll(() => stack.close());

  async function as(claims: Record<string, unknown>, query: string, variables: Record<string, unknown> = {}): Promise<RawResponse> {
    return postJson(stack.server.url, { query, variables }, { authorization: `Bearer ${await signHs256({ sub: 'person', ...claims })}` });
  }
  const urlsMentioning = (employeeID: string) => stack.simulators.controls.log.entries.filter((entry) => entry.url.includes(employeeID)).map((entry) => entry.url);

  it("lets a learner read their own dashboard", async () => {
    const body = (await as({ employee_id: learner }, contractQueries().LearnerDashboard ?? '', { employeeID: learner })).json();
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({ user: { employeeID: learner } });
  });

  it("refuses a learner reading another employee: FORBIDDEN, and zero upstream requests", async () => {
    const other = others[0] ?? '';
    stack.resetLog();
    const response = await as({ employee_id: learner }, contractQueries().LearnerDashboard ?? '', { employeeID: other });
    expect(response.status).toBe(200);
    const body = response.json();
    expect(body.data).toEqual({ user: null });
    expect(body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['user'], 'FORBIDDEN']]);
    expect(stack.requests()).toEqual({});
  });

  it("gives a manager their team, and null with FORBIDDEN at the index of anyone else, never asked upstream", async () => {
    const [a = '', b = '', outsider = ''] = others;
    stack.resetLog();
    const body = (await as({ employee_ids: [a, b, learner] }, 'query T($ids: [ID!]!) { users(employeeIDs: $ids) { employeeID name summary { total } } }', { ids: [a, outsider, b] })).json();
    const users = (body.data as { users: ({ employeeID: string } | null)[] }).users;
    expect(users.map((u) => u?.employeeID ?? null)).toEqual([users[0] === null ? null : a, null, users[2] === null ? null : b]);
    expect(body.errors?.filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path)).toEqual([['users', 1]]);
    expect(urlsMentioning(outsider)).toEqual([]);
    expect(urlsMentioning(a).length + urlsMentioning(b).length).toBeGreaterThan(0);
  });

  it('refuses a Ruangkerja enrollment id of another employee before any request', async () => {
    stack.resetLog();
    const body = (await as({ employee_id: learner }, '{ enrollment(id: "ruangkerja:' + (others[0] ?? '') + ':COURSE-1") { id status } }')).json();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(stack.requests()).toEqual({});
  });

  it("refuses another employee's Absorb enrollment once read, answering nothing of it", async () => {
    const id = stack.simulators.dataset.samples.absorbEnrollmentId;
    const query = `{ enrollment(id: "absorb:${id}") { id status user { employeeID } } }`;
    const allowed = (await postJson(stack.server.url, { query }, { 'x-api-key': API_KEY })).json();
    const owner = (allowed.data as { enrollment: { user: { employeeID: string } | null } | null }).enrollment?.user?.employeeID ?? null;
    expect(owner).not.toBeNull();
    const stranger = others.find((e) => e !== owner) ?? '';
    const body = (await as({ employee_id: stranger }, query)).json();
    expect(body).toMatchObject({ data: { enrollment: null } });
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect((await as({ employee_id: owner }, query)).json().errors).toBeUndefined();
  });

  it('lets a learner read their own SelfCommunity membership whose username spells their employeeID in another case', async () => {
    const { dataset } = stack.simulators;
    // A listed member (joined or manager; every course of the dataset is configured).
    const listed = dataset.selfcommunity.members.filter((m) => m.join_status === 'joined' || m.join_status === 'manager');
    const member = listed.find((m) => {
      const person = dataset.people.find((p) => p.employeeID.toLowerCase() === m.username.toLowerCase());
      return person !== undefined && person.employeeID !== m.username && dataset.absorb.users.some((u) => u.employeeNumber === person.employeeID);
    });
    if (member === undefined) throw new Error('no member whose username differs in case from an Absorb employee');
    const owner = dataset.people.find((p) => p.employeeID.toLowerCase() === member.username.toLowerCase())!.employeeID;
    const query = `{ enrollment(id: "selfcommunity:${member.courseId}:${member.id}") { id user { employeeID } } }`;
    const own = (await as({ employee_id: owner }, query)).json();
    expect(own.errors).toBeUndefined();
    expect(own.data).toEqual({ enrollment: { id: `selfcommunity:${member.courseId}:${member.id}`, user: { employeeID: owner } } });
    const stranger = others.find((e) => e.toLowerCase() !== owner.toLowerCase()) ?? '';
    const body = (await as({ employee_id: stranger }, query)).json();
    expect(body).toMatchObject({ data: { enrollment: null } });
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('keeps rosters for callers who may read everyone: a learner gets FORBIDDEN, no roster request', async () => {
    const courseId = `absorb:${stack.simulators.dataset.samples.absorbCourseId}`;
    const query = 'query C($id: ID!) { course(id: $id) { name enrollments(first: 5) { totalCount } } }';
    stack.resetLog();
    const denied = (await as({ employee_id: learner }, query, { id: courseId })).json();
    const deniedRequests = stack.requests();
    expect(denied.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['course', 'enrollments'], 'FORBIDDEN']]);
    stack.resetLog();
    const granted = (await as({ scope: 'learning:read:all' }, query, { id: courseId })).json();
    expect(granted.errors).toBeUndefined();
    // The learner's request asked only for the course itself, not the roster the other one read.
    const rosterEndpoints = Object.keys(stack.requests()).filter((key) => !(key in deniedRequests));
    expect(rosterEndpoints.length).toBeGreaterThan(0);
  });

  it('does not expand a person outside the scope reached any other way (User fields)', async () => {
    const caller = callerFromClaims({ sub: 'learner', employee_id: learner });
    const untouched = new Proxy({}, { get: () => { throw new Error('a loader was used'); } });
    const context = { caller, loaders: untouched } as unknown as Context;
    const info = {} as GraphQLResolveInfo;
    for (const field of ['email', 'identities', 'summary', 'enrollments'] as const) {
      const resolve = User[field] as (parent: { employeeID: string }, args: Record<string, unknown>, context: Context, info: GraphQLResolveInfo) => Promise<unknown>;
      await expect(resolve({ employeeID: others[0] ?? '' }, { first: 5 }, context, info)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    }
  });
});
