/**
 * zod schemas of every Absorb response the client reads. Tolerant of fields we do not use (zod
 * objects drop unknown keys), strict about the fields we do: their type, guid shape, the status
 * range 0–12, and that dates and TimeSpans parse, so a bad value fails here, at the edge, as
 * UPSTREAM_BAD_RESPONSE naming provider and endpoint, never later inside a normalizer.
 *
 * Nullability: the document marks no field as required or nullable. Identifiers, `status` and the
 * links a record cannot be placed without (a course enrollment's user and course) are required;
 * everything descriptive (names, scores, dates, durations) may be null or absent, as Absorb leaves
 * them for enrollments not yet started or completed. A course enrollment's `isActive` is required:
 * it is what separates the current enrollment from history.
 */
import { z } from 'zod';
import { isoDateTime, timeSpanToSeconds } from '../../domain/units.js';
import { isGuid } from './odata.js';

const guid = z.string().refine(isGuid, { message: 'expected a guid' });

/** The documented status enum, 0 NotStarted … 12 ReadyForReview. */
const status = z.number().int().min(0).max(12);

function parses(parse: (value: string) => unknown): (value: string) => boolean {
  return (value) => {
    try {
      parse(value);
      return true;
    } catch {
      return false;
    }
  };
}

/** An ISO-8601 date-time (a zone-less .NET value reads as UTC); "" counts as absent. */
const dateTime = z.string().refine(parses(isoDateTime), { message: 'expected an ISO-8601 date-time' }).nullish();

/** A .NET TimeSpan `[d.]hh:mm:ss[.fffffff]`; "" counts as absent. */
const timeSpan = z
  .string()
  .refine((value) => value.trim() === '' || parses(timeSpanToSeconds)(value), { message: 'expected a TimeSpan (d.hh:mm:ss.fffffff)' })
  .nullish();

const text = z.string().nullish();
const decimal = z.number().nullish();
const integer = z.number().int().nullish();

/** `POST /authenticate`: a bare JSON string. */
export const tokenSchema = z.string().min(1);

export const userSchema = z.object({
  id: guid,
  username: text,
  firstName: text,
  lastName: text,
  emailAddress: text,
  employeeNumber: text,
  externalId: text,
  /** 0 Active, 1 Inactive. */
  activeStatus: integer,
});

export const courseTypeSchema = z.enum(['OnlineCourse', 'InstructorLedCourse', 'CourseBundle', 'Curriculum']);

export const courseSchema = z.object({
  id: guid,
  name: text,
  courseType: courseTypeSchema.nullish(),
});

export const instructorLedCourseSchema = courseSchema.extend({
  sessionIds: z.array(guid).nullish(),
});

/** The course link of a session is not confirmed: `courseId` or `instructorLedCourseId`, one is needed. */
export const sessionSchema = z
  .object({
    id: guid,
    courseId: guid.nullish(),
    instructorLedCourseId: guid.nullish(),
    name: text,
    sessionSchedules: z.array(z.object({ startDate: dateTime, endDate: dateTime })).nullish(),
  })
  .refine((session) => (session.courseId ?? session.instructorLedCourseId) != null, {
    message: 'a session needs courseId or instructorLedCourseId',
    path: ['courseId'],
  });

/**
 * One course enrollment, as every course-enrollment read answers it (UserCourseEnrollmentResource
 * and CourseEnrollmentResource share these fields; the latter has no `timeSpentTicks`).
 */
export const courseEnrollmentSchema = z.object({
  id: guid,
  courseId: guid,
  userId: guid,
  courseName: text,
  progress: decimal,
  score: decimal,
  status,
  dateCompleted: dateTime,
  dateExpires: dateTime,
  dateAdded: dateTime,
  dateStarted: dateTime,
  dateDue: dateTime,
  fullName: text,
  timeSpentTicks: integer,
  timeSpent: timeSpan,
  credits: decimal,
  isActive: z.boolean(),
});

/** Fields every activity (session, chapter, lesson) enrollment shares. */
const activityEnrollmentFields = {
  id: guid,
  courseEnrollmentId: guid,
  name: text,
  /** Under `/users/:userId/…` the path names the user; the body's copy is not needed. */
  userId: guid.nullish(),
  status,
  progress: decimal,
  score: decimal,
  timeSpent: timeSpan,
  // Not in the document's activity resources, but read when present: ticks are exact.
  timeSpentTicks: integer,
  dateStarted: dateTime,
  dateCompleted: dateTime,
};

export const sessionEnrollmentSchema = z.object({
  ...activityEnrollmentFields,
  sessionId: guid,
  dateEnrolled: dateTime,
});

/** A session's roster names no user in its path, so there each item must carry its `userId`. */
export const rosterSessionEnrollmentSchema = sessionEnrollmentSchema.extend({ userId: guid });

export const chapterEnrollmentSchema = z.object({
  ...activityEnrollmentFields,
  chapterId: guid,
});

export const lessonEnrollmentSchema = z.object({
  ...activityEnrollmentFields,
  lessonId: guid,
  chapterId: guid.nullish(),
  attempts: integer,
});

/** The document enumerates 1, 3 and 5 for attempts; any value of the shared 0–12 vocabulary maps. */
export const attemptSchema = z.object({
  id: guid,
  timeSpentTicks: integer,
  status,
  score: decimal,
  startDate: dateTime,
  completionDate: dateTime,
});

/** A page of a paged list, reduced to what the paging reader needs. */
export interface AbsorbPage<T> {
  items: T[];
  totalItems: number;
  /** The page size the API applied. */
  pageSize: number | undefined;
}

/** `{totalItems, returnedItems, limit, offset, <key>: [...]}` → `{items, totalItems, pageSize}`. */
export function pagedSchema<T>(key: string, item: z.ZodType<T>): z.ZodType<AbsorbPage<T>> {
  // The items' key differs per list, so the shape is built by name; its values are validated
  // above, which is what makes the casts below sound.
  const shape: Record<string, z.ZodType> = {
    totalItems: z.number().int().min(0),
    limit: z.number().int().positive().nullish(),
    [key]: z.array(item),
  };
  return z.object(shape).transform((page) => ({
    items: page[key] as T[],
    totalItems: page.totalItems as number,
    pageSize: (page.limit as number | null | undefined) ?? undefined,
  }));
}

export type AbsorbUser = z.infer<typeof userSchema>;
export type AbsorbCourse = z.infer<typeof courseSchema>;
export type AbsorbInstructorLedCourse = z.infer<typeof instructorLedCourseSchema>;
export type AbsorbSession = z.infer<typeof sessionSchema>;
export type AbsorbCourseEnrollmentBody = z.infer<typeof courseEnrollmentSchema>;
export type AbsorbSessionEnrollmentBody = z.infer<typeof sessionEnrollmentSchema>;
export type AbsorbChapterEnrollmentBody = z.infer<typeof chapterEnrollmentSchema>;
export type AbsorbLessonEnrollmentBody = z.infer<typeof lessonEnrollmentSchema>;
export type AbsorbAttemptBody = z.infer<typeof attemptSchema>;
