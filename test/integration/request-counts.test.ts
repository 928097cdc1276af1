/**
 * Every contract query costs exactly the computed minimum of upstream requests (bench/minimum.ts,
 * derived in docs/performance.md), per provider and endpoint, read from the simulators' log.
 */
import { MinimumRequests } from '../../bench/minimum.js';
import { contractQueries } from '../helpers/contract.js';
import { startStack, type Stack } from '../helpers/stack.js';

const queries = contractQueries();
let stack: Stack;
let minimum: MinimumRequests;

beforeAll(async () => {
  stack = await startStack({ env: { CACHE_ENABLED: 'false' } });
  minimum = new MinimumRequests(stack.simulators.dataset, stack.simulators.urls.absorb);
  await stack.query('{ a: user(employeeID: "EMP00002") { name } b: batch(courseSerial: "NONE", batchSerial: "NONE") { id } }');
});
afterAll(() => stack.close());
beforeEach(() => stack.resetLog());

async function cost(query: string, variables: Record<string, unknown>) {
  const result = await stack.query(query, variables);
  expect(result.errors).toBeUndefined();
  return stack.requests();
}

it('LearnerDashboard', async () => {
  const { learnerEmployeeID } = stack.simulators.dataset.samples;
  expect(await cost(queries.LearnerDashboard!, { employeeID: learnerEmployeeID })).toEqual(minimum.learnerDashboard(learnerEmployeeID));
});

it.each([10, 50])('TeamDashboard for %i employees', async (size) => {
  const ids = stack.simulators.dataset.samples.teamEmployeeIDs.slice(0, size);
  expect(await cost(queries.TeamDashboard!, { employeeIDs: ids })).toEqual(minimum.teamDashboard(ids));
});

it('BatchRoster for a 150-person batch', async () => {
  const { courseSerial, batchSerial } = stack.simulators.dataset.samples.batch;
  expect(await cost(queries.BatchRoster!, { courseSerial, batchSerial })).toEqual(minimum.batchRoster(courseSerial, batchSerial));
});

it('CourseDashboard for an Absorb course with 300+ enrollments', async () => {
  const { absorbCourseId } = stack.simulators.dataset.samples;
  expect(await cost(queries.CourseDashboard!, { id: `absorb:${absorbCourseId}` })).toEqual(minimum.absorbCourseDashboard(absorbCourseId));
});

it('EnrollmentDetail', async () => {
  const { absorbEnrollmentId } = stack.simulators.dataset.samples;
  expect(await cost(queries.EnrollmentDetail!, { id: `absorb:${absorbEnrollmentId}` })).toEqual(minimum.enrollmentDetail(absorbEnrollmentId));
});
