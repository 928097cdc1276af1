import { describe, expect, it } from '@jest/globals';
import { attemptSchema, courseEnrollmentSchema, courseSchema, pagedSchema, sessionSchema, tokenSchema, userSchema } from '../../../src/providers/absorb/schemas.js';

const GUID = 'a1b2c3d4-0000-4000-8000-00000000000a';
const enrollment = { id: GUID, courseId: GUID, userId: GUID, status: 3, isActive: true };

describe('Absorb response schemas', () => {
  it('accept the smallest valid course enrollment and ignore fields they do not read', () => {
    expect(courseEnrollmentSchema.safeParse({ ...enrollment, somethingNew: { nested: true }, avatar: 'x' }).success).toBe(true);
  });

  it.each([
    ['a status above 12', { status: 13 }],
    ['a negative status', { status: -1 }],
    ['a fractional status', { status: 1.5 }],
    ['a status as text', { status: '3' }],
    ['an id that is not a guid', { id: 'not-a-guid' }],
    ['a missing userId', { userId: undefined }],
    ['a missing isActive', { isActive: undefined }],
    ['an unreadable date', { dateCompleted: 'yesterday' }],
    ['an unreadable TimeSpan', { timeSpent: '90 minutes' }],
    ['a fractional tick count', { timeSpentTicks: 1.5 }],
    ['a score as text', { score: '88' }],
  ])('reject %s', (_what, change) => {
    expect(courseEnrollmentSchema.safeParse({ ...enrollment, ...change }).success).toBe(false);
  });

  it('accept null and empty strings where a value may be absent', () => {
    const parsed = courseEnrollmentSchema.safeParse({ ...enrollment, dateCompleted: null, dateStarted: '', timeSpent: '', score: null, courseName: null });
    expect(parsed.success).toBe(true);
  });

  it('check attempts, users, courses and sessions the same way', () => {
    expect(attemptSchema.safeParse({ id: GUID, status: 5, timeSpentTicks: 10, score: null, startDate: null, completionDate: null }).success).toBe(true);
    expect(attemptSchema.safeParse({ id: GUID, status: 99 }).success).toBe(false);
    expect(userSchema.safeParse({ id: GUID, activeStatus: 'Active' }).success).toBe(false);
    expect(courseSchema.safeParse({ id: GUID, courseType: 'Webinar' }).success).toBe(false);
    expect(sessionSchema.safeParse({ id: GUID, name: 'no course link' }).success).toBe(false);
    expect(sessionSchema.safeParse({ id: GUID, instructorLedCourseId: GUID }).success).toBe(true);
  });

  it('read a login answer as a bare non-empty string', () => {
    expect(tokenSchema.safeParse('abc').success).toBe(true);
    expect(tokenSchema.safeParse({ token: 'abc' }).success).toBe(false);
    expect(tokenSchema.safeParse('').success).toBe(false);
  });

  it('reduce a paged envelope to its items, total and applied page size', () => {
    const page = pagedSchema('users', userSchema);
    expect(page.parse({ totalItems: 1234, returnedItems: 1, limit: 1000, offset: 0, users: [{ id: GUID }] })).toEqual({
      items: [{ id: GUID }],
      totalItems: 1234,
      pageSize: 1000,
    });
    expect(page.safeParse({ totalItems: 1, users: [{ id: 'x' }] }).success).toBe(false);
    expect(page.safeParse({ totalItems: 1, enrollments: [] }).success).toBe(false);
    expect(page.safeParse({ users: [] }).success).toBe(false);
  });
});
