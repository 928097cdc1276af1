/**
 * The benchmark's cases: each contract query (src/graphql/safelist/dashboard-queries.ts) with the
 * demo dataset's sample variables, its computed minimum of upstream requests (bench/minimum.ts)
 * and its critical-path lower bound (bench/critical-path.ts).
 */
import type { Dataset } from '../src/simulators/dataset/types.js';
import { contractQueries } from '../test/helpers/contract.js';
import { CriticalPaths, type CriticalPath } from './critical-path.js';
import { MinimumRequests, type RequestCounts } from './minimum.js';

export const CASE_NAMES = ['LearnerDashboard', 'TeamDashboard', 'BatchRoster', 'CourseDashboard', 'EnrollmentDetail'] as const;
export type CaseName = (typeof CASE_NAMES)[number];

export interface BenchCase {
  name: CaseName;
  /** What the variables pick, for tables. */
  label: string;
  query: string;
  variables: Record<string, unknown>;
  /** The POST body sent for it. */
  body: string;
  minimum: RequestCounts;
  criticalPath: CriticalPath;
}

/** Team size of the TeamDashboard case: the contract's 50 (or fewer on a small dataset). */
export const TEAM_SIZE = 50;

export function benchCases(data: Dataset, absorbBaseUrl: string): BenchCase[] {
  const queries = contractQueries();
  const minimum = new MinimumRequests(data, absorbBaseUrl);
  const paths = new CriticalPaths(data);
  const s = data.samples;
  const team = s.teamEmployeeIDs.slice(0, TEAM_SIZE);
  const rosterSize = data.ruangkerja.webinarAssignments.filter((a) => a.courseSerial === s.batch.courseSerial && a.batchSerial === s.batch.batchSerial).length;
  const courseSize = data.absorb.enrollments.filter((e) => e.courseId.toLowerCase() === s.absorbCourseId.toLowerCase()).length;
  const made: Omit<BenchCase, 'query' | 'body'>[] = [
    {
      name: 'LearnerDashboard',
      label: `employee ${s.learnerEmployeeID}`,
      variables: { employeeID: s.learnerEmployeeID },
      minimum: minimum.learnerDashboard(s.learnerEmployeeID),
      criticalPath: paths.learnerDashboard(s.learnerEmployeeID),
    },
    {
      name: 'TeamDashboard',
      label: `${team.length} employees`,
      variables: { employeeIDs: team },
      minimum: minimum.teamDashboard(team),
      criticalPath: paths.teamDashboard(team),
    },
    {
      name: 'BatchRoster',
      label: `batch of ${rosterSize}`,
      variables: { courseSerial: s.batch.courseSerial, batchSerial: s.batch.batchSerial },
      minimum: minimum.batchRoster(s.batch.courseSerial, s.batch.batchSerial),
      criticalPath: paths.batchRoster(s.batch.courseSerial, s.batch.batchSerial),
    },
    {
      name: 'CourseDashboard',
      label: `Absorb course, ${courseSize} enrollments`,
      variables: { id: `absorb:${s.absorbCourseId}` },
      minimum: minimum.absorbCourseDashboard(s.absorbCourseId),
      criticalPath: paths.absorbCourseDashboard(s.absorbCourseId),
    },
    {
      name: 'EnrollmentDetail',
      label: 'Absorb enrollment',
      variables: { id: `absorb:${s.absorbEnrollmentId}` },
      minimum: minimum.enrollmentDetail(s.absorbEnrollmentId),
      criticalPath: paths.enrollmentDetail(s.absorbEnrollmentId),
    },
  ];
  return made.map((c) => {
    const query = queries[c.name];
    if (query === undefined) throw new Error(`the contract has no ${c.name} query`);
    return { ...c, query, body: JSON.stringify({ operationName: c.name, query, variables: c.variables }) };
  });
}

export const total = (counts: RequestCounts): number => Object.values(counts).reduce((sum, n) => sum + n, 0);

/** Endpoints where two counts differ, as `endpoint: measured/expected`; empty when equal. */
export function countDifferences(measured: RequestCounts, expected: RequestCounts): string[] {
  const keys = [...new Set([...Object.keys(measured), ...Object.keys(expected)])].sort();
  return keys.filter((k) => (measured[k] ?? 0) !== (expected[k] ?? 0)).map((k) => `${k}: ${measured[k] ?? 0}/${expected[k] ?? 0}`);
}
