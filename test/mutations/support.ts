/**
 * Helpers for the mutation tests: the whole stack (simulators + server over real HTTP) with caller
 * authentication on, tokens with and without the write scope, counts of Absorb writes in the
 * simulators' request log, and pickers of records in the seeded dataset.
 */
import { AUDIENCE, ISSUER, JWT_SECRET, signHs256 } from '../hardening/support.js';
import { postGraphQL, type GraphQLResponse } from '../helpers/server.js';
import { startStack, type Stack } from '../helpers/stack.js';
import type { AbsorbCourse, AbsorbCourseEnrollment, AbsorbData, AbsorbUser } from '../../src/simulators/dataset/types.js';

export const AUTH_ENV = {
  AUTH_REQUIRED: 'true',
  AUTH_JWT_SECRET: JWT_SECRET,
  AUTH_AUDIENCE: AUDIENCE,
  AUTH_ISSUER: ISSUER,
};

export type UserErrorShape = { field: string[] | null; message: string; code: string };

export interface WriteStack extends Stack {
  /** Sends a mutation (or query) as `token`'s caller (default: a writer who may read everyone). */
  send<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /** Absorb write requests (POSTs other than the login) since the last reset, by endpoint. */
  absorbWrites(): Record<string, number>;
  /** Every Absorb request since the last reset (reads included), by endpoint. */
  absorbRequests(): Record<string, number>;
  data(): AbsorbData;
  writer: string;
}

/** A bearer token: `scope` as given, `employee_ids` limiting the employees when set. */
export function token(scope: string, employeeIDs?: string[], subject = 'dashboard-admin'): Promise<string> {
  return signHs256({ sub: subject, scope, ...(employeeIDs === undefined ? {} : { employee_ids: employeeIDs }) });
}

export async function startWriteStack(options: { employees?: number; env?: Record<string, string> } = {}): Promise<WriteStack> {
  const stack = await startStack({ employees: options.employees ?? 200, env: { ...AUTH_ENV, CACHE_ENABLED: 'false', ...options.env } });
  const writer = await token('learning:read:all learning:write');
  const absorbLog = (writesOnly: boolean) => {
    const counts: Record<string, number> = {};
    for (const entry of stack.simulators.controls.log.matching({ provider: 'absorb' })) {
      if (entry.endpoint === '/authenticate') continue;
      if (writesOnly && entry.method !== 'POST') continue;
      const key = `${entry.method} ${entry.endpoint}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  };
  return {
    ...stack,
    writer,
    send: async <T,>(query: string, variables: Record<string, unknown> = {}, bearer = writer) =>
      (await postGraphQL<T>(stack.server.url, query, variables, { authorization: `Bearer ${bearer}` })).body,
    absorbWrites: () => absorbLog(true),
    absorbRequests: () => absorbLog(false),
    data: () => stack.simulators.dataset.absorb,
  };
}

/** The employeeID an Absorb user stands for (employeeNumber, the default match field). */
export function employeeOf(user: AbsorbUser): string {
  if (user.employeeNumber === null) throw new Error(`Absorb user ${user.id} has no employeeNumber`);
  return user.employeeNumber;
}

export function activeCourse(data: AbsorbData, type: AbsorbCourse['courseType'], skip = 0): AbsorbCourse {
  const courses = data.courses.filter((c) => c.courseType === type && c.activeStatus === 0);
  const course = courses[skip];
  if (course === undefined) throw new Error(`no active ${type} #${skip}`);
  return course;
}

/** A linked Absorb user with no enrollment at all in the course, other than `except`. */
export function userNotIn(data: AbsorbData, course: AbsorbCourse, except: readonly string[] = []): AbsorbUser {
  const user = data.users.find(
    (u) => u.employeeNumber !== null && u.activeStatus === 0 && !except.includes(u.id) && !data.enrollments.some((e) => e.userId === u.id && e.courseId === course.id),
  );
  if (user === undefined) throw new Error(`every user is enrolled in ${course.id}`);
  return user;
}

export function activeEnrollmentsOf(data: AbsorbData, userId: string, courseId: string): AbsorbCourseEnrollment[] {
  return data.enrollments.filter((e) => e.userId === userId && e.courseId === courseId && e.isActive);
}

export function enrollmentsOf(data: AbsorbData, userId: string, courseId: string): AbsorbCourseEnrollment[] {
  return data.enrollments.filter((e) => e.userId === userId && e.courseId === courseId);
}

/** The user errors of a mutation's payload, and that there is no GraphQL error. */
export function userErrorsOf(response: GraphQLResponse, mutation: string): UserErrorShape[] {
  expect(response.errors).toBeUndefined();
  const payload = (response.data as Record<string, { userErrors: UserErrorShape[] }> | null | undefined)?.[mutation];
  if (payload === undefined) throw new Error(`no ${mutation} in ${JSON.stringify(response)}`);
  return payload.userErrors;
}

export function errorCodes(response: GraphQLResponse): unknown[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}

export const UNKNOWN_GUID = '00000000-0000-4000-8000-000000000001';

/** Adds an inactive course to the dataset (the seeded one may have none): Absorb refuses enrollments in it. */
export function addInactiveCourse(data: AbsorbData): AbsorbCourse {
  const course: AbsorbCourse = { id: '0f0f0f0f-0000-4000-8000-00000000c0de', name: 'Retired course', courseType: 'OnlineCourse', activeStatus: 1 };
  if (!data.courses.some((c) => c.id === course.id)) data.courses.push(course);
  return course;
}
