import { absorbId } from '../domain/ids.js';
import type { SessionResolvers } from '../generated/graphql.js';
import { requireLoaders } from '../loaders/courses.js';

export const Session: SessionResolvers = {
  id: (session) => absorbId(session.id),
  name: (session) => session.name,
  course: async (session, _args, { loaders }) =>
    (await requireLoaders(loaders, 'absorb').courseById.load(session.courseId.toLowerCase())) ?? {
      key: { provider: 'absorb', nativeId: session.courseId },
      name: null,
      kind: 'INSTRUCTOR_LED',
    },
  schedules: (session) => session.schedules,
  enrollments: (session, _args, { loaders }) => requireLoaders(loaders, 'absorb').sessionRoster.load(`${session.courseId.toLowerCase()}|${session.id.toLowerCase()}`),
};
