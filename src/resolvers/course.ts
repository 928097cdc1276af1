import { assertCanReadAll } from '../auth/scope.js';
import { connectionFrom, validatePage } from '../domain/connection.js';
import { courseId, parseCourseId } from '../domain/ids.js';
import type { CourseKind } from '../domain/model.js';
import { toProviderEnum } from '../domain/provider.js';
import { summarizeEnrollments } from '../domain/summary.js';
import type { CourseResolvers } from '../generated/graphql.js';
import { courseByKey, courseEnrollments, courseKind, courseName, requireLoaders } from '../loaders/courses.js';

export const Course: CourseResolvers = {
  /** A federation reference by global id: the batched lookup `Query.course` makes (async: see User). */
  __resolveReference: async ({ id }, { loaders }) => courseByKey(loaders, parseCourseId(id)),
  id: (course) => courseId(course.key),
  provider: (course) => toProviderEnum(course.key.provider),
  nativeId: (course) => String(course.key.nativeId),
  name: (course, _args, { loaders }) => courseName(loaders, course),
  kind: (course, _args, { loaders }) => {
    // A plain value when the course came with its kind (see courseName in loaders/courses.ts).
    const known = (kind: CourseKind | null): CourseKind => {
      if (kind === null) throw new Error(`kind of ${courseId(course.key)} is unknown`);
      return kind;
    };
    const kind = courseKind(loaders, course);
    return kind instanceof Promise ? kind.then(known) : known(kind);
  },
  batches: async (course, _args, { loaders }) => {
    if (course.key.provider !== 'ruangkerja' || (await courseKind(loaders, course)) !== 'WEBINAR') return [];
    return (await requireLoaders(loaders, 'ruangkerja').batchesOfCourse.load(course.key.nativeId)) ?? [];
  },
  sessions: async (course, _args, { loaders }) => {
    if (course.key.provider !== 'absorb' || (await courseKind(loaders, course)) !== 'INSTRUCTOR_LED') return [];
    return requireLoaders(loaders, 'absorb').sessionsByCourse.load(course.key.nativeId);
  },
  summary: async (course, args, { loaders }) =>
    summarizeEnrollments(await courseEnrollments(loaders, course, { statuses: args.status, includeHistory: args.includeHistory })),
  enrollments: async (course, args, context) => {
    // A roster lists other people's results: only a caller who may read every employee sees it.
    assertCanReadAll(context, "a course's enrollments");
    const { loaders } = context;
    const page = validatePage(args);
    return connectionFrom(await courseEnrollments(loaders, course, { statuses: args.status, includeHistory: args.includeHistory }), page);
  },
};
