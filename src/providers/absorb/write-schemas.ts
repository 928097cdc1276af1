/**
 * zod schemas of what Absorb answers to the writes (writes.ts). Strict where the answer names what
 * was created (its ids are read back), lenient where nothing in the answer is used: once Absorb
 * has acted, a body we do not read must not turn a done write into an UPSTREAM_BAD_RESPONSE that
 * tempts a client to write again.
 */
import { z } from 'zod';
import { isGuid } from './odata.js';

const guid = z
  .string()
  .refine(isGuid, { message: 'expected a guid' })
  .transform((value) => value.toLowerCase());

/** `POST /users/:userId/enrollments/:courseId` and `POST /users/:userId/enrollments`. */
export const enrollmentWrittenSchema = z.object({
  enrollmentId: guid,
  courseId: guid,
  userId: guid,
});

/** `POST /users/:userId/enrollments/:courseId/session/:sessionId`. */
export const sessionEnrollmentWrittenSchema = z.object({
  userId: guid,
  courseId: guid,
  sessionId: guid,
  enrollmentId: guid,
  sessionEnrollmentId: guid,
});

/** `POST …/lessons/:lessonId/startattempt`: the attempt id is what the caller finishes later. */
export const attemptStartedSchema = z.object({
  attemptId: guid,
});

/**
 * `POST /enrollments/unenroll` (204, no body) and `POST …/attempts/:attemptId/finish`
 * (`{attemptId}`, which the caller already knows): nothing in them is read.
 */
export const unreadAnswerSchema = z.unknown();

export type EnrollmentWritten = z.infer<typeof enrollmentWrittenSchema>;
export type SessionEnrollmentWritten = z.infer<typeof sessionEnrollmentWrittenSchema>;
