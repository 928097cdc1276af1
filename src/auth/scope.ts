/**
 * Row-level scope: which employees a caller may read. Checked at the start of every resolver that
 * takes an employeeID from the caller, and in the User fields that expand a person, so data of an
 * employee outside the scope is never requested from an upstream. What is guarded (see
 * docs/operations.md "Scope"):
 * - `Query.user`, each id of `Query.users`, `Query.enrollment`: the employee asked for.
 * - `User.email`, `identities`, `summary`, `enrollments`: a person reached through a roster.
 *   `id`, `employeeID` and `name` stay readable: they are what the roster itself shows.
 * - Rosters (`Course.enrollments`, `Batch.participants`, `Session.enrollments`) list other
 *   people's results, so they need the `learning:read:all` scope.
 */
import { GraphQLError } from 'graphql';
import type { Caller } from './caller.js';
import { SCOPE_READ_ALL } from './caller.js';

interface HasCaller {
  caller: Caller;
}

export function canRead(caller: Caller, employeeID: string): boolean {
  const { employeeIDs } = caller.scope;
  return employeeIDs === 'all' || employeeIDs.has(employeeID);
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

export function forbiddenEmployee(employeeID: string): GraphQLError {
  return forbidden(`Not allowed to read employee ${employeeID}`);
}

/** Throws FORBIDDEN unless the caller may read this employee. */
export function assertCanRead(context: HasCaller, employeeID: string): void {
  if (!canRead(context.caller, employeeID)) throw forbiddenEmployee(employeeID);
}

/** Throws FORBIDDEN unless the caller may read every employee (rosters of courses, batches, sessions). */
export function assertCanReadAll(context: HasCaller, what: string): void {
  if (context.caller.scope.employeeIDs !== 'all') throw forbidden(`Reading ${what} needs the ${SCOPE_READ_ALL} scope`);
}
