/**
 * Courses, batches and sessions looked up by key, and a course's enrollments in each provider.
 */
import { GraphQLError } from 'graphql';
import type { CourseKey } from '../domain/ids.js';
import type { Batch, Course, CourseKind, Enrollment, WebinarEnrollment } from '../domain/model.js';
import type { EnrollmentStatus } from '../domain/status.js';
import { notConfigured } from '../graphql/errors.js';
import type { RuangkerjaRosterEntry } from '../providers/api.js';
import { compareEnrollments } from './enrollments.js';
import type { Loaders } from './index.js';

export function requireLoaders<K extends keyof Loaders>(loaders: Loaders, provider: K): NonNullable<Loaders[K]> {
  const found = loaders[provider];
  if (found === null) throw notConfigured(provider);
  return found as NonNullable<Loaders[K]>;
}

export async function courseByKey(loaders: Loaders, key: CourseKey): Promise<Course | null> {
  switch (key.provider) {
    case 'absorb':
      return requireLoaders(loaders, 'absorb').courseById.load(key.nativeId);
    case 'ruangkerja':
      return requireLoaders(loaders, 'ruangkerja').courseBySerial(key.nativeId);
    case 'selfcommunity':
      return requireLoaders(loaders, 'selfcommunity').course.load(key.nativeId);
  }
}

/**
 * The course's kind: known from where it was found, or looked up (batched) when it was not. A
 * plain value when known, for the reason given at courseName.
 */
export function courseKind(loaders: Loaders, course: Course): CourseKind | null | Promise<CourseKind | null> {
  if (course.kind !== null) return course.kind;
  return courseByKey(loaders, course.key).then((found) => found?.kind ?? null);
}

/**
 * The course's name, as a plain value when the enrollment carried it (most do) and through the
 * batched lookup when it did not. Not an async function on purpose: a resolver that returns a
 * promise makes graphql-js complete its object, and every object above it in the answer, through
 * Promise.all, which for a team page's thousand `course { name }` was a tenth of the server's
 * allocations and a good share of its microtasks.
 */
export function courseName(loaders: Loaders, course: Course): string | null | Promise<string | null> {
  if (course.name !== null) return course.name;
  return courseByKey(loaders, course.key).then((found) => found?.name ?? null);
}

/** A batch as listed under its course, with schedule; null when Ruangkerja does not know it. */
export async function batchBySerials(loaders: Loaders, courseSerial: string, batchSerial: string): Promise<Batch | null> {
  const batches = await requireLoaders(loaders, 'ruangkerja').batchesOfCourse.load(courseSerial);
  return batches?.find((batch) => batch.serial === batchSerial) ?? null;
}

/** A batch's roster as webinar enrollments, with course and batch names filled in from what is known. */
export async function batchRoster(loaders: Loaders, batch: Batch, course?: Course | null): Promise<WebinarEnrollment[]> {
  const entries = (await requireLoaders(loaders, 'ruangkerja').roster(batch.courseSerial, batch.serial)) ?? [];
  return entries.map((entry) => rosterLine(entry, batch, course));
}

/** The start of a batch's roster, as soon as the roster's first page is in, and the roster's total. */
export async function batchRosterStart(loaders: Loaders, batch: Batch): Promise<{ enrollments: WebinarEnrollment[]; total: number }> {
  const head = await requireLoaders(loaders, 'ruangkerja').rosterHead(batch.courseSerial, batch.serial);
  return head === null ? { enrollments: [], total: 0 } : { enrollments: head.entries.map((entry) => rosterLine(entry, batch)), total: head.total };
}

function rosterLine({ enrollment }: RuangkerjaRosterEntry, batch: Batch, course?: Course | null): WebinarEnrollment {
  return {
    ...enrollment,
    batch: { ...enrollment.batch, name: enrollment.batch.name ?? batch.name, schedule: enrollment.batch.schedule ?? batch.schedule },
    course: course ? { ...enrollment.course, name: enrollment.course.name ?? course.name } : enrollment.course,
  };
}

export class NotSupportedError extends GraphQLError {
  constructor(message: string, provider: string) {
    super(message, { extensions: { code: 'NOT_SUPPORTED', provider } });
  }
}

export interface CourseEnrollmentFilters {
  statuses?: readonly EnrollmentStatus[] | null;
  includeHistory?: boolean | null;
}

/**
 * A course's enrollments in the order of every enrollment list (compareEnrollments: within one
 * course, by id), not the provider's: SelfCommunity lists members by when they joined, and a
 * webinar course's rosters follow one another, so pages would move as people join.
 */
export async function courseEnrollments(loaders: Loaders, course: Course, filters: CourseEnrollmentFilters): Promise<Enrollment[]> {
  const all = await courseEnrollmentsUnfiltered(loaders, course, filters.includeHistory ?? false);
  const statuses = filters.statuses;
  const kept = statuses && statuses.length > 0 ? all.filter((e) => statuses.includes(e.status)) : all;
  return kept.sort(compareEnrollments);
}

async function courseEnrollmentsUnfiltered(loaders: Loaders, course: Course, includeHistory: boolean): Promise<Enrollment[]> {
  const { key } = course;
  switch (key.provider) {
    case 'absorb': {
      const enrollments = (await requireLoaders(loaders, 'absorb').courseEnrollments.load(key.nativeId)) ?? [];
      return enrollments
        .filter((e) => includeHistory || e.isActive)
        .map((e) => ({ ...e, course: { ...e.course, name: e.course.name ?? course.name, kind: e.course.kind ?? course.kind } }));
    }
    case 'selfcommunity': {
      const members = (await requireLoaders(loaders, 'selfcommunity').members.load(key.nativeId)) ?? [];
      return members.map((m) => ({ ...m, course: { ...m.course, name: m.course.name ?? course.name } }));
    }
    case 'ruangkerja': {
      const kind = await courseKind(loaders, course);
      if (kind !== 'WEBINAR') {
        throw new NotSupportedError('Ruangkerja offers no listing of an online course\'s learners; ask each user\'s enrollments instead', 'ruangkerja');
      }
      const batches = (await requireLoaders(loaders, 'ruangkerja').batchesOfCourse.load(key.nativeId)) ?? [];
      const rosters = await Promise.all(batches.map((batch) => batchRoster(loaders, batch, course)));
      return rosters.flat();
    }
  }
}
