import { connectionFrom, validatePage } from '../domain/connection.js';
import { userId } from '../domain/ids.js';
import { toProviderEnum } from '../domain/provider.js';
import { summarizeEnrollments } from '../domain/summary.js';
import type { IdentityResolvers, UserResolvers } from '../generated/graphql.js';
import { userEnrollments } from '../loaders/enrollments.js';
import { personEmail, personIdentities, personName } from '../loaders/people.js';
import { filtersFrom, withFailures } from './support.js';

export const User: UserResolvers = {
  id: ({ employeeID }) => userId(employeeID),
  employeeID: ({ employeeID }) => employeeID,
  name: async ({ employeeID }, _args, context, info) => withFailures(context, info, await personName(context.loaders, employeeID)),
  email: async ({ employeeID }, _args, context, info) => withFailures(context, info, await personEmail(context.loaders, employeeID)),
  identities: async ({ employeeID }, _args, context, info) => withFailures(context, info, await personIdentities(context.loaders, employeeID)),
  summary: async ({ employeeID }, args, context, info) => {
    const enrollments = withFailures(context, info, await userEnrollments(context.loaders, employeeID, filtersFrom(args)));
    return summarizeEnrollments(enrollments);
  },
  enrollments: async ({ employeeID }, args, context, info) => {
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
