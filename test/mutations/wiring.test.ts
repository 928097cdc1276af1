/**
 * Mutations in the production wiring (assembleApplication: the shared response cache with Redis,
 * breakers, request deadline): a write drops the cached answers it changes, so the dashboard read
 * right after sees it although the same read was cached just before; two replicas on one Redis
 * share idempotency keys once the Redis-backed store is given to them; with the operation
 * safelist on, a mutation that is not on it is refused before any upstream request.
 */
import { contractQueries } from '../helpers/contract.js';
import { postGraphQL, type GraphQLResponse } from '../helpers/server.js';
import { createIdempotencyStore, useIdempotencyStore } from '../../src/mutations/registry.js';
import { startSimulators, type RunningSimulators } from '../../src/simulators/index.js';
import { REDIS_URL, deleteKeys, eventually, runPrefix, startReplica, type Replica } from '../resilience/helpers.js';
import { AUTH_ENV, activeCourse, employeeOf, errorCodes, token, userNotIn } from './support.js';

const ENROLL = `mutation($e: ID!, $c: ID!, $key: String) {
  enrollInCourse(userEmployeeID: $e, courseId: $c, idempotencyKey: $key) { enrollment { id } userErrors { code } }
}`;

let simulators: RunningSimulators;
let writer: string;
const prefix = runPrefix('mutations');
const replicas: Replica[] = [];

async function replica(env: Record<string, string> = {}): Promise<Replica> {
  const started = await startReplica(simulators, { ...AUTH_ENV, REDIS_URL, REDIS_KEY_PREFIX: prefix, ...env });
  replicas.push(started);
  expect(await eventually(() => started.application.upstreamSupport.redis?.state === 'ready')).toBe(true);
  return started;
}

const send = async <T = Record<string, unknown>,>(target: Replica, query: string, variables: Record<string, unknown>): Promise<GraphQLResponse<T>> =>
  (await postGraphQL<T>(target.server.url, query, variables, { authorization: `Bearer ${writer}` })).body;

const absorbPosts = () => simulators.controls.log.matching({ provider: 'absorb', method: 'POST' }).filter((e) => e.endpoint !== '/authenticate').length;

beforeAll(async () => {
  simulators = await startSimulators({ employees: 200 });
  writer = await token('learning:read:all learning:write');
});
afterAll(async () => {
  for (const started of replicas) await started.close();
  await simulators.close();
  await deleteKeys(prefix);
});
beforeEach(() => simulators.controls.reset());

type Dashboard = { user: { enrollments: { nodes: { id: string }[] } } };

it('drops the cached answers a write changes: the dashboard read right after shows the new enrollment', async () => {
  const server = await replica();
  const data = simulators.dataset.absorb;
  const course = activeCourse(data, 'OnlineCourse', 1);
  const employeeID = employeeOf(userNotIn(data, course));

  const before = await send<Dashboard>(server, contractQueries().LearnerDashboard!, { employeeID });
  expect(before.errors).toBeUndefined();
  // Cached now: the same read again costs Absorb nothing.
  simulators.controls.log.clear();
  await send(server, contractQueries().LearnerDashboard!, { employeeID });
  expect(simulators.controls.log.count({ provider: 'absorb' })).toBe(0);

  const enrolled = await send<{ enrollInCourse: { enrollment: { id: string } } }>(server, ENROLL, { e: employeeID, c: `absorb:${course.id}` });
  const id = enrolled.data!.enrollInCourse.enrollment.id;
  const after = await send<Dashboard>(server, contractQueries().LearnerDashboard!, { employeeID });
  expect(after.errors).toBeUndefined();
  expect(after.data!.user.enrollments.nodes.map((n) => n.id)).toContain(id);
  expect(after.data!.user.enrollments.nodes).toHaveLength(before.data!.user.enrollments.nodes.length + 1);
});

it('shares idempotency keys between replicas given the Redis-backed store', async () => {
  const [a, b] = [await replica(), await replica()];
  for (const started of [a, b]) {
    const { app, upstreamSupport } = started.application;
    useIdempotencyStore(app, createIdempotencyStore({ redis: upstreamSupport.redis, keyPrefix: prefix }));
  }
  const data = simulators.dataset.absorb;
  const course = activeCourse(data, 'OnlineCourse', 2);
  const user = userNotIn(data, course);
  const variables = { e: employeeOf(user), c: `absorb:${course.id}`, key: 'replicas-1' };
  const first = await send<{ enrollInCourse: { enrollment: { id: string } } }>(a, ENROLL, variables);
  const retry = await send<{ enrollInCourse: { enrollment: { id: string }; userErrors: unknown[] } }>(b, ENROLL, variables);
  // Without the shared key, replica b would have sent the write and Absorb would have refused it (already enrolled).
  expect(retry.data!.enrollInCourse).toEqual({ enrollment: first.data!.enrollInCourse.enrollment, userErrors: [] });
  expect(absorbPosts()).toBe(1);
});

it('refuses a mutation that is not safelisted, before any upstream request', async () => {
  const server = await replica({ OPERATION_SAFELIST: 'true' });
  const result = await send(server, ENROLL, { e: 'EMP00001', c: `absorb:${simulators.dataset.samples.absorbCourseId}` });
  expect(errorCodes(result)).toEqual(['OPERATION_NOT_SAFELISTED']);
  expect(simulators.controls.log.entries).toEqual([]);
});
