/**
 * Writes. Each resolver hands its arguments to its flow in src/mutations/: authorization, input
 * checks before any upstream request, the idempotency key, the Absorb write with its refusals as
 * `userErrors`, and the changed objects read back (docs/mutations.md).
 */
import type { MutationResolvers } from '../generated/graphql.js';
import { enrollInSession, finishLessonAttempt, startLessonAttempt } from '../mutations/activities.js';
import { enrollInCourse, unenroll, updateCourseEnrollment } from '../mutations/enrollments.js';

export const Mutation: MutationResolvers = {
  enrollInCourse: (_parent, args, context, info) => enrollInCourse(args, context, info),
  updateCourseEnrollment: (_parent, args, context, info) => updateCourseEnrollment(args, context, info),
  unenroll: (_parent, args, context) => unenroll(args, context),
  enrollInSession: (_parent, args, context, info) => enrollInSession(args, context, info),
  startLessonAttempt: (_parent, args, context, info) => startLessonAttempt(args, context, info),
  finishLessonAttempt: (_parent, args, context, info) => finishLessonAttempt(args, context, info),
};
