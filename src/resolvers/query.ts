import { assertCanRead, canRead, forbiddenEmployee } from '../auth/scope.js';
import type { Context } from '../context.js';
import type { Course, UserRef } from '../domain/model.js';
import type { EnrollmentStatus } from '../generated/graphql.js';
import { assertEmployeeID, assertRuangkerjaSerial, parseAbsorbId, parseCourseId } from '../domain/ids.js';
import { PROVIDERS, toProviderEnum } from '../domain/provider.js';
import type { GraphQLResolveInfo } from 'graphql';
import type { QueryResolvers } from '../generated/graphql.js';
import { badUserInput } from '../graphql/errors.js';
import { batchBySerials, courseByKey, courseEnrollments, requireLoaders } from '../loaders/courses.js';
import { connectionFrom, validatePage } from '../domain/connection.js';
import { isProviderError } from '../providers/errors.js';
import type { Loaders } from '../loaders/index.js';
import type { CourseKey } from '../domain/ids.js';
import { childFieldArguments, prefetch, selectsAny } from './lookahead.js';
import { enrollmentInScope, userIfKnown } from './lookups.js';

/** More ids than this in one `users` call is refused: a dashboard pages its team instead. */
export const MAX_USERS_PER_REQUEST = 500;

/** User fields whose answers need the person's memberships in every provider. */
const PERSON_EXPANSIONS = ['enrollments', 'summary', 'identities'] as const;

/** What the query reads of the people `user`/`users` finds, for personExists to start early. */
function lookingAhead(info: GraphQLResolveInfo, { readAhead }: Pick<Context, 'readAhead'>): { eager: boolean; nameAsked: boolean } {
  if (!readAhead) return { eager: false, nameAsked: false };
  return { eager: selectsAny(info, PERSON_EXPANSIONS), nameAsked: selectsAny(info, ['name']) };
}

/**
 * A course page's learners, read beside the course itself. For an Absorb course whose page shows
 * each learner (`enrollments(...) { nodes { user } }`), the users of exactly the enrollments that
 * page will show are looked up as soon as the enrollments are in, without waiting for the course
 * lookup: the same batched reads `Enrollment.user` makes, one round trip earlier.
 */
function prefetchCourseEnrollments(loaders: Loaders, key: CourseKey, pages: readonly Record<string, unknown>[]): void {
  if (key.provider === 'absorb' && loaders.absorb) {
    const absorb = loaders.absorb;
    prefetch(async () => {
      await absorb.courseEnrollments.load(key.nativeId);
      const course: Course = { key, name: null, kind: null };
      for (const args of pages) {
        const filters = { statuses: args.status as EnrollmentStatus[] | null | undefined, includeHistory: args.includeHistory as boolean | null | undefined };
        const shown = connectionFrom(await courseEnrollments(loaders, course, filters), validatePage(args)).edges;
        for (const { node } of shown) if (node.kind === 'absorb' && node.employeeID === null) prefetch(() => absorb.userById.load(node.absorbUserId.toLowerCase()));
      }
    });
  }
  if (key.provider === 'selfcommunity' && loaders.selfcommunity) prefetch(() => loaders.selfcommunity!.members.load(key.nativeId));
}

export const Query: QueryResolvers = {
  service: (_parent, _args, { app }) => ({
    name: app.name,
    version: app.version,
    demoMode: app.demoMode,
    providers: PROVIDERS.map((provider) => ({ provider: toProviderEnum(provider), configured: app.configuredProviders.has(provider) })),
  }),
  user: (_parent, { employeeID }, context, info) => {
    assertCanRead(context, assertEmployeeID(employeeID));
    return userIfKnown(context.loaders, employeeID, lookingAhead(info, context));
  },
  users: (_parent, { employeeIDs }, context, info) => {
    if (employeeIDs.length > MAX_USERS_PER_REQUEST) {
      throw badUserInput(`"employeeIDs" may hold at most ${MAX_USERS_PER_REQUEST} ids (got ${employeeIDs.length})`, 'employeeIDs');
    }
    employeeIDs.forEach(assertEmployeeID);
    // Each id resolves on its own: one person no healthy provider can vouch for is null with an
    // error at its index, and the rest of the list stands. So is one outside the caller's scope
    // (FORBIDDEN at its index), and no upstream is asked about them: graphql-js completes list
    // items one by one, so a rejected item is null with its own error.
    const ahead = lookingAhead(info, context);
    return employeeIDs.map((employeeID, index) => {
      const item = canRead(context.caller, employeeID)
        ? userIfKnown(context.loaders, employeeID, ahead).catch((error: unknown) => {
            if (!isProviderError(error)) throw error;
            context.partialFailures.report(error, { path: { prev: info.path, key: index, typename: undefined } });
            return null;
          })
        : Promise.reject(forbiddenEmployee(employeeID));
      // The generated item type omits a promise of null, which graphql-js accepts for a nullable item.
      return item as Promise<UserRef>;
    });
  },
  course: (_parent, { id }, { loaders, caller, readAhead }, info) => {
    const key = parseCourseId(id);
    // A course page asks for the learners: read them beside the course itself (only for callers
    // who may see them: a narrower scope gets the summary, computed from the same read).
    if (readAhead && caller.scope.employeeIDs === 'all' && selectsAny(info, ['enrollments', 'summary'])) {
      prefetchCourseEnrollments(loaders, key, childFieldArguments(info, 'enrollments', ['nodes', 'user']));
    }
    return courseByKey(loaders, key);
  },
  batch: (_parent, { courseSerial, batchSerial }, { loaders, caller, readAhead }, info) => {
    assertRuangkerjaSerial(courseSerial, 'a course serial');
    assertRuangkerjaSerial(batchSerial, 'a batch serial');
    // A roster page: the roster needs only the two serials, so it is read beside the batch list.
    if (readAhead && caller.scope.employeeIDs === 'all' && selectsAny(info, ['participants', 'summary']) && loaders.ruangkerja) {
      const ruangkerja = loaders.ruangkerja;
      prefetch(() => ruangkerja.roster(courseSerial, batchSerial));
    }
    return batchBySerials(loaders, courseSerial, batchSerial);
  },
  session: (_parent, { id }, { loaders }) => requireLoaders(loaders, 'absorb').sessionById.load(parseAbsorbId(id, 'session')),
  enrollment: (_parent, { id }, context) => enrollmentInScope(context, id),
};
