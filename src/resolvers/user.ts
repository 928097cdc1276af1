import { assertCanRead } from '../auth/scope.js';
import { connectionFrom, validatePage } from '../domain/connection.js';
import { assertEmployeeID, userId } from '../domain/ids.js';
import { toProviderEnum } from '../domain/provider.js';
import { summarizeEnrollments } from '../domain/summary.js';
import type { IdentityResolvers, UserResolvers } from '../generated/graphql.js';
import { userEnrollments } from '../loaders/enrollments.js';
import { personEmail, personIdentities, personName } from '../loaders/people.js';
import { userIfKnown } from './lookups.js';
import { filtersFrom, withFailures } from './support.js';

/**
 * A user reached through a roster may be outside the caller's scope: `id`, `employeeID` and `name`
 * (what the roster shows) stay readable; every field that expands the person is FORBIDDEN before
 * any upstream is asked (see src/auth/scope.ts).
 */
export const User: UserResolvers = {
  /**
   * A federation reference is a lookup by employeeID, like `Query.user`: the same scope check
   * and the same existence check, batched across every reference of the request, so N references
   * cost what `users(employeeIDs:)` with N ids costs. Null when no provider knows the person.
   * Every `__resolveReference` is async: @apollo/subgraph resolves a request's references in one
   * synchronous loop, so a synchronous throw (FORBIDDEN, a bad id) would fail all of them, where
   * a rejection fails only its own (null, with its error).
   */
  __resolveReference: async ({ employeeID }, context) => {
    assertCanRead(context, assertEmployeeID(employeeID));
    return userIfKnown(context.loaders, employeeID);
  },
  id: ({ employeeID }) => userId(employeeID),
  employeeID: ({ employeeID }) => employeeID,
  name: async ({ employeeID }, _args, context, info) => withFailures(context, info, await personName(context.loaders, employeeID)),
  email: async ({ employeeID }, _args, context, info) => {
    assertCanRead(context, employeeID);
    return withFailures(context, info, await personEmail(context.loaders, employeeID));
  },
  identities: async ({ employeeID }, _args, context, info) => {
    assertCanRead(context, employeeID);
    return withFailures(context, info, await personIdentities(context.loaders, employeeID));
  },
  summary: async ({ employeeID }, args, context, info) => {
    assertCanRead(context, employeeID);
    const enrollments = withFailures(context, info, await userEnrollments(context.loaders, employeeID, filtersFrom(args)));
    return summarizeEnrollments(enrollments);
  },
  enrollments: async ({ employeeID }, args, context, info) => {
    assertCanRead(context, employeeID);
    // Page arguments are checked before any upstream is asked.
    const page = validatePage(args);
    const enrollments = withFailures(context, info, await userEnrollments(context.loaders, employeeID, filtersFrom(args)));
    return connectionFrom(enrollments, page);
  },
};

export const Identity: IdentityResolvers = {
  provider: (identity) => toProviderEnum(identity.provider),
  nativeId: (identity) => identity.nativeId,
};
