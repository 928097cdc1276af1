/**
 * Zod schemas of every Ruangkerja response, validated at the edge by the HTTP layer: a mismatch is
 * UPSTREAM_BAD_RESPONSE naming the provider and endpoint, never a crash deep in a resolver.
 *
 * Rules: unknown fields are ignored (upstreams add fields); the fields we read are checked for
 * their documented types, nullable only where the documents say so. Values that the status mapping
 * translates (online `status`, webinar `userAssignedStatus`) and course categories (which decide
 * a course's kind) must be known values: a new value fails the list loudly instead of being
 * guessed. Values passed through as text (`postActivityStatus`, a batch's `status`) accept any
 * string. Dates are checked here so that normalizers never meet one they cannot read. For the
 * endpoints that have no field table (catalogue, batches, directory), display text may also be
 * null.
 */
import { z } from 'zod';
import { RUANGKERJA_ONLINE_STATUS, RUANGKERJA_WEBINAR_STATUS } from '../../domain/status.js';
import { isoDate, isoDateTime } from '../../domain/units.js';

function readable(parse: (value: string) => unknown, value: string): boolean {
  try {
    parse(value);
    return true;
  } catch {
    return false;
  }
}

/** A key of one of the status tables (own keys only: `constructor` is not a status). */
function statusOf(table: Readonly<Record<string, unknown>>) {
  const known = Object.keys(table);
  return z.string().refine((value) => Object.hasOwn(table, value), { error: `expected one of ${known.join(', ')}` });
}

const serial = z.string().min(1);
/** `completedAt`: `YYYY-MM-DD`, or "" when the user did not finish. */
const dateOrEmpty = z.string().refine((value) => readable(isoDate, value), { error: 'expected a YYYY-MM-DD date or ""' });
/** A batch's schedule instants: ISO-8601, "" or null when not set. */
const dateTimeOrEmpty = z
  .string()
  .nullable()
  .refine((value) => value === null || readable(isoDateTime, value), { error: 'expected an ISO-8601 date-time, "" or null' });

export const onlineStatusSchema = statusOf(RUANGKERJA_ONLINE_STATUS);
export const webinarStatusSchema = statusOf(RUANGKERJA_WEBINAR_STATUS);
export const COURSE_CATEGORIES = ['Online', 'Webinar', 'Offline'] as const;

// ---- the paged envelope, in both documented shapes ---------------------------------------------

/** `data.items` / a bare `data` array. A Go backend may encode an empty list as null. */
const itemList = <I extends z.ZodType>(item: I) =>
  z
    .array(item)
    .nullable()
    .transform((items) => items ?? []);

/**
 * Tags `data` with its shape before validation, so that one branch validates it and a mismatch
 * names the item and field (`data.items[3].status: …`) instead of "no union member matched". The
 * bare array's items are reported under `data.items` too.
 */
function tagShape(data: unknown): unknown {
  if (Array.isArray(data) || data === null) return { shape: 'array', items: data };
  if (typeof data === 'object') return { ...data, shape: 'paged' };
  return data;
}

/**
 * `{status, message, data}` where `data` is either the page's items as a bare array (as the
 * online-course document shows) or `{currentPage, totalItems, totalPage, items}` (as the batch
 * document shows). Every list accepts both.
 */
export const listEnvelope = <I extends z.ZodType>(item: I) =>
  z.object({
    data: z.preprocess(
      tagShape,
      z.discriminatedUnion('shape', [
        z.object({ shape: z.literal('array'), items: itemList(item) }),
        z.object({
          shape: z.literal('paged'),
          currentPage: z.number().int().min(0),
          totalItems: z.number().int().min(0),
          totalPage: z.number().int().min(0),
          items: itemList(item),
        }),
      ]),
    ),
  });

export type ListEnvelope<I> = {
  data: { shape: 'array'; items: I[] } | { shape: 'paged'; currentPage: number; totalItems: number; totalPage: number; items: I[] };
};

// ---- items -------------------------------------------------------------------------------------

export const onlineItemSchema = z.object({
  course: z.object({ serial, name: z.string() }),
  /** Null when the user did not submit or ran out of time. */
  preTest: z.number().nullable(),
  postTest: z.number().nullable(),
  /** Seconds, by the project's reading of a unit-less number. */
  timeSpent: z.number().min(0),
  completedAt: dateOrEmpty,
  status: onlineStatusSchema,
});

