/**
 * The dashboards' five queries as GraphiQL tabs. The text is the contract's, carried in the build
 * (src/graphql/safelist/dashboard-queries.ts, kept equal to the contract's file by a test), so an
 * image that ships only dist/ has its tabs too; each tab holds one operation with
 * the comment written above it, and variables that either name the demo dataset's well-known
 * samples or, outside demo mode, are placeholders in the contract's id formats.
 */
import { Kind, parse } from 'graphql';
import { DASHBOARD_QUERIES } from '../graphql/safelist/dashboard-queries.js';
import type { DatasetSamples } from '../simulators/dataset/types.js';
import type { GraphiqlTab } from './config.js';

type Variables = Record<string, unknown>;

/** Variables per operation of the contract; an operation missing here gets `{}`. */
function sampleVariables(samples: DatasetSamples | null): Record<string, Variables> {
  if (samples === null) {
    return {
      LearnerDashboard: { employeeID: '<employeeID>' },
      TeamDashboard: { employeeIDs: ['<employeeID>', '<employeeID>'], status: null },
      BatchRoster: { courseSerial: '<Ruangkerja course serial>', batchSerial: '<Ruangkerja batch serial>' },
      CourseDashboard: { id: 'absorb:<course guid>' },
      EnrollmentDetail: { id: 'absorb:<enrollment guid>' },
    };
  }
  return {
    LearnerDashboard: { employeeID: samples.learnerEmployeeID },
    // status null: every status, the fullest picture of the team.
    TeamDashboard: { employeeIDs: samples.teamEmployeeIDs, status: null },
    BatchRoster: { courseSerial: samples.batch.courseSerial, batchSerial: samples.batch.batchSerial },
    // The online course with 300+ enrollments: the page of 200 shows hasNextPage.
    CourseDashboard: { id: `absorb:${samples.absorbCourseId.toLowerCase()}` },
    EnrollmentDetail: { id: `absorb:${samples.absorbEnrollmentId.toLowerCase()}` },
  };
}

/** The `#` lines directly above `offset` (no blank line between), as written. */
function commentAbove(source: string, offset: number): string {
  const lines = source.slice(0, offset).split('\n');
  lines.pop(); // the start of the operation's own line
  const comment: string[] = [];
  for (let line = lines.pop(); line !== undefined && line.trimStart().startsWith('#'); line = lines.pop()) {
    comment.unshift(line);
  }
  return comment.length > 0 ? `${comment.join('\n')}\n` : '';
}

/** Splits a document into one tab per named operation, keeping each operation's text as written. */
export function tabsFromDocument(source: string, samples: DatasetSamples | null): GraphiqlTab[] {
  const variables = sampleVariables(samples);
  const tabs: GraphiqlTab[] = [];
  for (const definition of parse(source).definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name || !definition.loc) continue;
    const name = definition.name.value;
    const text = source.slice(definition.loc.start, definition.loc.end);
    tabs.push({
      name,
      query: `${commentAbove(source, definition.loc.start)}${text}\n`,
      variables: JSON.stringify(variables[name] ?? {}, null, 2),
    });
  }
  return tabs;
}

/**
 * The dashboards' tabs. `samples` are the demo dataset's well-known values (demo mode), or null
 * for placeholders.
 */
export function dashboardTabs(samples: DatasetSamples | null, source: string = DASHBOARD_QUERIES): GraphiqlTab[] {
  return tabsFromDocument(source, samples);
}
