import type { Enrollment } from '../domain/model.js';
import { assertEmployeeID, assertRuangkerjaSerial, parseAbsorbId, parseCourseId, parseEnrollmentId } from '../domain/ids.js';
import { PROVIDERS, toProviderEnum } from '../domain/provider.js';
import type { QueryResolvers } from '../generated/graphql.js';
import { badUserInput } from '../graphql/errors.js';
import { batchBySerials, courseByKey, requireLoaders } from '../loaders/courses.js';
import type { Loaders } from '../loaders/index.js';
import { isProviderError } from '../providers/errors.js';
import { PersonUnknowable, personExists } from '../loaders/people.js';

/** More ids than this in one `users` call is refused: a dashboard pages its team instead. */
export const MAX_USERS_PER_REQUEST = 500;

async function userIfKnown(loaders: Loaders, employeeID: string) {
  try {
    return (await personExists(loaders, employeeID)) ? { employeeID } : null;
  } catch (error) {
    // No healthy provider knows the person and one failed: say which, rather than "nobody".
    if (error instanceof PersonUnknowable) throw error.failures[0];
    throw error;
  }
}

async function enrollmentById(loaders: Loaders, id: string): Promise<Enrollment | null> {
  const key = parseEnrollmentId(id);
  switch (key.provider) {
    case 'absorb':
      return requireLoaders(loaders, 'absorb').enrollmentById.load(key.enrollmentId);
    case 'ruangkerja': {
      const ruangkerja = requireLoaders(loaders, 'ruangkerja');
      const list: Enrollment[] =
        key.batchSerial === null
          ? await ruangkerja.onlineEnrollments.load(key.employeeID)
          : await ruangkerja.webinarEnrollments.load(key.employeeID);
      return list.find((e) => e.id === id) ?? null;
    }
    case 'selfcommunity': {
      const members = await requireLoaders(loaders, 'selfcommunity').members.load(key.courseId);
      return members?.find((m) => m.memberId === key.memberId) ?? null;
    }
  }
}

export const Query: QueryResolvers = {
  service: (_parent, _args, { app }) => ({
    name: app.name,
    version: app.version,
    demoMode: app.demoMode,
    providers: PROVIDERS.map((provider) => ({ provider: toProviderEnum(provider), configured: app.configuredProviders.has(provider) })),
  }),
  user: (_parent, { employeeID }, { loaders }) => userIfKnown(loaders, assertEmployeeID(employeeID)),
  users: (_parent, { employeeIDs }, context, info) => {
    if (employeeIDs.length > MAX_USERS_PER_REQUEST) {
      throw badUserInput(`"employeeIDs" may hold at most ${MAX_USERS_PER_REQUEST} ids (got ${employeeIDs.length})`, 'employeeIDs');
    }
    employeeIDs.forEach(assertEmployeeID);
    // Each id resolves on its own: one person no healthy provider can vouch for is null with an
    // error at its index, and the rest of the list stands.
    return Promise.all(
      employeeIDs.map((employeeID, index) =>
        userIfKnown(context.loaders, employeeID).catch((error: unknown) => {
          if (!isProviderError(error)) throw error;
          context.partialFailures.report(error, { path: { prev: info.path, key: index, typename: undefined } });
          return null;
        }),
      ),
    );
  },
  course: (_parent, { id }, { loaders }) => courseByKey(loaders, parseCourseId(id)),
  batch: (_parent, { courseSerial, batchSerial }, { loaders }) =>
    batchBySerials(loaders, assertRuangkerjaSerial(courseSerial, 'a course serial'), assertRuangkerjaSerial(batchSerial, 'a batch serial')),
  session: (_parent, { id }, { loaders }) => requireLoaders(loaders, 'absorb').sessionById.load(parseAbsorbId(id, 'session')),
  enrollment: (_parent, { id }, { loaders }) => enrollmentById(loaders, id),
};