/** What a user's webinar line and a batch roster line share. */
const participation = {
  absentReason: z.string(),
  assignedCourseSerial: z.string(),
  feedback: z.string(),
  isAttend: z.boolean(),
  userAssignedStatus: webinarStatusSchema,
  /** NOT STARTED | IN PROGRESS | COMPLETED | EXPIRED, or "" without a post activity: text as given. */
  postActivityStatus: z.string(),
  postTestAttempt: z.number().int().min(0),
  postTestScore: z.number(),
  postTestPassingScore: z.number().nullable(),
};

export const webinarItemSchema = z.object({
  course: z.object({ serial, name: z.string() }),
  batch: z.object({ serial, name: z.string() }),
  ...participation,
});

export const rosterItemSchema = z.object({
  user: z.object({ serial, name: z.string(), employeeID: z.string().min(1) }),
  ...participation,
});

export const courseItemSchema = z.object({
  serial,
  name: z.string(),
  category: z.enum(COURSE_CATEGORIES),
});

export const batchItemSchema = z.object({
  serial,
  name: z.string(),
  mainActivityStartAt: dateTimeOrEmpty,
  mainActivityEndAt: dateTimeOrEmpty,
  postActivityStartAt: dateTimeOrEmpty,
  postActivityEndAt: dateTimeOrEmpty,
  platform: z.string().nullable(),
  location: z.string().nullable(),
  note: z.string().nullable(),
  /** Completed | Ongoing: text as given. */
  status: z.string().nullable(),
});

/** A directory user. `serial` is required: it is what paths take with RUANGKERJA_USER_KEY=serial. */
export const userItemSchema = z.object({
  serial,
  employeeID: z.string().min(1),
  name: z.string().nullable(),
  username: z.string().nullable(),
  email: z.string().nullable(),
  isActive: z.boolean().nullable(),
  companyName: z.string().nullable(),
});

export type OnlineItem = z.infer<typeof onlineItemSchema>;
export type WebinarItem = z.infer<typeof webinarItemSchema>;
export type RosterItem = z.infer<typeof rosterItemSchema>;
export type CourseItem = z.infer<typeof courseItemSchema>;
export type BatchItem = z.infer<typeof batchItemSchema>;
export type UserItem = z.infer<typeof userItemSchema>;

export const onlineListSchema = listEnvelope(onlineItemSchema);
export const webinarListSchema = listEnvelope(webinarItemSchema);
export const rosterListSchema = listEnvelope(rosterItemSchema);
export const courseListSchema = listEnvelope(courseItemSchema);
export const batchListSchema = listEnvelope(batchItemSchema);
export const userListSchema = listEnvelope(userItemSchema);

// ---- auth --------------------------------------------------------------------------------------

/** `POST /oauth/token`: `expiresIn` is documented as a string of seconds ("43199"); a number is accepted too. */
export const loginSchema = z.object({
  data: z.object({
    accessToken: z.string().min(1),
    expiresIn: z.union([z.string().regex(/^\d+(\.\d+)?$/, { error: 'expected a number of seconds' }), z.number().min(0)]),
    tokenType: z.string().optional(),
  }),
});

/**
 * Ruangkerja's error envelope `{errorCode, message, detail}`. Its "Token is not valid" answer
 * (gRPC PermissionDenied text, errorCode 16 Unauthenticated in practice) has no documented HTTP
 * status, so it is recognised by its body, even with status 200.
 */
const errorEnvelopeSchema = z.object({
  errorCode: z.union([z.number(), z.string()]),
  message: z.string().optional(),
  detail: z.string().optional(),
});

/** The documented text, and gRPC's Unauthenticated code, which an expired token may answer instead. */
const TOKEN_REJECTED = /token is not valid|code = Unauthenticated\b/i;

export function isTokenNotValid(_status: number, body: unknown): boolean {
  // Asked of every answer, lists included: only an error envelope is worth parsing (a failed
  // parse is zod's slow path).
  if (typeof body !== 'object' || body === null || !('errorCode' in body)) return false;
  const parsed = errorEnvelopeSchema.safeParse(body);
  if (!parsed.success) return false;
  const { message = '', detail = '' } = parsed.data;
  return TOKEN_REJECTED.test(message) || TOKEN_REJECTED.test(detail);
}
