/**
 * Zod schemas of the SelfCommunity responses, validated at the edge by the HTTP layer (a mismatch
 * is UPSTREAM_BAD_RESPONSE naming the provider and endpoint). Unknown fields are ignored; the
 * fields we read are checked for their documented types. `join_status` must be one of the
 * documented values (or null): it decides the unified status, so a new value fails the list
 * loudly instead of being guessed.
 */
import { z } from 'zod';
import { isoDateTime } from '../../domain/units.js';
import { SELFCOMMUNITY_JOIN_STATUSES } from './routes.js';

function readable(parse: (value: string) => unknown, value: string): boolean {
  try {
    parse(value);
    return true;
  } catch {
    return false;
  }
}

const dateTime = z
  .string()
  .nullable()
  .refine((value) => value === null || readable(isoDateTime, value), { error: 'expected an ISO-8601 date-time or null' });

export const joinStatusSchema = z.enum(SELFCOMMUNITY_JOIN_STATUSES).nullable();

/** One "Course User Dashboard" item. */
export const memberItemSchema = z.object({
  id: z.number().int().positive(),
  username: z.string().min(1),
  real_name: z.string().nullable(),
  /** Null: the user is not (or no longer) a member of the course. */
  join_status: joinStatusSchema,
  /** Integer percent, 0–100. */
  user_completion_rate: z.number().min(0).max(100),
  last_active_at: dateTime,
  joined_at: dateTime,
});

/**
 * DRF LimitOffsetPagination: `{count, next, previous, results}`. `next`/`previous` are never
 * followed (they are full URLs that could name another host, which would receive our token), so
 * only their type is loosely checked.
 */
export const memberListSchema = z.object({
  count: z.number().int().min(0),
  next: z.string().nullable().optional(),
  previous: z.string().nullable().optional(),
  results: z.array(memberItemSchema),
});

export const courseSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
});

export type MemberItem = z.infer<typeof memberItemSchema>;
export type MemberList = z.infer<typeof memberListSchema>;
export type CourseItem = z.infer<typeof courseSchema>;
