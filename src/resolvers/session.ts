import { assertCanReadAll } from '../auth/scope.js';
import { absorbId, parseAbsorbId } from '../domain/ids.js';
import type { SessionResolvers } from '../generated/graphql.js';
import { requireLoaders } from '../loaders/courses.js';

export const Session: SessionResolvers = {
  /** A federation reference by global id: the batched lookup `Query.session` makes (async: see User). */
  __resolveReference: async ({ id }, { loaders }) => requireLoaders(loaders, 'absorb').sessionById.load(parseAbsorbId(id, 'session')),
  id: (session) => absorbId(session.id),
  name: (session) => session.name,
  course: async (session, _args, { loaders }) =>
    (await requireLoaders(loaders, 'absorb').courseById.load(session.courseId.toLowerCase())) ?? {
      key: { provider: 'absorb', nativeId: session.courseId },
      name: null,
      kind: 'INSTRUCTOR_LED',
    },
  schedules: (session) => session.schedules,
  enrollments: (session, _args, context) => {
    // A roster lists other people's results: only a caller who may read every employee sees it.
    assertCanReadAll(context, "a session's enrollments");
    return requireLoaders(context.loaders, 'absorb').sessionRoster.load(`${session.courseId.toLowerCase()}|${session.id.toLowerCase()}`);
  },
};
