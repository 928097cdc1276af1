/**
 * A few-second version of `npm run bench` (bench/run.ts): the same cases, on a 100-employee
 * dataset with no simulated latency, against this server and its naive build (DataLoader off),
 * both with the HTTP cache off. It asserts request counts only, never times: this server makes
 * exactly the computed minimum for every contract query, and how many the naive build makes for
 * TeamDashboard against the benchmark's 10× target, which it misses (marked as such; see
 * docs/performance.md, "The 10× target"). It also draws the chart.
 */
import { benchCases, countDifferences, total, type BenchCase } from '../../bench/cases.js';
import { renderChart } from '../../bench/chart.js';
import { CriticalPaths } from '../../bench/critical-path.js';
import { startStack, type Stack } from '../helpers/stack.js';

const EMPLOYEES = 100;
const LOGIN_QUERY = '{ a: user(employeeID: "EMP00002") { name } b: batch(courseSerial: "NONE", batchSerial: "NONE") { id } }';

let batched: Stack;
let naive: Stack;
let cases: BenchCase[];

beforeAll(async () => {
  [batched, naive] = await Promise.all([
    startStack({ employees: EMPLOYEES, env: { CACHE_ENABLED: 'false' } }),
    startStack({ employees: EMPLOYEES, env: { CACHE_ENABLED: 'false', DATALOADER_BATCHING: 'false' } }),
  ]);
  cases = benchCases(batched.simulators.dataset, batched.simulators.urls.absorb);
  // The logins are not part of any query's cost (the benchmark warms up the same way).
  await Promise.all([batched.query(LOGIN_QUERY), naive.query(LOGIN_QUERY)]);
});
afterAll(() => Promise.all([batched?.close(), naive?.close()]));

async function cost(stack: Stack, c: BenchCase): Promise<Record<string, number>> {
  stack.resetLog();
  const answer = await stack.query(c.query, c.variables);
  expect(answer.errors).toBeUndefined();
  return stack.requests();
}

describe(`bench smoke (${EMPLOYEES} employees)`, () => {
  it('covers the five contract queries', () => {
    expect(cases.map((c) => c.name)).toEqual(['LearnerDashboard', 'TeamDashboard', 'BatchRoster', 'CourseDashboard', 'EnrollmentDetail']);
  });

  it('this server makes exactly the computed minimum of upstream requests for every contract query', async () => {
    for (const c of cases) {
      const counts = await cost(batched, c);
      expect({ query: c.name, differences: countDifferences(counts, c.minimum) }).toEqual({ query: c.name, differences: [] });
    }
  });

  let ratio: Promise<number> | undefined;
  /** naive ÷ this server for TeamDashboard (50 employees), measured once for both tests below. */
  function teamRatio(): Promise<number> {
    const team = cases.find((c) => c.name === 'TeamDashboard')!;
    expect((team.variables.employeeIDs as string[]).length).toBe(50);
    ratio ??= (async () => total(await cost(naive, team)) / total(await cost(batched, team)))();
    return ratio;
  }

  // 96 of this server's 119 requests are per-person Ruangkerja lists that no batching removes, so
  // the naive build, which reads every community member list once per person, stays near 9×.
  it('the naive build makes at least 5× as many for TeamDashboard', async () => {
    expect(await teamRatio()).toBeGreaterThanOrEqual(5);
  });

  // `failing`: passes while the target is missed, and fails (to be turned back) once it is met.
  it.failing('the naive build makes at least 10× as many for TeamDashboard (the target, missed)', async () => {
    expect(await teamRatio()).toBeGreaterThanOrEqual(10);
  });

  it('every critical path is at least one round trip, and draws a chart of the counts', () => {
    const paths = new CriticalPaths(batched.simulators.dataset);
    expect(paths.enrollmentDetail(batched.simulators.dataset.samples.absorbEnrollmentId).roundTrips).toBeGreaterThanOrEqual(1);
    for (const c of cases) expect(c.criticalPath.roundTrips).toBe(c.criticalPath.chain.length);
    const svg = renderChart(
      cases.map((c) => ({ name: c.name, lowerBoundMs: c.criticalPath.roundTrips * 50, p50Ms: c.criticalPath.roundTrips * 55, serverRequests: total(c.minimum), minimumRequests: total(c.minimum), naiveRequests: null })),
      { title: 'smoke', latencyTarget: 1.2 },
    );
    expect(svg.startsWith('<svg')).toBe(true);
    for (const c of cases) expect(svg).toContain(`>${c.name}</text>`);
  });
});
